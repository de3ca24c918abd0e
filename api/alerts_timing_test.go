package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/reports/reporttest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// The scores of a team and of a rep say how fast their alerts opened in
// the window were acknowledged and resolved, and the share resolved within
// the org's target of working days, counted across the weekend.
func TestAlertTimingInScores(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			clock := &testClock{now: time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC)} // a Friday
			env := apitest.MustStartWith(t, driver, apitest.Options{Clock: clock})
			ctx := apitest.AsAdmin(context.Background(), env.Org)
			w := &repWorld{env: env, tokens: map[string]string{}}
			sales := mustCreateTeam(t, ctx, env, "Sales", w.mustUser(t, ctx, "leader", surveys.RoleLeader, 0))
			other := mustCreateTeam(t, ctx, env, "Other", w.mustUser(t, ctx, "otherLeader", surveys.RoleLeader, 0))
			zoe := mustUpsertRep(t, ctx, env, "z", "Zoë", "Sales")
			mustUpsertRep(t, ctx, env, "d", "Dima", "Other")
			w.mustUser(t, ctx, "rep", surveys.RoleRep, zoe.ID)
			browsers := w.browsers(t)
			low := map[string]int{surveys.QUnderstood: 1}
			open := func(ext, rep string, at time.Time) int64 {
				clock.now = at
				w.mustAnswer(t, env.Services, at, ext, repAnswer{rep: rep, buyer: "Buyer " + ext, ratings: low})
				alerts, _, err := env.DB.FindAlerts(ctx, surveys.AlertFilter{OrgID: env.Org.ID, Page: surveys.Page{Limit: 1}})
				if err != nil || len(alerts) != 1 || !alerts[0].OpenedAt.Equal(at) {
					t.Fatalf("alert of %s: %v, %v", ext, alerts, err)
				}
				return alerts[0].ID
			}
			move := func(id int64, to surveys.AlertStatus, at time.Time) {
				clock.now = at
				tr := surveys.AlertTransition{To: to}
				if to == surveys.AlertResolved {
					tr.Note, tr.Outcome = "Called back", surveys.OutcomeResolved
				}
				if _, err := env.Services.Alerts.Transition(ctx, id, tr); err != nil {
					t.Fatal(err)
				}
			}
			fri := time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC)
			a := open("a", "z", fri)
			open("e", "d", fri.Add(30*time.Minute)) // another team's
			b := open("b", "z", fri.Add(time.Hour))
			move(a, surveys.AlertAcknowledged, fri.Add(2*time.Hour))
			move(b, surveys.AlertAcknowledged, fri.Add(5*time.Hour))
			move(a, surveys.AlertResolved, fri.Add(95*time.Hour))  // Tuesday 14:00: within 2 working days
			move(b, surveys.AlertResolved, fri.Add(115*time.Hour)) // Wednesday 11:00: a day late
			mon := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
			open("c", "z", mon)                   // unresolved, past its target by Wednesday noon
			open("d", "z", mon.Add(48*time.Hour)) // unresolved, within its target
			clock.now = mon.Add(50 * time.Hour)

			read := env.MustKey(t, surveys.ScopeRead)
			window := "?from=2026-03-01&to=2026-03-18"
			measured := []string{`"alerts":{"opened":4,"acknowledged":2,"resolved":2,"median_hours_to_acknowledge":3,` +
				`"median_hours_to_resolve":104.5,"share_within_target":0.3333333333333333}`}
			empty := []string{`"alerts":{"opened":0,"acknowledged":0,"resolved":0,"median_hours_to_acknowledge":null,` +
				`"median_hours_to_resolve":null,"share_within_target":null}`}
			team, rep := fmt.Sprintf("/api/v1/scores/teams/%d", sales.ID), fmt.Sprintf("/api/v1/scores/reps/%d", zoe.ID)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "Team", Method: "GET", Path: team + window, Key: read, WantStatus: 200, WantContains: measured},
				{Name: "Rep", Method: "GET", Path: rep + window, Key: read, WantStatus: 200, WantContains: measured},
				{Name: "EmptyWindow", Method: "GET", Path: team + "?from=2026-01-01&to=2026-01-31", Key: read, WantStatus: 200, WantContains: empty},
				{Name: "OtherTeam", Method: "GET", Path: fmt.Sprintf("/api/v1/scores/teams/%d", other.ID) + window, Key: read, WantStatus: 200,
					WantContains: []string{`"opened":1,"acknowledged":0,"resolved":0`, `"share_within_target":0}`}},
				{Name: "LaterWindowOnly", Method: "GET", Path: team + "?from=2026-03-16&to=2026-03-18", Key: read, WantStatus: 200,
					WantContains: []string{`"opened":2,"acknowledged":0,"resolved":0`, `"share_within_target":0}`}},
				{Name: "OtherOrgCannotRead", Method: "GET", Path: team + window, Key: env.MustOtherOrgKey(t), WantStatus: 404, WantHeader: problem},
				{Name: "TargetValidated", Method: "PATCH", Path: "/api/v1/settings", Key: env.MustKey(t, surveys.ScopeManage),
					Body: `{"alerts":{"target_working_days":0}}`, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"alerts.target_working_days", "between 1 and 30"}},
				{Name: "LongerTarget", Method: "PATCH", Path: "/api/v1/settings", Key: env.MustKey(t, surveys.ScopeManage),
					Body: `{"alerts":{"target_working_days":3}}`, WantStatus: 200, WantContains: []string{`"target_working_days":3`}},
				{Name: "AllWithinLongerTarget", Method: "GET", Path: team + "?from=2026-03-01&to=2026-03-07", Key: read, WantStatus: 200,
					WantContains: []string{`"opened":2,`, `"share_within_target":1}`}},
			})
			// The target is 3 working days by now: every alert measured met it.
			board := env.URL + fmt.Sprintf("/app/teams/%d", sales.ID)
			_, _, body := fetch(t, browsers["leader"], board+window)
			for _, want := range []string{"Alerts resolved on target</dt><dd class=\"figure-value\">100%<", "4 alerts opened · median 3.0 h to acknowledge · median 104.5 h to resolve"} {
				if !strings.Contains(body, want) {
					t.Errorf("the team board lacks %q", want)
				}
			}
			_, _, body = fetch(t, browsers["leader"], board+"?from=2026-01-01&to=2026-01-31")
			if !strings.Contains(body, "No alerts opened in this period") {
				t.Errorf("the team board of an empty period lacks that no alerts opened")
			}
			mustShowAlertTiming(t, env, browsers, sales.ID, zoe.ID, read, window)
		})
	}
}

