package api_test

import (
	"fmt"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// DELETE /users/{id} deactivates: the user's open browser is signed out at
// once and their links stop; POST /users/{id}/reactivate lets them back;
// PATCH /users/{id} changes their role. Manage keys of the org only.
func TestUsersDeactivateAPI(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage, read, other := env.MustKey(t, surveys.ScopeManage), env.MustKey(t, surveys.ScopeRead), env.MustOtherOrgKey(t)
			lee := mustPerson(t, env, "lee@acme.test", surveys.RoleLeader, 0)
			path := fmt.Sprintf("/api/v1/users/%d", lee.User.ID)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotDeactivate", Method: "DELETE", Path: path, WantStatus: 401, WantHeader: problem},
				{Name: "ReadKeyCannotDeactivate", Method: "DELETE", Path: path, Key: read, WantStatus: 403, WantHeader: problem},
				{Name: "OtherOrgCannotDeactivate", Method: "DELETE", Path: path, Key: other, WantStatus: 404, WantHeader: problem},
				{Name: "OtherOrgCannotReactivate", Method: "POST", Path: path + "/reactivate", Key: other, WantStatus: 404, WantHeader: problem},
				{Name: "OtherOrgCannotPatch", Method: "PATCH", Path: path, Key: other, Body: `{"role":"admin"}`, WantStatus: 404, WantHeader: problem},
				{Name: "ReadKeyCannotPatch", Method: "PATCH", Path: path, Key: read, Body: `{"role":"admin"}`, WantStatus: 403, WantHeader: problem},
				{Name: "SearchFindsLee", Method: "GET", Path: "/api/v1/users?q=LEE&role=leader&active=true", Key: manage, WantStatus: 200,
					WantContains: []string{`"total":1`, `"email":"lee@acme.test"`}},
				{Name: "StillSignedIn", Method: "GET", Path: "/app/account", Header: lee.header(), WantStatus: 200, WantContains: []string{"lee@acme.test"}},
				{Name: "RepWithoutRep", Method: "PATCH", Path: path, Key: manage, Body: `{"role":"rep"}`, WantStatus: 422, WantHeader: problem,
					WantContains: []string{`"location":"body.rep"`, "is required for a user with role rep"}},
				{Name: "RepOfUnknownRep", Method: "PATCH", Path: path, Key: manage, Body: `{"role":"rep","rep":9999}`, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"no rep 9999"}},
				{Name: "Deactivate", Method: "DELETE", Path: path, Key: manage, WantStatus: 200, WantContains: []string{`"active":false`}},
				{Name: "SignedOutAtOnce", Method: "GET", Path: "/app/account", Header: lee.header(), WantStatus: 200, // after the redirect
					WantContains: []string{"<h1>Sign in to Trustcard</h1>"}, WantNotContains: []string{"lee@acme.test"}},
				{Name: "NoLinkForTheDeactivated", Method: "POST", Path: path + "/sign-in-link", Key: manage, WantStatus: 409, WantHeader: problem,
					WantContains: []string{"reactivate them"}},
				{Name: "ListsDeactivated", Method: "GET", Path: "/api/v1/users?active=false", Key: manage, WantStatus: 200, WantContains: []string{`"total":1`, "lee@acme.test"}},
				{Name: "Reactivate", Method: "POST", Path: path + "/reactivate", Key: manage, WantStatus: 200, WantContains: []string{`"active":true`}},
				{Name: "MadeAdmin", Method: "PATCH", Path: path, Key: manage, Body: `{"role":"admin","name":"Lee Admin"}`, WantStatus: 200,
					WantContains: []string{`"role":"admin"`, `"name":"Lee Admin"`}},
				{Name: "LinkAgain", Method: "POST", Path: path + "/sign-in-link", Key: manage, WantStatus: 202},
				{Name: "AuditedWithBeforeAndAfter", Method: "GET", Path: "/api/v1/audit?kind=user&actor=KEY:", Key: manage, WantStatus: 200,
					WantContains: []string{`"action":"user.deactivate"`, `"before":{"email":"lee@acme.test","name":"Person lee@acme.test","role":"leader","rep":"","active":true}`,
						`"after":{"email":"lee@acme.test","name":"Lee Admin","role":"admin","rep":"","active":true}`}},
				{Name: "AuditBadDay", Method: "GET", Path: "/api/v1/audit?from=yesterday", Key: manage, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"must be a date"}},
			})
		})
	}
}

// GET /reps?q= finds part of a name, email or external id, any case, with
// the term's own % and _ taken literally; keys of another org find nothing.
func TestRepsSearchAPI(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	read, other := env.MustKey(t, surveys.ScopeRead), env.MustOtherOrgKey(t)
	manage := env.MustKey(t, surveys.ScopeManage)
	mustRep(t, env, manage, "crm_100%", "Bo Dean", "bo@acme.test", 201)
	mustRep(t, env, manage, "crm-200", "Ann Lee", "ann@acme.test", 201)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "ByName", Method: "GET", Path: "/api/v1/reps?q=DEAN", Key: read, WantStatus: 200, WantContains: []string{`"total":1`, "bo@acme.test"}},
		{Name: "ByEmail", Method: "GET", Path: "/api/v1/reps?q=ann%40", Key: read, WantStatus: 200, WantContains: []string{`"total":1`, "Ann Lee"}},
		{Name: "PercentLiteral", Method: "GET", Path: "/api/v1/reps?q=100%25", Key: read, WantStatus: 200, WantContains: []string{`"total":1`, "Bo Dean"}},
		{Name: "UnderscoreLiteral", Method: "GET", Path: "/api/v1/reps?q=m_2", Key: read, WantStatus: 200, WantContains: []string{`"total":0`}},
		{Name: "OtherOrg", Method: "GET", Path: "/api/v1/reps?q=crm", Key: other, WantStatus: 200, WantContains: []string{`"total":0`}},
		{Name: "TooLong", Method: "GET", Path: "/api/v1/reps?q=" + strings.Repeat("x", 201), Key: read, WantStatus: 422, WantHeader: problem},
	})
}
