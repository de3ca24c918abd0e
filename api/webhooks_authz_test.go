package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
)

// Every webhook route of the API: a key with the manage scope may; a
// read or interactions key may not (403), nor no key (401), nor another
// org's manage key, which finds no such endpoint (404) and lists none of
// this org's.
func TestWebhookAuthorization(t *testing.T) {
	env, admin := mustWebhookEnv(t, "sqlite", apitest.Options{})
	rc := mustReceiver(t, nil)
	e := mustEndpoint(t, env, admin, rc.URL+"/mine", surveys.EventAlertOpened)
	read, ix, other := env.MustKey(t, surveys.ScopeRead), env.MustKey(t, surveys.ScopeInteractions), env.MustOtherOrgKey(t)
	id := fmt.Sprintf("/api/v1/webhooks/%d", e.ID)
	create := fmt.Sprintf(`{"url":%q,"events":["response.created"]}`, rc.URL+"/new")
	routes := []struct {
		method, path, body string
		ok                 int
	}{
		{http.MethodGet, "/api/v1/webhooks", "", http.StatusOK},
		{http.MethodPost, "/api/v1/webhooks", create, http.StatusCreated},
		{http.MethodGet, id, "", http.StatusOK},
		{http.MethodPatch, id, `{"events":["alert.opened","response.created"]}`, http.StatusOK},
		{http.MethodPost, id + "/secret", "", http.StatusOK},
		{http.MethodPost, id + "/test", "", http.StatusAccepted},
		{http.MethodGet, id + "/deliveries", "", http.StatusOK},
		{http.MethodGet, "/api/v1/webhook-settings", "", http.StatusOK},
		{http.MethodPut, "/api/v1/webhook-settings", `{"allow_private":true}`, http.StatusOK},
		{http.MethodDelete, id, "", http.StatusNoContent},
	}
	var cases []apitest.Scenario
	for _, r := range routes {
		name := r.method + " " + r.path
		for who, k := range map[string]string{"ReadKey": read, "InteractionsKey": ix} {
			cases = append(cases, apitest.Scenario{Name: who + " " + name, Method: r.method, Path: r.path, Key: k, Body: r.body,
				WantStatus: http.StatusForbidden, WantNotContains: []string{"/mine"}})
		}
		cases = append(cases, apitest.Scenario{Name: "NoKey " + name, Method: r.method, Path: r.path, Body: r.body, WantStatus: http.StatusUnauthorized})
		otherWant := http.StatusNotFound
		switch r.path {
		case "/api/v1/webhooks", "/api/v1/webhook-settings":
			otherWant = r.ok // its own list and settings
		}
		if r.method == http.MethodPost && r.path == "/api/v1/webhooks" {
			otherWant = http.StatusUnprocessableEntity // its org refuses loopback
		}
		cases = append(cases, apitest.Scenario{Name: "OtherOrg " + name, Method: r.method, Path: r.path, Key: other, Body: r.body,
			WantStatus: otherWant, WantNotContains: []string{"/mine"}})
	}
	for _, r := range routes {
		cases = append(cases, apitest.Scenario{Name: "Manage " + r.method + " " + r.path, Method: r.method, Path: r.path, Key: admin,
			Body: r.body, WantStatus: r.ok})
	}
	apitest.Run(t, env, cases)
}

// The console's webhook pages and forms: the org's admins only; a leader
// or a rep is refused, someone signed out is sent to sign in, and another
// org's admin finds no such endpoint and sees none of this org's.
func TestWebhookConsoleAuthorization(t *testing.T) {
	env, key := mustWebhookEnv(t, "sqlite", apitest.Options{})
	p := mustPeople(t, env)
	rc := mustReceiver(t, nil)
	e := mustEndpoint(t, env, key, rc.URL+"/mine", surveys.EventAlertOpened)
	page := fmt.Sprintf("/app/admin/webhooks/%d", e.ID)
	forms := map[string]url.Values{
		"/app/admin/webhooks":          {"url": {rc.URL + "/new"}, "event_alert.opened": {"1"}},
		"/app/admin/webhooks/settings": {"allow_private": {"1"}},
		page:                           {"url": {rc.URL + "/mine"}, "event_alert.opened": {"1"}, "enabled": {"1"}},
		page + "/test":                 {},
		page + "/secret":               {},
		page + "/delete":               {},
	}
	var cases []pageCase
	for _, path := range []string{"/app/admin/webhooks", page} {
		for _, who := range []string{asLeader, asRep} {
			cases = append(cases, pageCase{name: who + " GET " + path, who: who, method: "GET", path: path, want: http.StatusForbidden, lacks: []string{"/mine"}})
		}
		cases = append(cases, pageCase{name: "signed out GET " + path, who: asNobody, method: "GET", path: path, want: http.StatusSeeOther})
	}
	for path, form := range forms {
		for _, who := range []string{asLeader, asRep} {
			cases = append(cases, pageCase{name: who + " POST " + path, who: who, method: "POST", path: path, form: cloneForm(form), want: http.StatusForbidden})
		}
		cases = append(cases, pageCase{name: "signed out POST " + path, who: asNobody, method: "POST", path: path, form: cloneForm(form), want: http.StatusSeeOther})
		if path != "/app/admin/webhooks" && path != "/app/admin/webhooks/settings" {
			cases = append(cases, pageCase{name: "other org POST " + path, who: asOtherAdmin, method: "POST", path: path, form: cloneForm(form), want: http.StatusNotFound})
		}
	}
	cases = append(cases,
		pageCase{name: "other org's list", who: asOtherAdmin, method: "GET", path: "/app/admin/webhooks", want: 200, lacks: []string{"/mine"}},
		pageCase{name: "other org's page", who: asOtherAdmin, method: "GET", path: page, want: 404, lacks: []string{"/mine"}},
		pageCase{name: "admin's list", who: asAdmin, method: "GET", path: "/app/admin/webhooks", want: 200, contains: []string{rc.URL + "/mine"}},
		pageCase{name: "admin's page", who: asAdmin, method: "GET", path: page, want: 200, contains: []string{rc.URL + "/mine", "Delivery log"}},
		pageCase{name: "admin sends a test", who: asAdmin, method: "POST", path: page + "/test", form: url.Values{}, want: http.StatusSeeOther},
		pageCase{name: "admin makes a new secret", who: asAdmin, method: "POST", path: page + "/secret", form: url.Values{}, want: 200, contains: []string{"whsec_"}},
		pageCase{name: "admin adds a loopback endpoint while refused", who: asAdmin, method: "POST", path: "/app/admin/webhooks/settings", form: url.Values{}, want: http.StatusSeeOther},
		pageCase{name: "admin is refused loopback", who: asAdmin, method: "POST", path: "/app/admin/webhooks",
			form: url.Values{"url": {"https://127.0.0.1/x"}, "event_alert.opened": {"1"}}, want: 422, contains: []string{"loopback", `aria-invalid="true"`}},
		pageCase{name: "admin deletes", who: asAdmin, method: "POST", path: page + "/delete", form: url.Values{}, want: http.StatusSeeOther},
	)
	runPages(t, env, p, cases)
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
