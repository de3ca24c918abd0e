package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// apiKey is a key as GET /api-keys lists it.
type apiKey struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	Scopes    []string   `json:"scopes"`
	RevokedAt *time.Time `json:"revoked_at"`
	Key       string     `json:"key"` // only when created
}

// keyID returns the id of the key token, found by its prefix with admin.
func keyID(t *testing.T, env *apitest.Env, admin, token string) int64 {
	t.Helper()
	var list struct{ Items []apiKey }
	env.MustDo(t, http.MethodGet, "/api/v1/api-keys", admin, "", http.StatusOK, &list)
	for _, k := range list.Items {
		if strings.HasPrefix(token, k.Prefix) {
			return k.ID
		}
	}
	t.Fatalf("no listed key has a prefix of %.10s…", token)
	return 0
}

func TestAPIKeysAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			readID := keyID(t, env, manage, read)
			one := fmt.Sprintf("/api/v1/api-keys/%d", readID)
			body := `{"name":"CRM"}`

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotCreate", Method: "POST", Path: "/api/v1/api-keys", Body: body, WantStatus: 401, WantHeader: problem},
				{Name: "NoKeyCannotList", Method: "GET", Path: "/api/v1/api-keys", WantStatus: 401, WantHeader: problem},
				{Name: "NoKeyCannotRevoke", Method: "DELETE", Path: one, WantStatus: 401, WantHeader: problem},
				{Name: "ReadKeyCannotCreate", Method: "POST", Path: "/api/v1/api-keys", Key: read, Body: body, WantStatus: 403,
					WantHeader: problem, WantNotContains: []string{"tck_"}},
				{Name: "ReadKeyCannotList", Method: "GET", Path: "/api/v1/api-keys", Key: read, WantStatus: 403, WantHeader: problem},
				{Name: "ReadKeyCannotRevokeItself", Method: "DELETE", Path: one, Key: read, WantStatus: 403, WantHeader: problem},
				{Name: "InteractionsKeyCannotCreate", Method: "POST", Path: "/api/v1/api-keys", Key: write, Body: body, WantStatus: 403, WantHeader: problem},
				{Name: "OtherOrgCannotRevoke", Method: "DELETE", Path: one, Key: other, WantStatus: 404, WantHeader: problem},
				{Name: "OtherOrgListOmits", Method: "GET", Path: "/api/v1/api-keys", Key: other, WantStatus: 200,
					WantNotContains: []string{fmt.Sprintf(`"id":%d,`, readID), read[:10]}},
				{Name: "ManageKeyLists", Method: "GET", Path: "/api/v1/api-keys", Key: manage, WantStatus: 200,
					WantContains: []string{read[:10]}, WantNotContains: []string{read, manage, write}},
			})
			// The refused attempts left the read key working.
			env.MustDo(t, http.MethodGet, "/api/v1/settings", read, "", http.StatusOK, nil)
		})
	}
}

