package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trustcard/surveys/store/storetest"
)

// accountCSRF reads a signed-in person's CSRF token off their account page.
func accountCSRF(t *testing.T, w *alertWorld, c *http.Client) string {
	t.Helper()
	_, body := visit(t, c, http.MethodGet, w.env.URL+"/app/account", nil)
	_, rest, ok := strings.Cut(body, `name="csrf" value="`)
	if !ok {
		return "none"
	}
	token, _, _ := strings.Cut(rest, `"`)
	return token
}

// Who may see and act on Zoë's alert in the web app, and the workflow
// through its forms: the team's leader and admins act; the rep sees it and
// its resolution, without forms, and may not act; another leader, another
// rep and another company find nothing; a signed-out visitor is sent to
// sign in; a GET changes nothing.
func TestAlertInboxAccess(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := mustAlertWorld(t, driver)
			b := w.browsers(t)
			csrf := map[string]string{}
			for who, c := range b {
				csrf[who] = accountCSRF(t, w, c)
			}
			one := fmt.Sprintf("/app/alerts/%d", w.alert.ID)
			moves := one + "/transitions"
			step := func(who string, fields ...string) url.Values {
				v := url.Values{"csrf": {csrf[who]}}
				for i := 0; i+1 < len(fields); i += 2 {
					v.Set(fields[i], fields[i+1])
				}
				return v
			}
			zoe := "Zoë Łukasiewicz"
			understood, recommend := "Rated 1 of 5: “Zoë understood what I actually needed.”", "Would recommend: 3 of 10"
			forms := `action="` + moves + `"`
			runPages(t, w.env, people(b), []pageCase{
				{name: "SignedOutList", who: "anonymous", method: "GET", path: "/app/alerts", want: 303},
				{name: "SignedOutOne", who: "anonymous", method: "GET", path: one, want: 303},
				{name: "SignedOutMove", who: "anonymous", method: "POST", path: moves, form: url.Values{"csrf": {"x"}, "to": {"acknowledged"}}, want: 303},
				{name: "StrangerList", who: "stranger", method: "GET", path: "/app/alerts", want: 200, contains: []string{"No alerts."}, lacks: []string{zoe}},
				{name: "StrangerOne", who: "stranger", method: "GET", path: one, want: 404, lacks: []string{zoe}},
				{name: "StrangerMove", who: "stranger", method: "POST", path: moves, form: step("stranger", "to", "acknowledged"), want: 404},
				{name: "OtherLeaderList", who: "otherLeader", method: "GET", path: "/app/alerts", want: 200, lacks: []string{zoe, understood}},
				{name: "OtherLeaderOne", who: "otherLeader", method: "GET", path: one, want: 404},
				{name: "OtherLeaderMove", who: "otherLeader", method: "POST", path: moves, form: step("otherLeader", "to", "acknowledged"), want: 404},
				{name: "OtherRepOne", who: "dima", method: "GET", path: one, want: 404},
				{name: "OtherRepMove", who: "dima", method: "POST", path: moves, form: step("dima", "to", "acknowledged"), want: 404},
				{name: "RepSeesWithoutForms", who: "zoe", method: "GET", path: one, want: 200,
					contains: []string{zoe, "Open", understood}, lacks: []string{forms, unsharedBuyer}},
				{name: "RepCannotAct", who: "zoe", method: "POST", path: moves, form: step("zoe", "to", "acknowledged"), want: 403},
				{name: "LeaderList", who: "leader", method: "GET", path: "/app/alerts", want: 200,
					contains: []string{zoe, understood, recommend, unsharedBuyer, "&lt;script&gt;alert(1)&lt;/script&gt;",
						forms, `name="csrf" value="` + csrf["leader"], "Acknowledge", "Alerts 1–1 of 1"},
					lacks: []string{"<script>alert(1)", "Mark as contacted", "understood at 1"}},
				{name: "LeaderFiltersStatus", who: "leader", method: "GET", path: "/app/alerts?status=resolved", want: 200,
					contains: []string{"No alert matches these filters."}, lacks: []string{zoe}},
				{name: "LeaderFiltersTeam", who: "leader", method: "GET", path: fmt.Sprintf("/app/alerts?team=%d", w.sales.ID), want: 200, contains: []string{zoe}},
				{name: "LeaderFiltersAge", who: "leader", method: "GET", path: "/app/alerts?age=7", want: 200, lacks: []string{zoe}},
				{name: "BadAge", who: "leader", method: "GET", path: "/app/alerts?age=3", want: 422, contains: []string{"age"}},
				{name: "BadStatus", who: "leader", method: "GET", path: "/app/alerts?status=closed", want: 422, contains: []string{"status"}},
				{name: "LeaderWithoutCSRF", who: "leader", method: "POST", path: moves, form: url.Values{"csrf": {"forged"}, "to": {"acknowledged"}}, want: 403},
				{name: "LeaderSkipsAStep", who: "leader", method: "POST", path: moves, form: step("leader", "to", "contacted"), want: 409,
					contains: []string{"is open: it can move to acknowledged, not to contacted", zoe}},
				{name: "StillOpenAfterGETs", who: "leader", method: "GET", path: one, want: 200, contains: []string{`class="alert-status open"`}},
				{name: "LeaderAcknowledges", who: "leader", method: "POST", path: moves, form: step("leader", "to", "acknowledged", "note", "Calling <b>today</b>"), want: 303},
				{name: "LeaderSeesTheStep", who: "leader", method: "GET", path: one, want: 200,
					contains: []string{"Acknowledged by leader@acme.test", "Calling &lt;b&gt;today&lt;/b&gt;", "Mark as contacted", "Resolve"}},
				{name: "ResolvingNeedsANote", who: "admin", method: "POST", path: moves, form: step("admin", "to", "resolved", "outcome", "resolved"), want: 422,
					contains: []string{"note: resolving needs a note"}},
				{name: "AdminResolves", who: "admin", method: "POST", path: moves,
					form: step("admin", "to", "resolved", "outcome", "no_action_needed", "note", "Spoke to Zoë; the buyer had the wrong contact"), want: 303},
				{name: "RepSeesTheResolution", who: "zoe", method: "GET", path: one, want: 200,
					contains: []string{"Resolved", "Spoke to Zoë; the buyer had the wrong contact", "No action needed"},
					lacks:    []string{"Calling", "leader@acme.test"}},
				{name: "RepFeedMarker", who: "zoe", method: "GET", path: fmt.Sprintf("/app/reps/%d", w.zoe.ID), want: 200,
					contains: []string{`class="feed-alert resolved"`, "Alert resolved (no action needed)", "Spoke to Zoë; the buyer had the wrong contact", understood, recommend},
					lacks:    []string{"understood at 1"}},
				{name: "ResolvedHasNoForms", who: "leader", method: "GET", path: one, want: 200, lacks: []string{forms}},
			})
		})
	}
}
