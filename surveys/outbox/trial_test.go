package outbox_test

import (
	"context"
	"strings"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// A test survey email reaches the admin who asked for it through the SMTP
// server, as the survey email for Will, and records no invitation.
func TestTrialEmail(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, storetest.MustOpen(t, driver), nil)
			ada := &surveys.User{Email: "ada@acme.test", Name: "Ada", Role: surveys.RoleAdmin}
			if _, err := e.svc.Directory.CreateUser(e.ctx, ada); err != nil {
				t.Fatal(err)
			}
			admin := surveys.NewContextWithActor(context.Background(), &surveys.Actor{OrgID: e.org.ID, UserID: ada.ID,
				Role: surveys.RoleAdmin, Name: ada.Email})
			if err := e.svc.Editor.SendTestSurvey(admin, "en"); err != nil {
				t.Fatal(err)
			}
			s := mailtest.MustStart(t, mailtest.Options{})
			drain(t, newOutbox(t, e.svc, s.Addr(), outboxOptions))
			msgs := s.Snapshot().Messages
			if got := recipients(msgs); len(got) != 1 || got["ada@acme.test"] != 1 {
				t.Fatalf("recipients %v, want the admin once", got)
			}
			data := string(msgs[0].Data)
			for _, want := range []string{"Subject: [Test] Acme asks: how was your conversation with Will?", baseURL + "/app/admin/survey/preview/en/page"} {
				if !strings.Contains(data, want) {
					t.Errorf("the test email lacks %q:\n%s", want, data)
				}
			}
			if _, n, err := e.svc.Delivery.FindInvitations(e.ctx, surveys.InvitationFilter{}); err != nil || n != 0 {
				t.Errorf("invitations after a test email: %d, %v; want none", n, err)
			}
		})
	}
}
