package mail_test

import (
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// newSignInMail returns a sign-in email ready to render.
func newSignInMail() *surveys.SignInMail {
	settings := surveys.DefaultSettings()
	settings.TimeZone = "Europe/Berlin"
	settings.Sender = surveys.Sender{Name: "Acme Surveys", Email: "surveys@acme.test", Footer: "Acme Inc.\n1 Main Street"}
	return &surveys.SignInMail{
		Org:       &surveys.Org{ID: 7, Name: "Acme <GmbH>", Settings: settings, Secret: "org-secret"},
		User:      &surveys.User{ID: 3, OrgID: 7, Email: "ann@acme.test", Name: "Ann <b>Smith</b>"},
		Token:     "tcs_TOKEN-abc",
		ExpiresAt: time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC),
		Ref:       "signin-42",
	}
}

// The sign-in email names the company, carries the link and when it
// expires in the org's time zone, and tells whoever did not ask to
// ignore it; it has no unsubscribe link, and names are text, not markup.
func TestSignInEmail(t *testing.T) {
	m, err := mail.SignIn(newSignInMail(), testBaseURL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Subject, "Sign in to Trustcard at Acme <GmbH>"; got != want {
		t.Errorf("subject = %q, want %q", got, want)
	}
	if m.To != "ann@acme.test" || m.From != "surveys@acme.test" || m.OrgID != 7 {
		t.Errorf("to %q from %q org %d", m.To, m.From, m.OrgID)
	}
	link := testBaseURL + "/signin/tcs_TOKEN-abc"
	expiry := "11:00 CET on Tuesday 10 March 2026"
	ignore := "If you did not ask to sign in, ignore this email"
	assertContains(t, "text", m.Text, "Hello Ann <b>Smith</b>,", "Trustcard at Acme <GmbH>", link, expiry, ignore, "Acme Inc.\n1 Main Street")
	assertContains(t, "HTML", m.HTML, "Hello Ann &lt;b&gt;Smith&lt;/b&gt;,", "Acme &lt;GmbH&gt;", `href="`+link+`"`, expiry, ignore)
	assertLacks(t, "HTML", m.HTML, "<b>Smith", "<GmbH>", "Unsubscribe", "/u/")
	assertLacks(t, "text", m.Text, "Unsubscribe", "/u/")
	if len(m.Headers) != 0 {
		t.Errorf("headers = %v, want none (no List-Unsubscribe on a sign-in email)", m.Headers)
	}
	again, _ := mail.SignIn(newSignInMail(), testBaseURL)
	if !strings.HasPrefix(m.MessageID, "<signin-42-") || !strings.HasSuffix(m.MessageID, "@trust.example.com>") || again.MessageID != m.MessageID {
		t.Errorf("Message-ID %q (again %q), want a stable <signin-42-…@trust.example.com>", m.MessageID, again.MessageID)
	}
}

// A company or user name with a line break cannot add a header.
func TestSignInEmailHeaderSafe(t *testing.T) {
	s := newSignInMail()
	s.Org.Name = "Acme\r\nBcc: victim@example.org"
	m, err := mail.SignIn(s, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("subject %q has a line break", m.Subject)
	}
}

func TestSignInEmailRefusesIncomplete(t *testing.T) {
	for name, change := range map[string]func(*surveys.SignInMail){
		"NoToken":       func(m *surveys.SignInMail) { m.Token = "" },
		"NoUserEmail":   func(m *surveys.SignInMail) { m.User.Email = "" },
		"NoSenderEmail": func(m *surveys.SignInMail) { m.Org.Settings.Sender.Email = "" },
	} {
		t.Run(name, func(t *testing.T) {
			m := newSignInMail()
			change(m)
			if _, err := mail.SignIn(m, testBaseURL); err == nil {
				t.Error("rendered an incomplete sign-in email")
			}
		})
	}
	if _, err := mail.SignIn(newSignInMail(), "ftp://x"); err == nil {
		t.Error("rendered with a base URL that is not http(s)")
	}
}
