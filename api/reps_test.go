package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// rep is a rep as the API writes it.
type rep struct {
	ID         int64  `json:"id"`
	ExternalID string `json:"external_id"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	TeamID     *int64 `json:"team_id"`
	Active     bool   `json:"active"`
}

// repList is a page of reps.
type repList struct {
	Items  []rep `json:"items"`
	Total  int   `json:"total"`
	Offset int   `json:"offset"`
	Limit  int   `json:"limit"`
}

// mustRep upserts a rep with external id ext and wants status want.
func mustRep(t testing.TB, env *apitest.Env, key, ext, name, email string, want int) rep {
	t.Helper()
	var r rep
	body := fmt.Sprintf(`{"external_id":%q,"name":%q,"email":%q}`, ext, name, email)
	env.MustDo(t, http.MethodPost, "/api/v1/reps", key, body, want, &r)
	return r
}

// problem is what a problem document's answer has: its content type.
var problem = map[string]string{"Content-Type": api.ProblemType}

func TestRepsAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			revoked := env.MustKey(t)
			env.MustDo(t, http.MethodDelete, fmt.Sprintf("/api/v1/api-keys/%d", keyID(t, env, manage, revoked)), manage, "", http.StatusNoContent, nil)
			other := env.MustOtherOrgKey(t)
			r := mustRep(t, env, manage, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			one := fmt.Sprintf("/api/v1/reps/%d", r.ID)
			valid := `{"external_id":"crm-2","name":"Grace Hopper","email":"grace@example.com"}`

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotList", Method: "GET", Path: "/api/v1/reps", WantStatus: 401,
					WantContains: []string{"Authorization: Bearer"}, WantHeader: map[string]string{"Content-Type": api.ProblemType, "WWW-Authenticate": "Bearer"}},
				{Name: "NoKeyCannotUpsert", Method: "POST", Path: "/api/v1/reps", Body: valid, WantStatus: 401, WantHeader: problem},
				{Name: "NoKeyCannotGet", Method: "GET", Path: one, WantStatus: 401, WantNotContains: []string{"Ada"}, WantHeader: problem},
				{Name: "NoKeyCannotDeactivate", Method: "DELETE", Path: one, WantStatus: 401, WantHeader: problem},
				{Name: "UnknownKeyIsRefused", Method: "GET", Path: "/api/v1/reps", Key: "tck_not-a-key", WantStatus: 401,
					WantContains: []string{"unknown or revoked"}, WantHeader: map[string]string{"Content-Type": api.ProblemType, "WWW-Authenticate": "invalid_token"}},
				{Name: "RevokedKeyIsRefused", Method: "GET", Path: "/api/v1/reps", Key: revoked, WantStatus: 401, WantNotContains: []string{"Ada"}, WantHeader: problem},
				{Name: "InteractionsKeyCannotList", Method: "GET", Path: "/api/v1/reps", Key: write, WantStatus: 403,
					WantContains: []string{`lacks the \"read\" scope`}, WantNotContains: []string{"Ada"}, WantHeader: problem},
				{Name: "InteractionsKeyCannotGet", Method: "GET", Path: one, Key: write, WantStatus: 403, WantNotContains: []string{"Ada"}, WantHeader: problem},
				{Name: "InteractionsKeyCannotUpsert", Method: "POST", Path: "/api/v1/reps", Key: write, Body: valid, WantStatus: 403, WantHeader: problem},
				{Name: "ReadKeyCannotUpsert", Method: "POST", Path: "/api/v1/reps", Key: read, Body: valid, WantStatus: 403,
					WantContains: []string{`lacks the \"manage\" scope`}, WantHeader: problem},
				{Name: "ReadKeyCannotDeactivate", Method: "DELETE", Path: one, Key: read, WantStatus: 403, WantHeader: problem},
				{Name: "ReadKeyLists", Method: "GET", Path: "/api/v1/reps", Key: read, WantStatus: 200,
					WantContains: []string{`"external_id":"crm-1"`, `"total":1`}, WantHeader: map[string]string{"Content-Type": "application/json"}},
				{Name: "ReadKeyGets", Method: "GET", Path: one, Key: read, WantStatus: 200, WantContains: []string{`"name":"Ada Lovelace"`}},
				{Name: "ManageKeyAlsoReads", Method: "GET", Path: one, Key: manage, WantStatus: 200, WantContains: []string{`"email":"ada@example.com"`}},
				{Name: "OtherOrgCannotGet", Method: "GET", Path: one, Key: other, WantStatus: 404, WantNotContains: []string{"Ada"}, WantHeader: problem},
				{Name: "OtherOrgListOmits", Method: "GET", Path: "/api/v1/reps", Key: other, WantStatus: 200,
					WantContains: []string{`"total":0`}, WantNotContains: []string{"crm-1", "Ada"}},
				{Name: "OtherOrgCannotDeactivate", Method: "DELETE", Path: one, Key: other, WantStatus: 404, WantHeader: problem},
				{Name: "OtherOrgUpsertMakesItsOwnRep", Method: "POST", Path: "/api/v1/reps", Key: other, WantStatus: 201,
					Body: `{"external_id":"crm-1","name":"Impostor","email":"ada@example.com"}`, WantNotContains: []string{fmt.Sprintf(`"id":%d,`, r.ID)}},
			})

			var got rep
			env.MustDo(t, http.MethodGet, one, read, "", http.StatusOK, &got)
			if got != r {
				t.Errorf("after other keys' attempts, rep = %+v, want %+v unchanged", got, r)
			}
		})
	}
}