// A new key is shown once, works with its scopes, and stops working when revoked.
func TestAPIKeysLifecycle(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			admin := env.MustKey(t, surveys.ScopeManage)

			var created apiKey
			env.MustDo(t, http.MethodPost, "/api/v1/api-keys", admin, `{"name":" Dashboard ","scopes":["read"]}`, http.StatusCreated, &created)
			if !strings.HasPrefix(created.Key, surveys.KeyPrefix) || !strings.HasPrefix(created.Key, created.Prefix) || len(created.Prefix) < 8 {
				t.Fatalf("created key %q with prefix %q, want tck_… starting with the prefix", created.Key, created.Prefix)
			}
			if created.Name != "Dashboard" || strings.Join(created.Scopes, ",") != "read" || created.RevokedAt != nil {
				t.Errorf("created = %+v, want name trimmed, scopes [read], not revoked", created)
			}
			var all apiKey
			env.MustDo(t, http.MethodPost, "/api/v1/api-keys", admin, `{"name":"CRM"}`, http.StatusCreated, &all)
			if got, want := strings.Join(all.Scopes, ","), "manage,interactions:write,read"; got != want {
				t.Errorf("default scopes = %s, want %s", got, want)
			}

			one := fmt.Sprintf("/api/v1/api-keys/%d", created.ID)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ListNeverShowsKeys", Method: "GET", Path: "/api/v1/api-keys", Key: admin, WantStatus: 200,
					WantContains:    []string{`"name":"Dashboard"`, created.Prefix, `"revoked_at":null`},
					WantNotContains: []string{created.Key, all.Key, admin, `"key"`, "hash"}},
				{Name: "NewKeyReads", Method: "GET", Path: "/api/v1/reps", Key: created.Key, WantStatus: 200},
				{Name: "NewKeyCannotManage", Method: "POST", Path: "/api/v1/reps", Key: created.Key, WantStatus: 403, WantHeader: problem,
					Body: `{"external_id":"crm-1","name":"Ada","email":"ada@example.com"}`},
				{Name: "Revoke", Method: "DELETE", Path: one, Key: admin, WantStatus: 204},
				{Name: "RevokedKeyIsRefused", Method: "GET", Path: "/api/v1/reps", Key: created.Key, WantStatus: 401, WantHeader: problem},
				{Name: "RevokeTwiceIsNotFound", Method: "DELETE", Path: one, Key: admin, WantStatus: 404, WantHeader: problem},
				{Name: "ListShowsRevocation", Method: "GET", Path: "/api/v1/api-keys", Key: admin, WantStatus: 200,
					WantContains: []string{`"name":"Dashboard"`}, WantNotContains: []string{created.Key}},
				{Name: "OtherKeysStillWork", Method: "GET", Path: "/api/v1/reps", Key: all.Key, WantStatus: 200},
			})

			var list struct{ Items []apiKey }
			env.MustDo(t, http.MethodGet, "/api/v1/api-keys", admin, "", http.StatusOK, &list)
			for _, k := range list.Items {
				if revoked := k.RevokedAt != nil; revoked != (k.ID == created.ID) {
					t.Errorf("key %d %q revoked = %v, want only key %d revoked", k.ID, k.Name, revoked, created.ID)
				}
			}
		})
	}
}

func TestAPIKeysBadInput(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			admin := env.MustKey(t, surveys.ScopeManage)
			keys, audit := len(mustKeys(t, env, admin)), env.MustTotal(t, "/api/v1/audit", admin)

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "UnknownScope", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"name":"x","scopes":["write"]}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.scopes[0]"}, WantNotContains: []string{"tck_"}},
				{Name: "RepeatedScope", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"name":"x","scopes":["read","read"]}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.scopes", "repeated"}},
				{Name: "TooManyScopes", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"name":"x","scopes":["read","read","read","read"]}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.scopes"}},
				{Name: "MissingName", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"scopes":["read"]}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"name"}},
				{Name: "BlankName", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"name":"  "}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "OverlongName", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"name":"` + strings.Repeat("k", 101) + `"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.name"}},
				{Name: "UnknownField", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"name":"x","expires":"never"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.expires"}},
				{Name: "ScopesNotAList", Method: "POST", Path: "/api/v1/api-keys", Key: admin, Body: `{"name":"x","scopes":"read"}`,
					WantStatus: 422, WantHeader: problem, WantContains: []string{"body.scopes"}},
				{Name: "RevokeUnknown", Method: "DELETE", Path: "/api/v1/api-keys/999999", Key: admin, WantStatus: 404, WantHeader: problem},
				{Name: "RevokeZero", Method: "DELETE", Path: "/api/v1/api-keys/0", Key: admin, WantStatus: 422, WantHeader: problem, WantContains: []string{"path.id"}},
				{Name: "ListTakesNoQuery", Method: "GET", Path: "/api/v1/api-keys?limit=1", Key: admin, WantStatus: 422, WantHeader: problem, WantContains: []string{"query.limit"}},
			})

			if got := len(mustKeys(t, env, admin)); got != keys {
				t.Errorf("keys after rejected requests = %d, want %d", got, keys)
			}
			if got := env.MustTotal(t, "/api/v1/audit", admin); got != audit {
				t.Errorf("audit entries after rejected requests = %d, want %d", got, audit)
			}
		})
	}
}

