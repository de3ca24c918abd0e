package api_test

import (
	"fmt"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// Who may read and move alerts through the API, and the workflow's rules:
// a step out of order is 409 naming the states; resolving needs a note
// and an outcome; every step records who and when.
func TestAlertsAPI(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := mustAlertWorld(t, driver)
			env := w.env
			manage, read := env.MustKey(t, surveys.ScopeManage), env.MustKey(t, surveys.ScopeRead)
			write, other := env.MustKey(t, surveys.ScopeInteractions), env.MustOtherOrgKey(t)
			one := fmt.Sprintf("/api/v1/alerts/%d", w.alert.ID)
			moves := one + "/transitions"
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotList", Method: "GET", Path: "/api/v1/alerts", WantStatus: 401, WantHeader: problem, WantNotContains: []string{"understood"}},
				{Name: "NoKeyCannotGet", Method: "GET", Path: one, WantStatus: 401, WantHeader: problem},
				{Name: "NoKeyCannotMove", Method: "POST", Path: moves, Body: `{"to":"acknowledged"}`, WantStatus: 401, WantHeader: problem},
				{Name: "InteractionsKeyCannotList", Method: "GET", Path: "/api/v1/alerts", Key: write, WantStatus: 403, WantHeader: problem,
					WantContains: []string{`lacks the \"read\" scope`}},
				{Name: "InteractionsKeyCannotGet", Method: "GET", Path: one, Key: write, WantStatus: 403, WantHeader: problem},
				{Name: "ReadKeyLists", Method: "GET", Path: "/api/v1/alerts", Key: read, WantStatus: 200,
					WantContains: []string{`"total":1`, `"status":"open"`, `"reasons":["understood at 1","recommend at 3"]`,
						fmt.Sprintf(`"rep":%d`, w.zoe.ID), `"next":["acknowledged"]`, `"steps":[]`}},
				{Name: "ReadKeyFiltersByStatus", Method: "GET", Path: "/api/v1/alerts?status=resolved", Key: read, WantStatus: 200, WantContains: []string{`"total":0`}},
				{Name: "ReadKeyFiltersByTeam", Method: "GET", Path: fmt.Sprintf("/api/v1/alerts?team=%d", w.sales.ID), Key: read, WantStatus: 200, WantContains: []string{`"total":1`}},
				{Name: "ReadKeyFiltersByOtherTeam", Method: "GET", Path: fmt.Sprintf("/api/v1/alerts?team=%d", w.other.ID), Key: read, WantStatus: 200, WantContains: []string{`"total":0`}},
				{Name: "UnknownStatusRefused", Method: "GET", Path: "/api/v1/alerts?status=closed", Key: read, WantStatus: 422, WantHeader: problem, WantContains: []string{"status"}},
				{Name: "ReadKeyGets", Method: "GET", Path: one, Key: read, WantStatus: 200, WantContains: []string{fmt.Sprintf(`"id":%d`, w.alert.ID), `"note":""`}},
				{Name: "ReadKeyCannotMove", Method: "POST", Path: moves, Key: read, Body: `{"to":"acknowledged"}`, WantStatus: 403, WantHeader: problem,
					WantContains: []string{`lacks the \"manage\" scope`}},
				{Name: "OtherOrgCannotList", Method: "GET", Path: "/api/v1/alerts", Key: other, WantStatus: 200, WantContains: []string{`"total":0`}},
				{Name: "OtherOrgCannotGet", Method: "GET", Path: one, Key: other, WantStatus: 404, WantHeader: problem},
				{Name: "OtherOrgCannotMove", Method: "POST", Path: moves, Key: other, Body: `{"to":"acknowledged"}`, WantStatus: 404, WantHeader: problem},
				{Name: "UnknownAlert", Method: "GET", Path: "/api/v1/alerts/999999", Key: read, WantStatus: 404, WantHeader: problem},
				{Name: "SkippingAStepIsAConflict", Method: "POST", Path: moves, Key: manage, Body: `{"to":"contacted"}`, WantStatus: 409, WantHeader: problem,
					WantContains: []string{"is open: it can move to acknowledged, not to contacted", "body.to"}},
				{Name: "UnknownStatusInBody", Method: "POST", Path: moves, Key: manage, Body: `{"to":"closed"}`, WantStatus: 422, WantHeader: problem, WantContains: []string{"body.to"}},
				{Name: "OutcomeOnlyWhenResolving", Method: "POST", Path: moves, Key: manage, Body: `{"to":"acknowledged","outcome":"resolved"}`, WantStatus: 422,
					WantContains: []string{"only resolving takes an outcome"}},
				{Name: "ManageKeyAcknowledges", Method: "POST", Path: moves, Key: manage, Body: `{"to":"acknowledged","note":"Calling tomorrow"}`, WantStatus: 200,
					WantContains: []string{`"status":"acknowledged"`, `"by":"key:test manage"`, `"note":"Calling tomorrow"`, `"next":["contacted","resolved"]`}},
				{Name: "ResolvingNeedsAnOutcome", Method: "POST", Path: moves, Key: manage, Body: `{"to":"resolved","note":"done"}`, WantStatus: 422,
					WantContains: []string{"body.outcome", "resolved, not_reachable or no_action_needed"}},
				{Name: "ResolvingNeedsANote", Method: "POST", Path: moves, Key: manage, Body: `{"to":"resolved","outcome":"not_reachable"}`, WantStatus: 422,
					WantContains: []string{"body.note"}},
				{Name: "ManageKeyContacts", Method: "POST", Path: moves, Key: manage, Body: `{"to":"contacted"}`, WantStatus: 200, WantContains: []string{`"status":"contacted"`}},
				{Name: "ManageKeyResolves", Method: "POST", Path: moves, Key: manage, Body: `{"to":"resolved","note":"Apologised; new demo booked","outcome":"resolved"}`,
					WantStatus: 200, WantContains: []string{`"status":"resolved"`, `"outcome":"resolved"`, `"note":"Apologised; new demo booked"`, `"next":[]`}},
				{Name: "ResolvedIsFinal", Method: "POST", Path: moves, Key: manage, Body: `{"to":"acknowledged"}`, WantStatus: 409,
					WantContains: []string{"is resolved: it cannot move to acknowledged"}},
				{Name: "ListedResolved", Method: "GET", Path: "/api/v1/alerts?status=resolved", Key: read, WantStatus: 200, WantContains: []string{`"total":1`}},
			})
		})
	}
}

// The alert rules are org settings with the defaults, validated.
func TestAlertRulesSettings(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	manage := env.MustKey(t, surveys.ScopeManage)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "Defaults", Method: "GET", Path: "/api/v1/settings", Key: manage, WantStatus: 200,
			WantContains: []string{`"alerts":{"trust_at_most":2,"recommend_at_most":6,"keywords":[],"target_working_days":2}`}},
		{Name: "OutOfRange", Method: "PATCH", Path: "/api/v1/settings", Key: manage, Body: `{"alerts":{"recommend_at_most":10}}`,
			WantStatus: 422, WantHeader: problem, WantContains: []string{"alerts.recommend_at_most", "between -1 (off) and 9"}},
		{Name: "Keywords", Method: "PATCH", Path: "/api/v1/settings", Key: manage, Body: `{"alerts":{"keywords":[" cancel ","lawyer","cancel"]}}`,
			WantStatus: 200, WantContains: []string{`"keywords":["cancel","lawyer"]`, `"trust_at_most":2`}},
	})
}
