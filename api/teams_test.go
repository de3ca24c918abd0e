package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// team is a team as the API writes it.
type team struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Parent  *int64  `json:"parent"`
	Leaders []int64 `json:"leaders"`
}

// mustTeam creates a team from body and wants 201.
func mustTeam(t *testing.T, env *apitest.Env, key, body string) team {
	t.Helper()
	var tm team
	env.MustDo(t, http.MethodPost, "/api/v1/teams", key, body, http.StatusCreated, &tm)
	return tm
}

func TestTeamsAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			sales := mustTeam(t, env, manage, `{"name":"Sales"}`)
			one := fmt.Sprintf("/api/v1/teams/%d", sales.ID)

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotCreate", Method: "POST", Path: "/api/v1/teams", Body: `{"name":"X"}`, WantStatus: 401, WantHeader: problem},
				{Name: "NoKeyCannotList", Method: "GET", Path: "/api/v1/teams", WantStatus: 401, WantHeader: problem, WantNotContains: []string{"Sales"}},
				{Name: "NoKeyCannotGet", Method: "GET", Path: one, WantStatus: 401, WantHeader: problem},
				{Name: "NoKeyCannotUpdate", Method: "PATCH", Path: one, Body: `{"name":"X"}`, WantStatus: 401, WantHeader: problem},
				{Name: "ReadKeyCannotCreate", Method: "POST", Path: "/api/v1/teams", Key: read, Body: `{"name":"X"}`, WantStatus: 403,
					WantHeader: problem, WantContains: []string{`lacks the \"manage\" scope`}},
				{Name: "ReadKeyCannotUpdate", Method: "PATCH", Path: one, Key: read, Body: `{"name":"X"}`, WantStatus: 403,
					WantHeader: problem, WantContains: []string{`lacks the \"manage\" scope`}},
				{Name: "InteractionsKeyCannotList", Method: "GET", Path: "/api/v1/teams", Key: write, WantStatus: 403, WantHeader: problem,
					WantContains: []string{`lacks the \"read\" scope`}, WantNotContains: []string{"Sales"}},
				{Name: "InteractionsKeyCannotGet", Method: "GET", Path: one, Key: write, WantStatus: 403, WantHeader: problem},
				{Name: "ReadKeyLists", Method: "GET", Path: "/api/v1/teams", Key: read, WantStatus: 200, WantContains: []string{`"name":"Sales"`, `"total":1`}},
				{Name: "ReadKeyGets", Method: "GET", Path: one, Key: read, WantStatus: 200, WantContains: []string{`"name":"Sales"`, `"leaders":[]`, `"parent":null`}},
				{Name: "OtherOrgCannotGet", Method: "GET", Path: one, Key: other, WantStatus: 404, WantHeader: problem, WantNotContains: []string{"Sales"}},
				{Name: "OtherOrgCannotUpdate", Method: "PATCH", Path: one, Key: other, Body: `{"name":"Taken over"}`, WantStatus: 404, WantHeader: problem},
				{Name: "OtherOrgCannotNestUnderIt", Method: "POST", Path: "/api/v1/teams", Key: other, Body: fmt.Sprintf(`{"name":"Sub","parent":%d}`, sales.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.parent"}},
				{Name: "OtherOrgListOmits", Method: "GET", Path: "/api/v1/teams", Key: other, WantStatus: 200,
					WantContains: []string{`"total":0`}, WantNotContains: []string{"Sales"}},
				{Name: "OtherOrgMayReuseTheName", Method: "POST", Path: "/api/v1/teams", Key: other, Body: `{"name":"Sales"}`, WantStatus: 201},
			})

			var got team
			env.MustDo(t, http.MethodGet, one, read, "", http.StatusOK, &got)
			if got.Name != "Sales" {
				t.Errorf("team after other keys' attempts = %+v, want it named Sales", got)
			}
		})
	}
}

