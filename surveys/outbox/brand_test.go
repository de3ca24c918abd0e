package outbox_test

import (
	"mime"
	"strings"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// The survey email that reaches the SMTP server names the company in its
// subject and first line, in the buyer's language, and its sender is the
// org's.
func TestCompanyInTheSurveyEmail(t *testing.T) {
	e := newEnv(t, storetest.MustOpen(t, "sqlite"), nil)
	if _, err := e.svc.Directory.PatchOrg(e.ctx, func(o *surveys.Org) {
		o.Name = "Globex Ärzte"
		o.Settings.Sender.Name, o.Settings.Sender.Email = "Globex Sales", "surveys@globex.test"
	}); err != nil {
		t.Fatal(err)
	}
	sk := mailtest.MustStart(t, mailtest.Options{})
	ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
	e.post(t, "ix-brand", "buyer@example.org")
	if got := drain(t, ob); got != 1 {
		t.Fatalf("claimed %d jobs, want 1", got)
	}
	msgs := sk.Snapshot().Messages
	if len(msgs) != 1 {
		t.Fatalf("the sink has %d messages, want 1", len(msgs))
	}
	p := mailtest.MustParse(t, msgs[0].Data)
	const want = "Globex Ärzte asks: how was your conversation with Ann?"
	if got, err := new(mime.WordDecoder).DecodeHeader(p.Header.Get("Subject")); err != nil || got != want {
		t.Errorf("Subject = %q (%v), want %q", got, err, want)
	}
	if first, _, _ := strings.Cut(strings.TrimSpace(p.Text), "\n"); strings.TrimSpace(first) != want {
		t.Errorf("the text part's first line = %q, want %q", first, want)
	}
	if got := p.Header.Get("From"); !strings.Contains(got, "Globex Sales") || !strings.Contains(got, "<surveys@globex.test>") {
		t.Errorf("From = %q", got)
	}
}
