package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// Who may have a user emailed a new sign-in link: API keys with manage,
// for their own org's active users; not other scopes, other orgs or a
// signed-in browser.
func TestSendSignInLinkAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := mustStartSignIn(t, driver, apitest.Options{})
			manage, read, write := env.MustKey(t, surveys.ScopeManage), env.MustKey(t, surveys.ScopeRead), env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			r := mustRep(t, env, manage, "crm-1", "Ann Lee", "ann@acme.test", http.StatusCreated)
			rep := mustPerson(t, env, "ann@acme.test", surveys.RoleRep, r.ID)
			admin := mustPerson(t, env, "ada@acme.test", surveys.RoleAdmin, 0)
			link := func(id int64) string { return fmt.Sprintf("/api/v1/users/%d/sign-in-link", id) }

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotSendALink", Method: "POST", Path: link(rep.User.ID), WantStatus: 401, WantHeader: problem},
				{Name: "ReadKeyCannotSendALink", Method: "POST", Path: link(rep.User.ID), Key: read, WantStatus: 403, WantHeader: problem},
				{Name: "InteractionsKeyCannotSendALink", Method: "POST", Path: link(rep.User.ID), Key: write, WantStatus: 403, WantHeader: problem},
				{Name: "SessionCannotSendALink", Method: "POST", Path: link(rep.User.ID), Header: admin.header(), WantStatus: 401, WantHeader: problem},
				{Name: "OtherOrgKeyCannotSendALink", Method: "POST", Path: link(rep.User.ID), Key: other, WantStatus: 404, WantHeader: problem,
					WantNotContains: []string{"ann@acme.test"}},
				{Name: "UnknownUser", Method: "POST", Path: link(999999), Key: manage, WantStatus: 404, WantHeader: problem},
				{Name: "ManageKeySendsALink", Method: "POST", Path: link(rep.User.ID), Key: manage, WantStatus: 202,
					WantContains: []string{`"email":"ann@acme.test"`, `"expires_at":"`}, WantNotContains: []string{"tcs_", "/signin/"}},
			})
			env.MustDo(t, http.MethodDelete, fmt.Sprintf("/api/v1/reps/%d", r.ID), manage, "", http.StatusOK, nil)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "DeactivatedRepGetsNoLink", Method: "POST", Path: link(rep.User.ID), Key: manage, WantStatus: 409, WantHeader: problem,
					WantContains: []string{"reactivate"}},
			})
		})
	}
}
