package api_test

import (
	"fmt"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
)

// The integrity page is for admins: they save the rules, reinstate a
// response and exclude an interaction; leaders and reps are refused.
func TestIntegrityConsole(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	ada := mustRepID(t, env, "crm-1")
	admin := mustPerson(t, env, "admin@example.com", surveys.RoleAdmin, 0)
	leader := mustPerson(t, env, "lead@example.com", surveys.RoleLeader, 0)
	rep := mustPerson(t, env, "ada@example.com", surveys.RoleRep, ada)
	token := mustSentSurvey(t, env, key, "own", "crm-1", "pat@example.com") // the rep's own domain
	postSurvey(t, env, token, "ua-1", "", "understood", "2")
	id := storedResponse(t, env, token).ID
	as := func(p person) map[string]string { return map[string]string{"Cookie": p.Cookie} }
	form := func(p person, fields string) string { return "csrf=" + p.CSRF + fields }
	reinstate := fmt.Sprintf("/app/admin/integrity/responses/%d/reinstate", id)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "AdminSeesTheFlag", Method: "GET", Path: "/app/admin/integrity", Header: as(admin), WantStatus: 200,
			WantContains: []string{"Flags: own_domain", "excluded as own_domain", fmt.Sprintf("Reinstate response %d", id)}},
		{Name: "OrgBoardSaysWhy", Method: "GET", Path: "/app/org", Header: as(admin), WantStatus: 200,
			WantContains: []string{"Excluded from this score by the org&#39;s integrity rules: 1 (the buyer&#39;s address is in the company&#39;s own domain 1)"}},
		{Name: "RepPageSaysWhy", Method: "GET", Path: fmt.Sprintf("/app/reps/%d", ada), Header: as(rep), WantStatus: 200,
			WantContains: []string{"integrity rules: 1"}},
		{Name: "LeaderRefused", Method: "GET", Path: "/app/admin/integrity", Header: as(leader), WantStatus: 403},
		{Name: "RepRefused", Method: "GET", Path: "/app/admin/integrity", Header: as(rep), WantStatus: 403},
		{Name: "SignedOutSentToSignIn", Method: "GET", Path: "/app/admin/integrity", WantStatus: 200,
			WantContains: []string{"Sign in to Trustcard"}, WantNotContains: []string{"Integrity of the score"}},
		{Name: "LeaderMayNotReinstate", Method: "POST", Path: reinstate, Header: as(leader), Body: form(leader, ""), ContentType: webForm, WantStatus: 403},
		{Name: "RepMayNotReinstate", Method: "POST", Path: reinstate, Header: as(rep), Body: form(rep, ""), ContentType: webForm, WantStatus: 403},
		{Name: "NoCSRFNoReinstate", Method: "POST", Path: reinstate, Header: as(admin), Body: "csrf=x", ContentType: webForm, WantStatus: 403},
		{Name: "LeaderMayNotSaveRules", Method: "POST", Path: "/app/admin/integrity", Header: as(leader),
			Body: form(leader, "&own_domains=x.com&exclusion_cap_percent=5"), ContentType: webForm, WantStatus: 403},
		{Name: "RepMayNotExclude", Method: "POST", Path: "/app/admin/integrity/exclusions", Header: as(rep),
			Body: form(rep, "&interaction_id=1&reason=x"), ContentType: webForm, WantStatus: 403},
		{Name: "BadDomainNamed", Method: "POST", Path: "/app/admin/integrity", Header: as(admin),
			Body: form(admin, "&own_domains=acme.com%0Anot_a_domain&exclusion_cap_percent=5"), ContentType: webForm, WantStatus: 422,
			WantContains: []string{"own_domains", "not_a_domain"}},
		{Name: "RulesSaved", Method: "POST", Path: "/app/admin/integrity", Header: as(admin),
			Body: form(admin, "&own_domains=acme.com&exclude_own_domain=1&exclusion_cap_percent=7"), ContentType: webForm, WantStatus: 200,
			WantContains: []string{"Saved."}}, // after the 303 back to the page
		{Name: "ExclusionNeedsAReason", Method: "POST", Path: "/app/admin/integrity/exclusions", Header: as(admin),
			Body: form(admin, "&interaction_id=1&reason=+"), ContentType: webForm, WantStatus: 422, WantContains: []string{"Not excluded", "reason"}},
		{Name: "AdminReinstates", Method: "POST", Path: reinstate, Header: as(admin), Body: form(admin, ""), ContentType: webForm, WantStatus: 200,
			WantContains: []string{"Reinstated: that response counts"}},
		{Name: "Reinstated", Method: "GET", Path: "/app/admin/integrity", Header: as(admin), WantStatus: 200,
			WantContains: []string{"reinstated by an admin", "acme.com", `value="7"`}, WantNotContains: []string{"Reinstate response"}},
		{Name: "Audited", Method: "GET", Path: "/api/v1/audit?kind=response", Key: key, WantStatus: 200, WantContains: []string{"admin@example.com", "response.reinstate"}},
	})
	if f := repFigures(t, env, key, ada); f.N != 1 || f.Excluded.Total != 0 {
		t.Errorf("after reinstating in the console: n %d, excluded %d; want 1 and 0", f.N, f.Excluded.Total)
	}
}