func TestRepsBadInput(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			r := mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			reps, audit := env.MustTotal(t, "/api/v1/reps", key), env.MustTotal(t, "/api/v1/audit", key)
			long := strings.Repeat("x", 201)

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "UnknownField", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":"crm-2","name":"B","email":"b@example.com","nickname":"b"}`, WantContains: []string{"body.nickname", "unexpected property"}},
				{Name: "WrongType", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":2,"name":"B","email":"b@example.com"}`, WantContains: []string{"body.external_id", "expected string"}},
				{Name: "InvalidEmail", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":"crm-2","name":"B","email":"b at example.com"}`, WantContains: []string{"body.email"}},
				{Name: "EmailWithDisplayName", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":"crm-2","name":"B","email":"B <b@example.com>"}`, WantContains: []string{"body.email"}},
				{Name: "OverlongName", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":"crm-2","name":"` + long + `","email":"b@example.com"}`, WantContains: []string{"body.name"}},
				{Name: "BlankName", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":"crm-2","name":"   ","email":"b@example.com"}`, WantContains: []string{"body.name", "is required"}},
				{Name: "MissingName", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":"crm-2","email":"b@example.com"}`, WantContains: []string{"property name"}},
				{Name: "MalformedJSON", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 400, WantHeader: problem,
					Body: `{"external_id":"crm-2",`, WantNotContains: []string{"internal"}},
				{Name: "EmptyBody", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 400, WantHeader: problem,
					WantContains: []string{"body is required"}},
				{Name: "NotJSON", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 415, WantHeader: problem,
					Body: "external_id=crm-2&name=B", ContentType: "application/x-www-form-urlencoded", WantContains: []string{"content type"}},
				{Name: "UnknownTeam", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 422, WantHeader: problem,
					Body: `{"external_id":"crm-2","name":"B","email":"b@example.com","team":"Nowhere"}`, WantContains: []string{"body.team", "Nowhere"}},
				{Name: "EmailOfAnotherRep", Method: "POST", Path: "/api/v1/reps", Key: key, WantStatus: 409, WantHeader: problem,
					Body: `{"external_id":"crm-2","name":"B","email":"ADA@example.com"}`, WantContains: []string{"body.email"}},
				{Name: "UnknownID", Method: "GET", Path: "/api/v1/reps/999999", Key: key, WantStatus: 404, WantHeader: problem},
				{Name: "ZeroID", Method: "GET", Path: "/api/v1/reps/0", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"path.id"}},
				{Name: "NegativeID", Method: "GET", Path: "/api/v1/reps/-1", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"path.id"}},
				{Name: "NonNumericID", Method: "GET", Path: "/api/v1/reps/ada", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"path.id"}},
				{Name: "DeactivateUnknownID", Method: "DELETE", Path: "/api/v1/reps/999999", Key: key, WantStatus: 404, WantHeader: problem},
				{Name: "DeactivateZeroID", Method: "DELETE", Path: "/api/v1/reps/0", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"path.id"}},
				{Name: "LimitAbove500", Method: "GET", Path: "/api/v1/reps?limit=501", Key: key, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"query.limit", "<= 500"}},
				{Name: "ZeroLimit", Method: "GET", Path: "/api/v1/reps?limit=0", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.limit"}},
				{Name: "NegativeOffset", Method: "GET", Path: "/api/v1/reps?offset=-1", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.offset"}},
				{Name: "UnknownSort", Method: "GET", Path: "/api/v1/reps?sort=email", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.sort"}},
				{Name: "UnknownQueryParameter", Method: "GET", Path: "/api/v1/reps?colour=red", Key: key, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"query.colour", "unknown query parameter"}},
				{Name: "ActiveNotABoolean", Method: "GET", Path: "/api/v1/reps?active=maybe", Key: key, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.active"}},
			})

			if got := env.MustTotal(t, "/api/v1/reps", key); got != reps {
				t.Errorf("reps after rejected requests = %d, want %d", got, reps)
			}
			if got := env.MustTotal(t, "/api/v1/audit", key); got != audit {
				t.Errorf("audit entries after rejected requests = %d, want %d", got, audit)
			}
			var got rep
			env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/reps/%d", r.ID), key, "", http.StatusOK, &got)
			if got != r {
				t.Errorf("rep after rejected requests = %+v, want %+v", got, r)
			}
		})
	}
}

