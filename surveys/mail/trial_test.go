package mail_test

import (
	"strings"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/mail"
)

// A test survey email is the real email for Will, whose links all open the
// preview of the survey page, never a survey or an unsubscribe.
func TestTrialInvitation(t *testing.T) {
	org := &surveys.Org{ID: 1, Secret: "s", Settings: surveys.DefaultSettings()}
	admin := &surveys.User{Email: "ada@acme.test", Name: "Ada"}
	qs := surveys.DefaultQuestions(catalog.Default.QuestionTexts())
	qs[0].Texts["de"] = "{rep} hat <zugehört> & verstanden."
	o := surveys.TrialEmail(org, admin, surveys.TrialPayload{Lang: "de", Questions: qs})
	m, err := mail.TrialInvitation(o, "https://trust.acme.test/", "7")
	if err != nil {
		t.Fatal(err)
	}
	preview := "https://trust.acme.test/app/admin/survey/preview/de/page"
	for part, body := range map[string]string{"html": m.HTML, "text": m.Text} {
		if strings.Contains(body, "/s/") || strings.Contains(body, "/u/") {
			t.Errorf("%s part links to a survey or an unsubscribe:\n%s", part, body)
		}
		if !strings.Contains(body, preview+"?understood=5") {
			t.Errorf("%s part lacks the preview's rating link:\n%s", part, body)
		}
	}
	if !strings.Contains(m.HTML, "Will hat &lt;zugehört&gt; &amp; verstanden.") {
		t.Errorf("the draft's question is not in the email, escaped:\n%s", m.HTML)
	}
	if !strings.HasPrefix(m.Subject, "[Test] ") || !strings.Contains(m.Subject, "Will") || m.To != "ada@acme.test" {
		t.Errorf("subject %q to %q", m.Subject, m.To)
	}
	if _, ok := m.Headers["List-Unsubscribe"]; ok {
		t.Errorf("a test email offers to unsubscribe: %v", m.Headers)
	}
	if m.MessageID != "<survey-test-7@trust.acme.test>" {
		t.Errorf("Message-ID %q", m.MessageID)
	}
}
