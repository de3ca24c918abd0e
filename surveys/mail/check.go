package mail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"trustcard/surveys"
)

// checkData is what templates/check.* use.
type checkData struct {
	layoutData
	Body string
}

// Check renders the email an admin sends to check that the org's survey
// email leaves: from the org's sender, with its logo and footer, to
// the admin's own address.
func Check(org *surveys.Org, to, baseURL string, at time.Time) (*Message, error) {
	base, host, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: check: %w", err)
	}
	sender := org.Settings.Sender
	d := checkData{layoutData: brandLayout(org, base)}
	d.Lang, d.Subject, d.Footer = "en", "Trustcard test email from "+d.Company, footerLines(sender.Footer)
	d.Body = "This email checks that " + d.Company + "'s survey emails leave through the mail server Trustcard is configured with, from " +
		sender.Email + ". Nothing else was sent."
	html, text, err := emails["check"].render(d)
	if err != nil {
		return nil, fmt.Errorf("mail: check: render: %w", err)
	}
	ref := fmt.Sprintf("check-%d", at.UnixNano())
	return &Message{OrgID: org.ID, MessageID: messageID(org.Secret, ref, host), From: headerSafe(sender.Email),
		FromName: headerSafe(sender.Name), ReplyTo: headerSafe(sender.ReplyTo), To: headerSafe(to),
		Subject: headerSafe(d.Subject), HTML: html, Text: text}, nil
}

// ErrCaptured says a check email was kept in the captured mail, because no
// SMTP server is configured.
var ErrCaptured = errors.New("no SMTP server is configured (TRUSTCARD_SMTP_URL), so mail is captured and shown under Mail instead of sent")

// SendCheck sends m through sender and returns the server's answer. With
// the capture store for a sender it keeps m there and returns ErrCaptured.
func SendCheck(ctx context.Context, sender Sender, m *Message) (string, error) {
	switch s := sender.(type) {
	case interface {
		SendReply(context.Context, *Message) (string, error)
	}:
		return s.SendReply(ctx, m)
	case *Capture:
		if err := s.Send(ctx, m); err != nil {
			return "", err
		}
		return "", ErrCaptured
	case nil:
		return "", errors.New("this process sends no mail")
	default:
		return "", s.Send(ctx, m)
	}
}