func TestTeamsBadInput(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			leader := mustUser(t, env, key, `{"email":"lee@example.com","role":"leader"}`)
			r := mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			repUser := mustUser(t, env, key, fmt.Sprintf(`{"email":"ada@example.com","role":"rep","rep":%d}`, r.ID))
			sales := mustTeam(t, env, key, fmt.Sprintf(`{"name":"Sales","leaders":[%d]}`, leader.ID))
			emea := mustTeam(t, env, key, fmt.Sprintf(`{"name":"EMEA","parent":%d}`, sales.ID))
			dach := mustTeam(t, env, key, fmt.Sprintf(`{"name":"DACH","parent":%d}`, emea.ID))
			teams, audit := env.MustTotal(t, "/api/v1/teams", key), env.MustTotal(t, "/api/v1/audit", key)
			path := func(tm team) string { return fmt.Sprintf("/api/v1/teams/%d", tm.ID) }

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ParentIsItsGrandchild", Method: "PATCH", Path: path(sales), Key: key, Body: fmt.Sprintf(`{"parent":%d}`, dach.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.parent", "is inside this team"}},
				{Name: "ParentIsItsChild", Method: "PATCH", Path: path(emea), Key: key, Body: fmt.Sprintf(`{"parent":%d}`, dach.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.parent"}},
				{Name: "ParentIsItself", Method: "PATCH", Path: path(sales), Key: key, Body: fmt.Sprintf(`{"parent":%d}`, sales.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.parent"}},
				{Name: "UnknownParent", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":"X","parent":999999}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.parent"}},
				{Name: "NegativeParent", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":"X","parent":-1}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.parent"}},
				{Name: "LeaderIsARepUser", Method: "POST", Path: "/api/v1/teams", Key: key, Body: fmt.Sprintf(`{"name":"X","leaders":[%d]}`, repUser.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.leaders"}},
				{Name: "RepUserCannotBecomeLeader", Method: "PATCH", Path: path(sales), Key: key, Body: fmt.Sprintf(`{"leaders":[%d]}`, repUser.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.leaders"}},
				{Name: "RepeatedLeader", Method: "POST", Path: "/api/v1/teams", Key: key, Body: fmt.Sprintf(`{"name":"X","leaders":[%d,%d]}`, leader.ID, leader.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.leaders"}},
				{Name: "RepeatedLeaderPatch", Method: "PATCH", Path: path(sales), Key: key, Body: fmt.Sprintf(`{"leaders":[%d,%d]}`, leader.ID, leader.ID),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.leaders"}},
				{Name: "UnknownLeader", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":"X","leaders":[999999]}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.leaders"}},
				{Name: "DuplicateName", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":"Sales"}`,
					WantStatus: 409, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "RenameToATakenName", Method: "PATCH", Path: path(dach), Key: key, Body: `{"name":"EMEA"}`,
					WantStatus: 409, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "EmptyName", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":""}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "BlankName", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":"  "}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name", "is required"}},
				{Name: "BlankRename", Method: "PATCH", Path: path(dach), Key: key, Body: `{"name":"  "}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "OverlongName", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":"` + strings.Repeat("t", 101) + `"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "MissingName", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"parent":0}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"property name"}},
				{Name: "LeadersNotAList", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `{"name":"X","leaders":5}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.leaders"}},
				{Name: "UnknownField", Method: "PATCH", Path: path(dach), Key: key, Body: `{"colour":"red"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.colour"}},
				{Name: "MalformedJSON", Method: "PATCH", Path: path(dach), Key: key, Body: `{"name":`, WantStatus: 400, WantHeader: problem},
				{Name: "NotJSON", Method: "POST", Path: "/api/v1/teams", Key: key, Body: `name=X`, ContentType: "text/plain", WantStatus: 415, WantHeader: problem},
				{Name: "UpdateUnknownTeam", Method: "PATCH", Path: "/api/v1/teams/999999", Key: key, Body: `{"name":"X"}`, WantStatus: 404, WantHeader: problem},
				{Name: "GetUnknownTeam", Method: "GET", Path: "/api/v1/teams/999999", Key: key, WantStatus: 404, WantHeader: problem},
				{Name: "GetZeroID", Method: "GET", Path: "/api/v1/teams/0", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"path.id"}},
				{Name: "UpdateNegativeID", Method: "PATCH", Path: "/api/v1/teams/-3", Key: key, Body: `{"name":"X"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"path.id"}},
				{Name: "LimitAbove500", Method: "GET", Path: "/api/v1/teams?limit=501", Key: key, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"query.limit", "<= 500"}},
				{Name: "UnknownQueryParameter", Method: "GET", Path: "/api/v1/teams?sort=name", Key: key, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"query.sort"}},
			})

			if got := env.MustTotal(t, "/api/v1/teams", key); got != teams {
				t.Errorf("teams after rejected requests = %d, want %d", got, teams)
			}
			if got := env.MustTotal(t, "/api/v1/audit", key); got != audit {
				t.Errorf("audit entries after rejected requests = %d, want %d", got, audit)
			}
			for _, want := range []team{sales, emea, dach} {
				var got team
				env.MustDo(t, http.MethodGet, path(want), key, "", http.StatusOK, &got)
				if got.Name != want.Name || !sameID(got.Parent, want.Parent) || !slices.Equal(got.Leaders, want.Leaders) {
					t.Errorf("team after rejected requests = %+v, want %+v", got, want)
				}
			}
		})
	}
}

// Teams nest, have leaders, and are renamed, moved and re-led by PATCH.
func TestTeamsNestAndLead(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			lee := mustUser(t, env, key, `{"email":"lee@example.com","role":"leader"}`)
			kim := mustUser(t, env, key, `{"email":"kim@example.com","role":"leader"}`)
			boss := mustUser(t, env, key, `{"email":"boss@example.com","role":"admin"}`)

			sales := mustTeam(t, env, key, fmt.Sprintf(`{"name":" Sales ","leaders":[%d,%d]}`, lee.ID, boss.ID))
			if sales.Name != "Sales" || sales.Parent != nil || !slices.Equal(sales.Leaders, []int64{lee.ID, boss.ID}) {
				t.Errorf("created %+v, want Sales, top level, led by %d and %d", sales, lee.ID, boss.ID)
			}
			emea := mustTeam(t, env, key, fmt.Sprintf(`{"name":"EMEA","parent":%d,"leaders":[%d]}`, sales.ID, kim.ID))
			if !sameID(emea.Parent, &sales.ID) || !slices.Equal(emea.Leaders, []int64{kim.ID}) {
				t.Errorf("created %+v, want under %d, led by %d", emea, sales.ID, kim.ID)
			}
			dach := mustTeam(t, env, key, fmt.Sprintf(`{"name":"DACH","parent":%d}`, emea.ID))

			one := fmt.Sprintf("/api/v1/teams/%d", dach.ID)
			var got team
			env.MustDo(t, http.MethodPatch, one, key, `{"name":"Central Europe"}`, http.StatusOK, &got)
			if got.Name != "Central Europe" || !sameID(got.Parent, &emea.ID) || len(got.Leaders) != 0 {
				t.Errorf("after renaming: %+v, want renamed only", got)
			}
			env.MustDo(t, http.MethodPatch, one, key, fmt.Sprintf(`{"parent":%d,"leaders":[%d]}`, sales.ID, lee.ID), http.StatusOK, &got)
			if got.Name != "Central Europe" || !sameID(got.Parent, &sales.ID) || !slices.Equal(got.Leaders, []int64{lee.ID}) {
				t.Errorf("after moving: %+v, want under %d, led by %d", got, sales.ID, lee.ID)
			}
			env.MustDo(t, http.MethodPatch, one, key, `{"parent":0,"leaders":[]}`, http.StatusOK, &got)
			if got.Parent != nil || len(got.Leaders) != 0 {
				t.Errorf("after making top level: %+v, want no parent, no leaders", got)
			}
			// What PATCH answered is what GET reads back.
			var again team
			env.MustDo(t, http.MethodGet, one, key, "", http.StatusOK, &again)
			if again.Name != got.Name || !sameID(again.Parent, got.Parent) || !slices.Equal(again.Leaders, got.Leaders) {
				t.Errorf("GET after PATCH = %+v, PATCH answered %+v", again, got)
			}

			var list struct {
				Items []team
				Total int
			}
			env.MustDo(t, http.MethodGet, "/api/v1/teams?limit=2", key, "", http.StatusOK, &list)
			if list.Total != 3 || len(list.Items) != 2 || list.Items[0].Name != "Central Europe" || list.Items[1].Name != "EMEA" {
				t.Errorf("GET /teams?limit=2 = %+v, want Central Europe, EMEA of 3 (by name)", list)
			}
			env.MustDo(t, http.MethodGet, "/api/v1/teams?offset=2", key, "", http.StatusOK, &list)
			if len(list.Items) != 1 || list.Items[0].Name != "Sales" {
				t.Errorf("GET /teams?offset=2 = %+v, want Sales", list)
			}
		})
	}
}

func sameID(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
