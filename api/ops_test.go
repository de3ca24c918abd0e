package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// csp is the start of the Content-Security-Policy every response carries.
const csp = "default-src 'self'"

func TestOps(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeRead)
			env.MustDo(t, http.MethodGet, "/api/v1/reps", key, "", http.StatusOK, nil)
			secure := map[string]string{"X-Content-Type-Options": "nosniff", "Content-Security-Policy": csp,
				"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "X-Request-Id": ""}
			html := map[string]string{"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp}

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "Healthz", Method: "GET", Path: "/healthz", WantStatus: 200, WantContains: []string{`"status":"ok"`}, WantHeader: secure},
				{Name: "Readyz", Method: "GET", Path: "/readyz", WantStatus: 200, WantContains: []string{`"database":"up"`}, WantHeader: secure},
				{Name: "Metrics", Method: "GET", Path: "/metrics", WantStatus: 200, WantHeader: map[string]string{"Content-Type": "text/plain"},
					WantContains: []string{"# TYPE trustcard_http_request_duration_seconds histogram",
						`trustcard_http_request_duration_seconds_count{method="GET",route="/api/v1/reps",status="200"} 1`},
					WantNotContains: []string{key}},
				{Name: "Home", Method: "GET", Path: "/", WantStatus: 200, WantContains: []string{"<!doctype html>", "Trustcard", "/api/v1/docs"}, WantHeader: html},
				{Name: "UnknownAPIPath", Method: "GET", Path: "/api/v1/nothing-here", WantStatus: 404,
					WantContains: []string{`"status":404`, "/api/v1/nothing-here"}, WantHeader: map[string]string{"Content-Type": problem["Content-Type"], "X-Content-Type-Options": "nosniff"}},
				{Name: "UnknownAPIPathWithKey", Method: "GET", Path: "/api/v2/reps", Key: key, WantStatus: 404, WantHeader: problem},
				{Name: "UnknownMethodOnAPIPath", Method: "PUT", Path: "/api/v1/reps", Key: key, Body: `{}`, WantStatus: 404, WantHeader: problem},
				{Name: "CustomMethodIsExact", Method: "POST", Path: "/api/v1/interactions:batchy", Key: key, Body: `{"items":[]}`, WantStatus: 404, WantHeader: problem},
				{Name: "UnknownPage", Method: "GET", Path: "/no/such/page", WantStatus: 404, WantHeader: html,
					WantContains: []string{"<html", "404"}, WantNotContains: []string{`"status":404`}},
				{Name: "UnknownStaticFile", Method: "GET", Path: "/static/nope/x.css", WantStatus: 404, WantHeader: html},
			})

			// The stylesheet the pages link to is served, cached for good.
			home := env.MustDo(t, http.MethodGet, "/", "", "", http.StatusOK, nil)
			css := regexp.MustCompile(`href="(/static/[0-9a-f]+/[^"]+\.css)"`).FindSubmatch(home.Body)
			if css == nil {
				t.Fatalf("home page links no stylesheet:\n%s", home.Body)
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "Stylesheet", Method: "GET", Path: string(css[1]), WantStatus: 200,
					WantHeader: map[string]string{"Content-Type": "text/css", "Cache-Control": "immutable", "X-Content-Type-Options": "nosniff"}},
			})
		})
	}
}

// The home page counts the org's reps and teams and shows its address.
func TestHomeCounts(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			for i := range 3 {
				mustRep(t, env, key, fmt.Sprintf("crm-%d", i), "Rep", fmt.Sprintf("rep%d@example.com", i), http.StatusCreated)
			}
			mustTeam(t, env, key, `{"name":"Sales"}`)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoCountsForVisitors", Method: "GET", Path: "/", WantStatus: 200,
					WantContains: []string{env.URL + "/api/v1/reps", "/api/v1/docs"}, WantNotContains: []string{"you can see"}},
			})
		})
	}
}

