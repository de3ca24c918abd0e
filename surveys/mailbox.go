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
	CreatedAt time.Time
}

// MailStore keeps captured mail.
type MailStore interface {
	// CaptureMail stores an email.
	CaptureMail(ctx context.Context, m *CapturedMail) error
	// FindCapturedMail returns an org's captured mail, newest first, and the total.
	FindCapturedMail(ctx context.Context, orgID int64, p Page) ([]*CapturedMail, int, error)
}
