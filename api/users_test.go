package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// user is a user as POST /users answers.
type user struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Rep       *int64 `json:"rep"`
	Active    bool   `json:"active"`
	SignInURL string `json:"sign_in_url"`
}

// mustUser creates a user from body and wants 201.
func mustUser(t *testing.T, env *apitest.Env, key, body string) user {
	t.Helper()
	var u user
	env.MustDo(t, http.MethodPost, "/api/v1/users", key, body, http.StatusCreated, &u)
	return u
}

func TestUsersAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			mustUser(t, env, manage, `{"email":"lee@example.com","role":"leader"}`)
			body := `{"email":"kim@example.com","role":"admin"}`

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotCreate", Method: "POST", Path: "/api/v1/users", Body: body, WantStatus: 401, WantHeader: problem, WantNotContains: []string{"signin"}},
				{Name: "NoKeyCannotList", Method: "GET", Path: "/api/v1/users", WantStatus: 401, WantHeader: problem, WantNotContains: []string{"lee@"}},
				{Name: "ReadKeyCannotCreate", Method: "POST", Path: "/api/v1/users", Key: read, Body: body, WantStatus: 403,
					WantHeader: problem, WantContains: []string{`lacks the \"manage\" scope`}, WantNotContains: []string{"signin"}},
				{Name: "ReadKeyCannotList", Method: "GET", Path: "/api/v1/users", Key: read, WantStatus: 403,
					WantHeader: problem, WantContains: []string{`lacks the \"manage\" scope`}, WantNotContains: []string{"lee@"}},
				{Name: "InteractionsKeyCannotCreate", Method: "POST", Path: "/api/v1/users", Key: write, Body: body, WantStatus: 403, WantHeader: problem},
				{Name: "InteractionsKeyCannotList", Method: "GET", Path: "/api/v1/users", Key: write, WantStatus: 403, WantHeader: problem},
				{Name: "ManageKeyLists", Method: "GET", Path: "/api/v1/users", Key: manage, WantStatus: 200,
					WantContains: []string{`"email":"lee@example.com"`, `"total":1`}, WantNotContains: []string{"signin", "tcs_"}},
				{Name: "OtherOrgListOmits", Method: "GET", Path: "/api/v1/users", Key: other, WantStatus: 200,
					WantContains: []string{`"total":0`}, WantNotContains: []string{"lee@"}},
				{Name: "OtherOrgMayReuseTheEmail", Method: "POST", Path: "/api/v1/users", Key: other, Body: `{"email":"lee@example.com","role":"admin"}`, WantStatus: 201},
			})
			if got := env.MustTotal(t, "/api/v1/users", manage); got != 1 {
				t.Errorf("users after refused requests = %d, want 1", got)
			}
		})
	}
}

func TestUsersCreate(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeManage)
			r := mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)

			lee := mustUser(t, env, key, `{"email":" Lee@Example.COM ","name":"Lee Leader","role":"leader"}`)
			if lee.Email != "lee@example.com" || lee.Name != "Lee Leader" || lee.Role != "leader" || lee.Rep != nil || !lee.Active {
				t.Errorf("leader = %+v, want normalised email, role leader, active, no rep", lee)
			}
			ada := mustUser(t, env, key, fmt.Sprintf(`{"email":"ada@example.com","role":"rep","rep":%d}`, r.ID))
			if ada.Role != "rep" || !sameID(ada.Rep, &r.ID) {
				t.Errorf("rep user = %+v, want role rep linked to rep %d", ada, r.ID)
			}
			boss := mustUser(t, env, key, `{"email":"boss@example.com","role":"admin"}`)
			for _, u := range []user{lee, ada, boss} {
				token, ok := strings.CutPrefix(u.SignInURL, env.URL+"/signin/")
				if !ok || !strings.HasPrefix(token, "tcs_") || len(token) < 40 {
					t.Errorf("sign_in_url = %q, want %s/signin/tcs_…", u.SignInURL, env.URL)
				}
			}
			if lee.SignInURL == ada.SignInURL {
				t.Errorf("two users got the same sign-in link %q", lee.SignInURL)
			}

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ListedByEmail", Method: "GET", Path: "/api/v1/users", Key: key, WantStatus: 200,
					WantContains:    []string{`"total":3`, `"email":"ada@example.com"`, `"role":"leader"`, fmt.Sprintf(`"rep":%d`, r.ID)},
					WantNotContains: []string{"sign_in_url", "tcs_"}},
				{Name: "Paginated", Method: "GET", Path: "/api/v1/users?limit=1&offset=1", Key: key, WantStatus: 200,
					WantContains: []string{`"total":3`, `"email":"boss@example.com"`, `"offset":1`, `"limit":1`}, WantNotContains: []string{"ada@", "lee@"}},
			})
		})
	}
}

func TestUsersBadInput(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeManage)
			other := env.MustOtherOrgKey(t)
			theirs := mustRep(t, env, other, "crm-1", "Their Rep", "their@example.com", http.StatusCreated)
			mustUser(t, env, key, `{"email":"lee@example.com","role":"leader"}`)
			users, audit := env.MustTotal(t, "/api/v1/users", key), env.MustTotal(t, "/api/v1/audit", key)

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "InvalidEmail", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"lee@","role":"leader"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.email"}},
				{Name: "MissingEmail", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"role":"leader"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"property email"}},
				{Name: "UnknownRole", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"owner"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.role"}},
				{Name: "RoleRepWithoutRep", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"rep"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.rep", "required"}},
				{Name: "LeaderLinkedToARep", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"leader","rep":1}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.rep"}},
				{Name: "UnknownRep", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"rep","rep":999999}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.rep"}},
				{Name: "AnotherOrgsRep", Method: "POST", Path: "/api/v1/users", Key: key, Body: fmt.Sprintf(`{"email":"x@example.com","role":"rep","rep":%d}`, theirs.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.rep"}, WantNotContains: []string{"Their Rep"}},
				{Name: "NegativeRep", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"rep","rep":-1}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.rep"}},
				{Name: "EmailTaken", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"LEE@example.com","role":"admin"}`,
					WantStatus: 409, WantHeader: problem, WantContains: []string{"body.email"}},
				{Name: "OverlongName", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"admin","name":"` + strings.Repeat("n", 201) + `"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "UnknownField", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"admin","password":"hunter2"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.password"}},
				{Name: "WrongType", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email":"x@example.com","role":"rep","rep":"1"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.rep"}},
				{Name: "MalformedJSON", Method: "POST", Path: "/api/v1/users", Key: key, Body: `{"email"}`, WantStatus: 400, WantHeader: problem},
				{Name: "LimitAbove500", Method: "GET", Path: "/api/v1/users?limit=1000", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.limit"}},
				{Name: "UnknownQueryParameter", Method: "GET", Path: "/api/v1/users?team=1", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.team"}},
				{Name: "UnknownRole", Method: "GET", Path: "/api/v1/users?role=boss", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.role"}},
			})

			if got := env.MustTotal(t, "/api/v1/users", key); got != users {
				t.Errorf("users after rejected requests = %d, want %d", got, users)
			}
			if got := env.MustTotal(t, "/api/v1/audit", key); got != audit {
				t.Errorf("audit entries after rejected requests = %d, want %d", got, audit)
			}
		})
	}
}
