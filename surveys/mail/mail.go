// Package mail turns survey invitations into email messages and hands
// them to a Sender: an SMTP server, or the capture store in development.
// It knows the product's types but not the database or HTTP.
package mail

import (
	"context"
	"errors"
	"time"

	"trustcard/surveys"
)

// Message is one email, built by pure code from embedded templates.
type Message struct {
	OrgID     int64
	MessageID string // stable per invitation, so a resend is recognisable
	From      string
	FromName  string
	ReplyTo   string
	To        string
	Subject   string
	HTML      string
	Text      string
	Headers   map[string]string // List-Unsubscribe and friends
	Files     []Attachment      // such as PDF reports
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Sender delivers messages. An error wrapping ErrPermanent means the
// address was refused for good (SMTP 5xx); any other error is temporary.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// ErrPermanent marks a delivery that must not be retried: the server
// refused the recipient or the message for good (SMTP 5xx, RFC 5321).
var ErrPermanent = errors.New("mail: permanent failure")

// IsPermanent reports whether err means the message must not be retried.
func IsPermanent(err error) bool { return errors.Is(err, ErrPermanent) }

// Capture keeps messages in the database instead of sending them.
type Capture struct {
	Store surveys.MailStore
	Clock surveys.Clock
}

// Send stores m with its files.
func (c *Capture) Send(ctx context.Context, m *Message) error {
	files := make([]surveys.MailFile, len(m.Files))
	for i, f := range m.Files {
		files[i] = surveys.MailFile{Name: f.Name, ContentType: f.ContentType, Size: len(f.Data), Data: f.Data}
	}
	return c.Store.CaptureMail(ctx, &surveys.CapturedMail{OrgID: m.OrgID, MessageID: m.MessageID, To: m.To,
		Subject: m.Subject, HTML: m.HTML, Text: m.Text, Headers: m.Headers, Files: files, CreatedAt: c.now()})
}

func (c *Capture) now() time.Time {
	if c.Clock == nil {
		return time.Now().UTC()
	}
	return c.Clock.Now()
}
