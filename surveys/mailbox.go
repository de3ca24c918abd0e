package surveys

import (
	"context"
	"time"
)

// CapturedMail is an email kept instead of sent, in development and in the
// demo, so that it can be read in the web app.
type CapturedMail struct {
	ID        int64
	OrgID     int64
	MessageID string
	To        string
	Subject   string
	HTML      string
	Text      string
	Headers   map[string]string
	Files     []MailFile
	CreatedAt time.Time
}

// MailFile is a file attached to a captured email.
type MailFile struct {
	Name        string
	ContentType string
	Size        int
	Data        []byte // read only with one message
}

// MailFilter selects captured mail.
type MailFilter struct {
	OrgID int64
	Query string // part of the recipient or the subject, any case
	Page  Page
}

// MailStore keeps captured mail.
type MailStore interface {
	// CaptureMail stores an email and its files.
	CaptureMail(ctx context.Context, m *CapturedMail) error
	// FindCapturedMail returns the matching mail, newest first, with its
	// files' names and sizes, and the total.
	FindCapturedMail(ctx context.Context, f MailFilter) ([]*CapturedMail, int, error)
	// FindCapturedMailByID returns one message with its files. ENOTFOUND.
	FindCapturedMailByID(ctx context.Context, orgID, id int64) (*CapturedMail, error)
}

// FindCapturedMail lists the mail captured instead of sent, newest first.
// Needs ScopeManage: it holds buyers' addresses and survey links.
func (d *Delivery) FindCapturedMail(ctx context.Context, f MailFilter) ([]*CapturedMail, int, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, 0, err
	}
	f.OrgID, f.Page = a.OrgID, f.Page.Normalize()
	return d.store.FindCapturedMail(ctx, f)
}

// CapturedMessage returns one captured message with its files. Needs
// ScopeManage. ENOTFOUND.
func (d *Delivery) CapturedMessage(ctx context.Context, id int64) (*CapturedMail, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return d.store.FindCapturedMailByID(ctx, a.OrgID, id)
}
