package mail

import (
	"errors"
	"fmt"

	"trustcard/surveys"
)

// WebhooksPath is the console page of the org's webhooks.
const WebhooksPath = "/app/admin/webhooks"

// WebhookDisabled renders the email that tells an admin a webhook
// endpoint was disabled after a day of failures. It has the alert email's
// shape: what happened, why (the last error), and a button to the page.
func WebhookDisabled(m *surveys.WebhookDisabledMail, baseURL string) (*Message, error) {
	if m == nil || m.Org == nil || m.Admin == nil || m.Endpoint == nil {
		return nil, errors.New("mail: webhook disabled: incomplete email")
	}
	sender := m.Org.Settings.Sender
	if m.Admin.Email == "" || sender.Email == "" {
		return nil, fmt.Errorf("mail: webhook disabled %s: admin email and sender email are required", m.Ref)
	}
	base, host, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: webhook disabled %s: %w", m.Ref, err)
	}
	last := m.LastError
	if last == "" {
		last = "no answer"
	}
	d := alertData{
		layoutData: layoutData{Lang: "en", Subject: "Webhook disabled: " + headerSafe(m.Endpoint.URL),
			Preheader: "It failed for a day; enable it again once the receiver works", Footer: footerLines(sender.Footer)},
		Greeting: "Hello,",
		Intro: "The webhook endpoint " + headerSafe(m.Endpoint.URL) + " failed for a day without a single success, so " +
			"Trustcard disabled it and cancelled the events it had pending. Enable it again once the receiver works.",
		Why:      "The last attempt:",
		Reasons:  []string{last},
		Button:   "Open the webhooks",
		OrOpen:   "Or open this link:",
		AlertURL: base + WebhooksPath,
		WhyYou:   "You get this email because you are an admin of " + headerSafe(m.Org.Name) + "'s Trustcard.",
	}
	if m.Admin.Name != "" {
		d.Greeting = "Hello " + headerSafe(m.Admin.Name) + ","
	}
	html, text, err := emails["alert"].render(d)
	if err != nil {
		return nil, fmt.Errorf("mail: webhook disabled %s: render: %w", m.Ref, err)
	}
	return &Message{OrgID: m.Org.ID, MessageID: messageID(m.Org.Secret, m.Ref, host), From: headerSafe(sender.Email),
		FromName: headerSafe(sender.Name), ReplyTo: headerSafe(sender.ReplyTo), To: headerSafe(m.Admin.Email),
		Subject: headerSafe(d.Subject), HTML: html, Text: text}, nil
}