// mustShowAlertTiming checks that the rep's page, as the leader and as the
// rep read it, and the team's PDF report show the same timing as the
// scores of window, by then measured against a target of 3 working days
// (the alert opened Monday is not yet due).
func mustShowAlertTiming(t *testing.T, env *apitest.Env, browsers map[string]*http.Client, team, rep int64, key, window string) {
	t.Helper()
	detail := "4 alerts opened · median 3.0 h to acknowledge · median 104.5 h to resolve · 2 of 2 within the target of 3 working days"
	page := env.URL + fmt.Sprintf("/app/reps/%d", rep) + window
	for _, who := range []string{"leader", "rep"} {
		_, _, body := fetch(t, browsers[who], page)
		for _, want := range []string{"Alerts resolved on target</dt><dd class=\"figure-value\">100%<", detail} {
			if !strings.Contains(body, want) {
				t.Errorf("the rep's page, as %s, lacks %q", who, want)
			}
		}
	}
	pdf := env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/teams/%d.pdf", team)+window, key, "", 200, nil)
	text := reporttest.MustText(t, pdf.Body)
	for _, want := range []string{"100% Alerts on target 2 of 2 within 3 working days",
		"3.0 h / 104.5 h Median to ack / resolve 4 opened, 2 acknowledged, 2 resolved"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the team report lacks %q:\n%s", want, text)
		}
	}
}
