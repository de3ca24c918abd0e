package mail_test

import (
	"strings"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

func alertMail() *surveys.AlertMail {
	org := &surveys.Org{ID: 1, Name: "Acme", Secret: "s", Settings: surveys.DefaultSettings()}
	return &surveys.AlertMail{Org: org, Leader: &surveys.User{Email: "lee@acme.test", Name: "Lee"},
		Alert:   &surveys.Alert{ID: 42, Reasons: []string{"understood at 1", `comment mentions "<b>"`}},
		Reasons: []string{"Rated 1 of 5: “Ada understood what I actually needed.”", "Comment mentions “<b>”"},
		RepName: "Ada\r\nBcc: evil@x.test <i>", TeamName: "Sales & Co", Ref: "alert-7"}
}

// The alert email links into the inbox, says why, and keeps names inert:
// escaped in HTML, on one line in headers.
func TestAlertEmail(t *testing.T) {
	m, err := mail.Alert(alertMail(), "https://trust.acme.test/")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") || !strings.HasPrefix(m.Subject, "Alert: a buyer of Ada") {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{`href="https://trust.acme.test/app/alerts/42"`, "Rated 1 of 5: “Ada understood what I actually needed.”", "&lt;i&gt;", "Sales &amp; Co", "Comment mentions “&lt;b&gt;”"} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
	if strings.Contains(m.HTML, "<i>") || strings.Contains(m.HTML, "<b>") {
		t.Errorf("HTML carries markup from names or reasons:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "Open the alert: https://trust.acme.test/app/alerts/42") || m.To != "lee@acme.test" {
		t.Errorf("text or recipient wrong: to %q\n%s", m.To, m.Text)
	}
	broken := alertMail()
	broken.Leader.Email = ""
	if _, err := mail.Alert(broken, "https://trust.acme.test"); err == nil {
		t.Error("an email without a recipient was built")
	}
	if _, err := mail.Alert(alertMail(), "ftp://x"); err == nil {
		t.Error("an email with a non-http base URL was built")
	}
}
