package mail_test

import (
	"strings"
	"testing"

	"trustcard/surveys/mail"
)

// The company's name opens the subject and the email; its logo, from the
// server's address, heads the HTML part; buttons and links take its
// accent; a name with markup is text.
func TestInvitationBrand(t *testing.T) {
	o := newOutgoing(t, "en")
	o.Org.Name = `Acme <b>& Co</b>`
	o.Org.Settings.Accent = "#1d4ed8"
	o.Org.LogoRef = "0123456789abcdef0123456789abcdef"
	m, err := mail.Invitation(o, "https://t.example")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Acme <b>& Co</b> asks: how was your conversation with Ann?"; m.Subject != want {
		t.Errorf("subject = %q, want %q", m.Subject, want)
	}
	if first, _, _ := strings.Cut(m.Text, "\n"); first != "Acme <b>& Co</b> asks: how was your conversation with Ann?" {
		t.Errorf("the text part's first line = %q", first)
	}
	assertContains(t, "html", m.HTML, `<img src="https://t.example/logo/0123456789abcdef0123456789abcdef.png" alt="Acme &lt;b&gt;&amp; Co&lt;/b&gt;"`,
		"Acme &lt;b&gt;&amp; Co&lt;/b&gt; asks: how was your conversation with Ann?", "background-color:#1d4ed8", "color:#1d4ed8")
	assertLacks(t, "html", m.HTML, "<b>", "#0f766e")
}