// Text is measured in characters, as the OpenAPI document says, and text
// the database cannot hold is refused, not a 500.
func TestRepsText(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			accents := func(n int) string { return strings.Repeat("é", n) }
			body := func(ext, name string) string {
				return fmt.Sprintf(`{"external_id":%q,"name":%q,"email":"%d@example.com"}`, ext, name, len(ext)+len(name))
			}

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NameOf200Accents", Method: "POST", Path: "/api/v1/reps", Key: key, Body: body("crm-1", accents(200)), WantStatus: 201},
				{Name: "ExternalIDOf200Accents", Method: "POST", Path: "/api/v1/reps", Key: key, Body: body(accents(200), "B"), WantStatus: 201},
				{Name: "ExternalIDOf201Accents", Method: "POST", Path: "/api/v1/reps", Key: key, Body: body(accents(201), "C"),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.external_id"}},
				{Name: "NULInName", Method: "POST", Path: "/api/v1/reps", Key: key, Body: `{"external_id":"crm-4","name":"D\u0000","email":"d@example.com"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "NULInExternalID", Method: "POST", Path: "/api/v1/reps", Key: key, Body: `{"external_id":"crm-\u00005","name":"E","email":"e@example.com"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.external_id"}},
			})
		})
	}
}

// Posting the same external_id again updates the rep; DELETE deactivates it.
func TestRepsUpsertAndDeactivate(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			var team struct{ ID int64 }
			env.MustDo(t, http.MethodPost, "/api/v1/teams", key, `{"name":"Sales"}`, http.StatusCreated, &team)

			first := mustRep(t, env, key, "crm-1", "Ada Lovelace", " Ada@Example.com ", http.StatusCreated)
			if first.Email != "ada@example.com" || !first.Active || first.TeamID != nil {
				t.Errorf("created rep = %+v, want email normalised, active, no team", first)
			}
			var second rep
			env.MustDo(t, http.MethodPost, "/api/v1/reps", key,
				`{"external_id":"crm-1","name":"Ada King","email":"ada.king@example.com","team":"Sales"}`, http.StatusOK, &second)
			if second.ID != first.ID || second.Name != "Ada King" || second.Email != "ada.king@example.com" ||
				second.TeamID == nil || *second.TeamID != team.ID || !second.Active {
				t.Errorf("updated rep = %+v, want rep %d renamed, new email, in team %d", second, first.ID, team.ID)
			}
			if got := env.MustTotal(t, "/api/v1/reps", key); got != 1 {
				t.Errorf("reps after upserting one twice = %d, want 1", got)
			}
			if got := env.MustTotal(t, fmt.Sprintf("/api/v1/reps?team_id=%d", team.ID), key); got != 1 {
				t.Errorf("reps of team %d = %d, want 1", team.ID, got)
			}

			path := fmt.Sprintf("/api/v1/reps/%d", first.ID)
			var gone rep
			env.MustDo(t, http.MethodDelete, path, key, "", http.StatusOK, &gone)
			if gone.Active || gone.ID != first.ID {
				t.Errorf("deactivated rep = %+v, want inactive", gone)
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "StillReadable", Method: "GET", Path: path, Key: key, WantStatus: 200, WantContains: []string{`"active":false`}},
				{Name: "ListedAsInactive", Method: "GET", Path: "/api/v1/reps?active=false", Key: key, WantStatus: 200,
					WantContains: []string{`"total":1`, `"external_id":"crm-1"`}},
				{Name: "NotListedAsActive", Method: "GET", Path: "/api/v1/reps?active=true", Key: key, WantStatus: 200,
					WantContains: []string{`"total":0`}, WantNotContains: []string{"crm-1"}},
				{Name: "ListedWithoutFilter", Method: "GET", Path: "/api/v1/reps", Key: key, WantStatus: 200, WantContains: []string{`"total":1`}},
			})
		})
	}
}

