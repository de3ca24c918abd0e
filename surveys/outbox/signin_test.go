package outbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// Sign-in links asked for by address reach the mail server once, for a
// known user only; an address refused for good is not tried again.
func TestSignInLinks(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, storetest.MustOpen(t, driver), nil)
			if _, err := e.svc.Directory.CreateUser(e.ctx, &surveys.User{Email: "ada@acme.test", Name: "Ada", Role: surveys.RoleAdmin}); err != nil {
				t.Fatal(err)
			}
			sk := mailtest.MustStart(t, mailtest.Options{})
			ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
			for _, email := range []string{"ada@acme.test", "nobody@acme.test"} {
				if _, err := e.svc.Access.RequestSignInLink(context.Background(), email, ""); err != nil {
					t.Fatal(err)
				}
			}
			if got := drain(t, ob); got != 2 {
				t.Errorf("claimed %d jobs, want 2 (one per request)", got)
			}
			msgs := sk.Snapshot().Messages
			if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "ada@acme.test" {
				t.Fatalf("messages = %+v, want one to ada@acme.test", msgs)
			}
			m := mailtest.MustParse(t, msgs[0].Data)
			_, token, ok := strings.Cut(m.Text, baseURL+"/signin/")
			token, _, _ = strings.Cut(token, "\n")
			if !ok || m.Subject != "Sign in to Trustcard at Acme" {
				t.Fatalf("subject %q, text:\n%s", m.Subject, m.Text)
			}
			if _, _, err := e.svc.Access.SignIn(context.Background(), strings.TrimSpace(token), "test"); err != nil {
				t.Errorf("the mailed link does not sign in: %v", err)
			}

			sk.SetReply(mailtest.Refuse("RCPT", mailtest.ErrNoSuchUser))
			if _, err := e.svc.Access.RequestSignInLink(context.Background(), "ada@acme.test", ""); err != nil {
				t.Fatal(err)
			}
			drain(t, ob)
			e.clock.Advance(2 * time.Hour)
			if got := drain(t, ob); got != 0 {
				t.Errorf("a refused sign-in email was claimed again (%d jobs)", got)
			}
		})
	}
}
