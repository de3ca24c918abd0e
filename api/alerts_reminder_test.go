package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// An alert still not resolved when the org's target runs out reminds its
// leader once, through the queue and a real SMTP server, however many
// workers run and however often they restart; an alert resolved in time
// reminds nobody.
func TestAlertReminder(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			fri := time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC) // a Friday: the target of 2 working days ends on Tuesday
			clock := &testClock{now: fri}
			env := apitest.MustStartWith(t, driver, apitest.Options{Clock: clock})
			ctx := apitest.AsAdmin(context.Background(), env.Org)
			w := &repWorld{env: env, tokens: map[string]string{}}
			mustCreateTeam(t, ctx, env, "Sales", w.mustUser(t, ctx, "leader", surveys.RoleLeader, 0))
			mustCreateTeam(t, ctx, env, "Other", w.mustUser(t, ctx, "other", surveys.RoleLeader, 0))
			mustUpsertRep(t, ctx, env, "z", "Zoë", "Sales")
			low := map[string]int{surveys.QUnderstood: 1}
			w.mustAnswer(t, env.Services, fri, "late", repAnswer{rep: "z", buyer: "Late", ratings: low})
			w.mustAnswer(t, env.Services, fri, "prompt", repAnswer{rep: "z", buyer: "Prompt", ratings: low})
			alerts, _, err := env.DB.FindAlerts(ctx, surveys.AlertFilter{OrgID: env.Org.ID, Page: surveys.Page{Limit: -1}})
			if err != nil || len(alerts) != 2 {
				t.Fatalf("alerts: %v, %v", alerts, err)
			}
			late, prompt := alerts[1].ID, alerts[0].ID // newest first: the same time, higher id first
			ws := mustStartWorkers(t, env, 3)
			ws.mustRun(t)
			if got := len(ws.to(t, "leader@acme.test")); got != 2 {
				t.Fatalf("%d emails to the leader on opening, want 2", got)
			}
			clock.Advance(72 * time.Hour) // Monday: the prompt alert is resolved in time
			for _, to := range []surveys.AlertTransition{{To: surveys.AlertAcknowledged},
				{To: surveys.AlertResolved, Note: "Called", Outcome: surveys.OutcomeResolved}} {
				if _, err := env.Services.Alerts.Transition(ctx, prompt, to); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := env.Services.Alerts.Transition(ctx, late, surveys.AlertTransition{To: surveys.AlertAcknowledged}); err != nil {
				t.Fatal(err)
			}
			clock.Advance(24*time.Hour - time.Minute) // Tuesday 14:59: not yet past the target
			ws.mustRun(t)
			if got := len(ws.to(t, "leader@acme.test")); got != 2 {
				t.Fatalf("%d emails to the leader before the target ran out, want 2", got)
			}
			clock.Advance(2 * time.Minute)
			ws.mustRun(t)
			ws.add(t) // a restarted worker, a week later
			clock.Advance(7 * 24 * time.Hour)
			ws.mustRun(t)
			got := ws.to(t, "leader@acme.test")
			if len(got) != 3 {
				t.Fatalf("%d emails to the leader, want 2 alerts and 1 reminder", len(got))
			}
			r := got[2]
			link := fmt.Sprintf("%s/app/alerts/%d", env.URL, late)
			for _, want := range []string{link, "is still acknowledged", "ran out Tue 10 Mar 2026, 15:00 UTC", "This is the only reminder."} {
				if !strings.Contains(r.Text, want) || !strings.Contains(r.HTML, want) {
					t.Errorf("the reminder lacks %q:\n%s", want, r.Text)
				}
			}
			if r.Subject != "Reminder: the alert on Zoë is past its target" {
				t.Errorf("reminder subject %q", r.Subject)
			}
			if n := len(ws.to(t, "other@acme.test")); n != 0 {
				t.Errorf("another team's leader got %d emails", n)
			}
		})
	}
}