func TestRepsPaginationAndSort(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			names := []string{"Grace", "Ada", "Edsger", "Barbara", "Donald", "Frances", "Claude"}
			for i, n := range names {
				mustRep(t, env, key, fmt.Sprintf("crm-%d", len(names)-i), n, strings.ToLower(n)+"@example.com", http.StatusCreated)
			}
			for _, tt := range []struct {
				query string
				want  []string
				off   int
				limit int
			}{
				{"", []string{"Ada", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace"}, 0, 50},
				{"?limit=3", []string{"Ada", "Barbara", "Claude"}, 0, 3},
				{"?limit=3&offset=3", []string{"Donald", "Edsger", "Frances"}, 3, 3},
				{"?limit=3&offset=6", []string{"Grace"}, 6, 3},
				{"?offset=7", []string{}, 7, 50},
				{"?limit=500", []string{"Ada", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace"}, 0, 500},
				{"?sort=-name&limit=2", []string{"Grace", "Frances"}, 0, 2},
				{"?sort=external_id&limit=2", []string{"Claude", "Frances"}, 0, 2}, // crm-1, crm-2
				{"?sort=-external_id&limit=2", []string{"Grace", "Ada"}, 0, 2},     // crm-7, crm-6
				{"?sort=created_at&limit=2", []string{"Grace", "Ada"}, 0, 2},
				{"?sort=-created_at&limit=1&offset=1", []string{"Frances"}, 1, 1},
			} {
				t.Run(tt.query, func(t *testing.T) {
					var got repList
					env.MustDo(t, http.MethodGet, "/api/v1/reps"+tt.query, key, "", http.StatusOK, &got)
					gotNames := []string{}
					for _, r := range got.Items {
						gotNames = append(gotNames, r.Name)
					}
					if strings.Join(gotNames, ",") != strings.Join(tt.want, ",") {
						t.Errorf("names = %v, want %v", gotNames, tt.want)
					}
					if got.Total != len(names) || got.Offset != tt.off || got.Limit != tt.limit {
						t.Errorf("total, offset, limit = %d, %d, %d, want %d, %d, %d", got.Total, got.Offset, got.Limit, len(names), tt.off, tt.limit)
					}
				})
			}
		})
	}
}

// Concurrent writers queue on SQLite's single connection instead of
// failing with "database is locked".
func TestRepsConcurrentUpserts(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeManage)
			const n = 50
			var wg sync.WaitGroup
			results, errs := make([]apitest.Response, n), make([]error, n)
			for i := range n {
				wg.Go(func() {
					body := fmt.Sprintf(`{"external_id":"crm-%d","name":"Rep %d","email":"rep%d@example.com"}`, i, i, i)
					results[i], errs[i] = env.Send(apitest.Scenario{Method: http.MethodPost, Path: "/api/v1/reps", Key: key, Body: body})
				})
			}
			wg.Wait()
			for i, res := range results {
				if errs[i] != nil || res.Status != http.StatusCreated {
					t.Errorf("rep %d: status %d, error %v, want 201: %s", i, res.Status, errs[i], res.Body)
				}
			}
			if got := env.MustTotal(t, "/api/v1/reps", key); got != n {
				t.Errorf("reps = %d, want %d", got, n)
			}
		})
	}
}

// A CRM that retries posts the same rep at once: one request creates it,
// the others find it, none is refused. Several rounds, so that later ones
// run on warm connections and truly overlap.
func TestRepsConcurrentUpsertsOfOneRep(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			l := api.DefaultLimits
			l.APIKey = api.Rate{} // 250 requests of one key at once
			env := apitest.MustStartLimits(t, driver, l)
			key := env.MustKey(t, surveys.ScopeManage)
			const rounds, n = 5, 50
			for round := range rounds {
				var (
					wg     sync.WaitGroup
					mu     sync.Mutex
					status = map[int]int{}
					body   = fmt.Sprintf(`{"external_id":"crm-%d","name":"Rep %d","email":"rep%d@example.com"}`, round, round, round)
				)
				for range n {
					wg.Go(func() {
						res, err := env.Send(apitest.Scenario{Method: http.MethodPost, Path: "/api/v1/reps", Key: key, Body: body})
						mu.Lock()
						defer mu.Unlock()
						status[res.Status]++
						if err != nil {
							t.Error(err)
						}
					})
				}
				wg.Wait()
				if status[http.StatusCreated] != 1 || status[http.StatusOK] != n-1 {
					t.Errorf("round %d: statuses = %v, want one 201 and %d 200", round, status, n-1)
				}
			}
			if got := env.MustTotal(t, "/api/v1/reps", key); got != rounds {
				t.Errorf("reps = %d, want %d", got, rounds)
			}
		})
	}
}