// Without its database the process is alive but not ready.
func TestReadyzWithoutDatabase(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			if err := env.DB.Close(); err != nil {
				t.Fatal(err)
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NotReady", Method: "GET", Path: "/readyz", WantStatus: 503, WantContains: []string{`"database":"down"`},
					WantHeader: map[string]string{"Retry-After": "2"}},
				{Name: "APISaysTryAgain", Method: "GET", Path: "/api/v1/reps", Key: "tck_any", WantStatus: 503,
					WantContains: []string{"try again shortly"}, WantHeader: map[string]string{"Retry-After": "2"}},
				{Name: "StillAlive", Method: "GET", Path: "/healthz", WantStatus: 200},
			})
		})
	}
}

// GET /audit lists every write, newest first, with who made it.
func TestAuditLog(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeManage)
			r := mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			mustRep(t, env, key, "crm-1", "Ada King", "ada@example.com", http.StatusOK)
			env.MustDo(t, http.MethodDelete, fmt.Sprintf("/api/v1/reps/%d", r.ID), key, "", http.StatusOK, nil)
			tm := mustTeam(t, env, key, `{"name":"Sales"}`)
			env.MustDo(t, http.MethodPatch, fmt.Sprintf("/api/v1/teams/%d", tm.ID), key, `{"name":"Field sales"}`, http.StatusOK, nil)
			u := mustUser(t, env, key, `{"email":"lee@example.com","role":"leader"}`)
			var k apiKey
			env.MustDo(t, http.MethodPost, "/api/v1/api-keys", key, `{"name":"CRM"}`, http.StatusCreated, &k)
			env.MustDo(t, http.MethodDelete, fmt.Sprintf("/api/v1/api-keys/%d", k.ID), key, "", http.StatusNoContent, nil)
			env.MustDo(t, http.MethodPatch, "/api/v1/settings", key, `{"rep_cards":true}`, http.StatusOK, nil)
			env.MustDo(t, http.MethodGet, "/api/v1/reps", key, "", http.StatusOK, nil) // reads are not audited

			var log struct {
				Items []struct{ Actor, Action, Target, Detail string }
				Total int
			}
			env.MustDo(t, http.MethodGet, "/api/v1/audit?limit=500", key, "", http.StatusOK, &log)
			var got []string
			for _, e := range log.Items {
				if e.Actor == "test" {
					continue // the keys apitest made
				}
				if !strings.HasPrefix(e.Actor, "key:test ") {
					t.Errorf("entry %+v: actor = %q, want the key's name", e, e.Actor)
				}
				got = append(got, e.Action+" "+e.Target)
			}
			want := []string{
				fmt.Sprintf("settings.update org:%d", env.Org.ID),
				fmt.Sprintf("apikey.revoke apikey:%d", k.ID),
				fmt.Sprintf("apikey.create apikey:%d", k.ID),
				fmt.Sprintf("user.create user:%d", u.ID),
				fmt.Sprintf("team.update team:%d", tm.ID),
				fmt.Sprintf("team.create team:%d", tm.ID),
				fmt.Sprintf("rep.active rep:%d", r.ID),
				fmt.Sprintf("rep.upsert rep:%d", r.ID),
				fmt.Sprintf("rep.upsert rep:%d", r.ID),
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("audit log, newest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if log.Total != len(log.Items) {
				t.Errorf("total = %d, want %d", log.Total, len(log.Items))
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "Paginated", Method: "GET", Path: "/api/v1/audit?limit=1", Key: key, WantStatus: 200,
					WantContains: []string{`"action":"settings.update"`, `"limit":1`}, WantNotContains: []string{"apikey.revoke"}},
				{Name: "OtherOrgSeesNone", Method: "GET", Path: "/api/v1/audit", Key: env.MustOtherOrgKey(t), WantStatus: 200,
					WantNotContains: []string{"rep.upsert", "settings.update"}},
				{Name: "LimitAbove500", Method: "GET", Path: "/api/v1/audit?limit=501", Key: key, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"query.limit"}},
			})
		})
	}
}