func mustKeys(t *testing.T, env *apitest.Env, admin string) []apiKey {
	t.Helper()
	var list struct{ Items []apiKey }
	env.MustDo(t, http.MethodGet, "/api/v1/api-keys", admin, "", http.StatusOK, &list)
	return list.Items
}

// Every route, called by a key with each single scope: the scope it needs
// (or manage, which includes read) succeeds, any other is 403.
func TestScopeMatrix(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			all := env.MustKey(t)
			keys := map[surveys.Scope]string{}
			for _, s := range surveys.AllScopes {
				keys[s] = env.MustKey(t, s)
			}
			r := mustRep(t, env, all, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			temp := mustRep(t, env, all, "crm-9", "Temp", "temp@example.com", http.StatusCreated)
			var team struct{ ID int64 }
			env.MustDo(t, http.MethodPost, "/api/v1/teams", all, `{"name":"Sales"}`, http.StatusCreated, &team)
			var in struct{ ID int64 }
			env.MustDo(t, http.MethodPost, "/api/v1/interactions", all, interactionBody("i-1", "crm-1"), http.StatusCreated, &in)
			low := mustAnswerLow(t, env)
			alert := fmt.Sprintf("/alerts/%d", low.ID)
			// Every rep's interaction may be excluded: the exclusion row passes the cap.
			env.MustDo(t, http.MethodPatch, "/api/v1/settings", all, `{"integrity":{"exclusion_cap_percent":100}}`, http.StatusOK, nil)
			unsent := mustInteraction(t, env, all, ixBody("i-unsent", "crm-1", "unsent@example.org", time.Now()), http.StatusCreated)
			spare := keyID(t, env, all, env.MustKey(t))
			batch, _ := json.Marshal(map[string]any{"items": []json.RawMessage{json.RawMessage(interactionBody("i-3", "crm-1"))}})
			repPath, teamPath := fmt.Sprintf("/reps/%d", r.ID), fmt.Sprintf("/teams/%d", team.ID)
			kim := mustUser(t, env, all, `{"email":"kim@example.com","role":"admin"}`)
			lou := mustUser(t, env, all, `{"email":"lou@example.com","role":"leader"}`)
			hook, spareHook := fmt.Sprintf("/webhooks/%d", mustWebhookOf(t, env)), fmt.Sprintf("/webhooks/%d", mustWebhookOf(t, env))

			rows := []struct {
				op, path, body string // op as routes.go writes it; path with real ids
				scope          surveys.Scope
				ok             int
			}{
				{"POST /reps", "/reps", `{"external_id":"crm-2","name":"Grace","email":"grace@example.com"}`, surveys.ScopeManage, 201},
				{"GET /reps", "/reps", "", surveys.ScopeRead, 200},
				{"GET /reps/{id}", repPath, "", surveys.ScopeRead, 200},
				{"DELETE /reps/{id}", fmt.Sprintf("/reps/%d", temp.ID), "", surveys.ScopeManage, 200},
				{"POST /teams", "/teams", `{"name":"Support"}`, surveys.ScopeManage, 201},
				{"GET /teams", "/teams", "", surveys.ScopeRead, 200},
				{"GET /teams/{id}", teamPath, "", surveys.ScopeRead, 200},
				{"PATCH /teams/{id}", teamPath, `{"name":"Field sales"}`, surveys.ScopeManage, 200},
				{"POST /interactions", "/interactions", interactionBody("i-2", "crm-1"), surveys.ScopeInteractions, 201},
				{"POST /interactions:batch", "/interactions:batch", string(batch), surveys.ScopeInteractions, 200},
				{"GET /interactions/{id}", fmt.Sprintf("/interactions/%d", in.ID), "", surveys.ScopeRead, 200},
				{"POST /interactions/{id}/exclusion", fmt.Sprintf("/interactions/%d/exclusion", unsent.ID), `{"reason":"Legal dispute"}`, surveys.ScopeManage, 201},
				// The low answer counts, so reinstating it is a conflict: past authorization.
				{"POST /responses/{id}/reinstate", fmt.Sprintf("/responses/%d/reinstate", low.ResponseID), "", surveys.ScopeManage, 409},
				{"POST /interactions/{id}/outcome", fmt.Sprintf("/interactions/%d/outcome", in.ID), `{"outcome":"won"}`, surveys.ScopeInteractions, 200},
				{"GET /invitations", "/invitations", "", surveys.ScopeRead, 200},
				{"GET /scores/reps", "/scores/reps", "", surveys.ScopeRead, 200},
				{"GET /scores/reps/{id}", "/scores" + repPath, "", surveys.ScopeRead, 200},
				{"GET /scores/teams/{id}", "/scores" + teamPath, "", surveys.ScopeRead, 200},
				{"GET /scores/org", "/scores/org", "", surveys.ScopeRead, 200},
				{"GET /reports/reps/{id}.pdf", fmt.Sprintf("/reports/reps/%d.pdf", r.ID), "", surveys.ScopeRead, 200},
				{"GET /reports/teams/{id}.pdf", "/reports" + teamPath + ".pdf", "", surveys.ScopeRead, 200},
				{"GET /reports/teams/{id}/cards.zip", "/reports" + teamPath + "/cards.zip", "", surveys.ScopeRead, 200},
				{"GET /reports/org/cards.zip", "/reports/org/cards.zip", "", surveys.ScopeRead, 200},
				{"GET /responses", "/responses", "", surveys.ScopeRead, 200},
				{"GET /alerts", "/alerts", "", surveys.ScopeRead, 200},
				{"GET /alerts/{id}", alert, "", surveys.ScopeRead, 200},
				{"POST /alerts/{id}/transitions", alert + "/transitions", `{"to":"acknowledged"}`, surveys.ScopeManage, 200},
				{"POST /suppressions", "/suppressions", `{"email":"bounced@example.org","reason":"bounced"}`, surveys.ScopeManage, 204},
				{"DELETE /buyers/{email}", "/buyers/buyer-i-1@example.org", "", surveys.ScopeManage, 204},
				{"POST /users", "/users", `{"email":"lee@example.com","role":"leader"}`, surveys.ScopeManage, 201},
				{"GET /users", "/users", "", surveys.ScopeManage, 200},
				{"POST /users/{id}/sign-in-link", fmt.Sprintf("/users/%d/sign-in-link", kim.ID), "", surveys.ScopeManage, 202},
				{"PATCH /users/{id}", fmt.Sprintf("/users/%d", lou.ID), `{"name":"Lou"}`, surveys.ScopeManage, 200},
				{"DELETE /users/{id}", fmt.Sprintf("/users/%d", lou.ID), "", surveys.ScopeManage, 200},
				{"POST /users/{id}/reactivate", fmt.Sprintf("/users/%d/reactivate", lou.ID), "", surveys.ScopeManage, 200},
				{"POST /api-keys", "/api-keys", `{"name":"CRM"}`, surveys.ScopeManage, 201},
				{"GET /api-keys", "/api-keys", "", surveys.ScopeManage, 200},
				{"DELETE /api-keys/{id}", fmt.Sprintf("/api-keys/%d", spare), "", surveys.ScopeManage, 204},
				{"GET /settings", "/settings", "", surveys.ScopeRead, 200},
				{"PATCH /settings", "/settings", `{"rep_cards":true}`, surveys.ScopeManage, 200},
				{"PUT /settings/logo", "/settings/logo", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"><rect width="4" height="2"/></svg>`, surveys.ScopeManage, 200},
				{"GET /settings/logo", "/settings/logo", "", surveys.ScopeManage, 200},
				{"DELETE /settings/logo", "/settings/logo", "", surveys.ScopeManage, 204},
				{"GET /survey", "/survey", "", surveys.ScopeRead, 200},
				{"PUT /survey", "/survey", `{"questions":[{"key":"understood","texts":{"en":"{rep} got it."}},{"key":"diagnosed","texts":{"en":"{rep} asked."}},
{"key":"interest","texts":{"en":"{rep} put me first."}},{"key":"prepared","texts":{"en":"{rep} was prepared."}},{"key":"fit_honesty","texts":{"en":"{rep} was honest about the fit."}},
{"key":"recommend","texts":{"en":"Recommend {rep}?"}},{"key":"comment","texts":{"en":"What could {rep} do better?"}}]}`, surveys.ScopeManage, 200},
				{"GET /mail", "/mail", "", surveys.ScopeManage, 200},
				{"GET /audit", "/audit", "", surveys.ScopeManage, 200},
				{"POST /webhooks", "/webhooks", `{"url":"https://hooks.acme.test/new","events":["alert.opened"]}`, surveys.ScopeManage, 201},
				{"GET /webhooks", "/webhooks", "", surveys.ScopeManage, 200},
				{"GET /webhooks/{id}", hook, "", surveys.ScopeManage, 200},
				{"PATCH /webhooks/{id}", hook, `{"enabled":true}`, surveys.ScopeManage, 200},
				{"POST /webhooks/{id}/secret", hook + "/secret", "", surveys.ScopeManage, 200},
				{"POST /webhooks/{id}/test", hook + "/test", "", surveys.ScopeManage, 202},
				{"GET /webhooks/{id}/deliveries", hook + "/deliveries", "", surveys.ScopeManage, 200},
				{"DELETE /webhooks/{id}", spareHook, "", surveys.ScopeManage, 204},
				{"GET /webhook-settings", "/webhook-settings", "", surveys.ScopeManage, 200},
				{"PUT /webhook-settings", "/webhook-settings", `{"allow_private":false}`, surveys.ScopeManage, 200},
			}
			covered := map[string]bool{}
			var scenarios []apitest.Scenario
			for _, row := range rows {
				covered[row.op] = true
				method, _, _ := strings.Cut(row.op, " ")
				// Refusals first: the allowed call may change what they would see.
				for _, allowed := range []bool{false, true} {
					for _, s := range surveys.AllScopes {
						// manage includes read; nothing else includes anything.
						if can := s == row.scope || s == surveys.ScopeManage && row.scope == surveys.ScopeRead; can != allowed {
							continue
						}
						sc := apitest.Scenario{Name: row.op + " " + string(s), Method: method, Path: "/api/v1" + row.path,
							Key: keys[s], Body: row.body, WantStatus: 403, WantHeader: problem, WantContains: []string{"lacks the"}}
						if allowed {
							sc.WantStatus, sc.WantHeader, sc.WantContains = row.ok, nil, nil
						}
						scenarios = append(scenarios, sc)
					}
				}
			}
			for _, op := range routeTable(t) {
				if !covered[op] {
					t.Errorf("route %s of routes.go has no row in the scope matrix", op)
				}
			}
			apitest.Run(t, env, scenarios)
		})
	}
}

// interactionBody is a valid interaction of rep with a fresh buyer.
func interactionBody(ext, rep string) string {
	return fmt.Sprintf(`{"external_id":%q,"rep":%q,"buyer":{"email":"buyer-%s@example.org"},"occurred_at":%q,"kind":"meeting"}`,
		ext, rep, ext, time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
}
