package api_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/outbox"
	"trustcard/surveys/webhook"
)

// names is a DNS for names no real DNS knows; others go to the system's.
func names(m map[string]string) surveys.Resolver {
	return func(ctx context.Context, host string) ([]netip.Addr, error) {
		if ip, ok := m[host]; ok {
			return []netip.Addr{netip.MustParseAddr(ip)}, nil
		}
		return surveys.SystemResolver(ctx, host)
	}
}

// Endpoints on loopback, link-local, private or metadata addresses, named
// by address in any form or by a name resolving to one, are refused with
// a 422 naming the url while private addresses are not allowed; allowing
// them lets loopback in and keeps the metadata address out.
func TestWebhookSSRF(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	key := env.MustKey(t)
	env.Services.Webhooks.UseResolver(names(map[string]string{"hooks.internal.test": "127.0.0.1",
		"meta.internal.test": "169.254.169.254", "ten.internal.test": "10.0.0.1", "public.test": "93.184.216.34"}))
	body := func(u string) string { return fmt.Sprintf(`{"url":%q,"events":["alert.opened"]}`, u) }
	var cases []apitest.Scenario
	for _, u := range []string{"https://127.0.0.1/h", "https://localhost/h", "https://[::1]/h", "https://169.254.169.254/latest/meta-data",
		"https://10.0.0.1/h", "https://2130706433/h", "https://0x7f.1/h", "https://017700000001/h", "https://[::ffff:127.0.0.1]/h",
		"https://192.168.1.10/h", "https://172.16.0.1/h", "https://[fd00::1]/h", "https://[fe80::1]/h", "https://0.0.0.0/h",
		"https://224.0.0.1/h", "https://hooks.internal.test/h", "https://meta.internal.test/h", "https://ten.internal.test:8443/h"} {
		cases = append(cases, apitest.Scenario{Name: "Refused " + u, Method: http.MethodPost, Path: "/api/v1/webhooks", Key: key, Body: body(u),
			WantStatus: http.StatusUnprocessableEntity, WantContains: []string{"url", "address"}})
	}
	cases = append(cases,
		apitest.Scenario{Name: "PlainHTTP", Method: http.MethodPost, Path: "/api/v1/webhooks", Key: key, Body: body("http://public.test/h"),
			WantStatus: http.StatusUnprocessableEntity, WantContains: []string{"url", "https"}},
		apitest.Scenario{Name: "Credentials", Method: http.MethodPost, Path: "/api/v1/webhooks", Key: key, Body: body("https://u:p@public.test/h"),
			WantStatus: http.StatusUnprocessableEntity, WantContains: []string{"url", "password"}},
		apitest.Scenario{Name: "UnknownEvent", Method: http.MethodPost, Path: "/api/v1/webhooks", Key: key,
			Body: `{"url":"https://public.test/h","events":["response.deleted"]}`, WantStatus: http.StatusUnprocessableEntity, WantContains: []string{"events"}},
		apitest.Scenario{Name: "Public", Method: http.MethodPost, Path: "/api/v1/webhooks", Key: key, Body: body("https://public.test/h"),
			WantStatus: http.StatusCreated, WantContains: []string{`"secret":"whsec_`}},
		apitest.Scenario{Name: "ChangedToLoopback", Method: http.MethodPatch, Path: "/api/v1/webhooks/1", Key: key, Body: `{"url":"https://2130706433/x"}`,
			WantStatus: http.StatusUnprocessableEntity, WantContains: []string{"url", "127.0.0.1"}},
	)
	apitest.Run(t, env, cases)
	if n := env.MustTotal(t, "/api/v1/webhooks", key); n != 1 {
		t.Errorf("%d endpoints saved, want the public one only", n)
	}
	env.MustDo(t, http.MethodPut, "/api/v1/webhook-settings", key, `{"allow_private":true}`, http.StatusOK, nil)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "AllowedLoopback", Method: http.MethodPost, Path: "/api/v1/webhooks", Key: key, Body: body("http://127.0.0.1:9/h"), WantStatus: http.StatusCreated},
		{Name: "MetadataStillRefused", Method: http.MethodPost, Path: "/api/v1/webhooks", Key: key, Body: body("http://169.254.169.254/"),
			WantStatus: http.StatusUnprocessableEntity, WantContains: []string{"metadata"}},
	})
	var audit struct {
		Items []struct{ Action string } `json:"items"`
	}
	env.MustDo(t, http.MethodGet, "/api/v1/audit", key, "", http.StatusOK, &audit)
	found := false
	for _, e := range audit.Items {
		found = found || e.Action == "webhook.settings"
	}
	if !found {
		t.Error("allowing private addresses is not in the audit log")
	}
}

// The address is checked again at every connection, on the address the
// dialer connects to: a name that resolved to a public address when the
// endpoint was saved and resolves to loopback now, and a loopback endpoint
// saved while private addresses were allowed and refused since, reach
// nothing; a redirect, even to an allowed address, is not followed.
func TestWebhookSSRFAtConnect(t *testing.T) {
	env, key := mustWebhookEnv(t, "sqlite", apitest.Options{})
	rc := mustReceiver(t, nil)
	port := rc.Listener.Addr().(*net.TCPAddr).Port
	env.Services.Webhooks.UseResolver(names(map[string]string{"public.test": "93.184.216.34"}))
	saved := mustEndpoint(t, env, key, rc.URL+"/saved-while-allowed", surveys.EventAlertOpened)
	target := mustReceiver(t, nil)
	redirect := mustReceiver(t, func(_ int, _ *http.Request, w http.ResponseWriter) int {
		w.Header().Set("Location", target.URL+"/elsewhere")
		return http.StatusFound
	})
	moved := mustEndpoint(t, env, key, redirect.URL, surveys.EventAlertOpened)
	env.MustDo(t, http.MethodPut, "/api/v1/webhook-settings", key, `{"allow_private":false}`, http.StatusOK, nil)
	rebound := mustEndpoint(t, env, key, fmt.Sprintf("https://public.test:%d/rebound", port), surveys.EventAlertOpened)
	mustHookOutbox(t, env, outbox.Options{Webhook: webhook.Options{Resolve: names(map[string]string{"public.test": "127.0.0.1"})}})
	for _, e := range []endpoint{saved, rebound} {
		env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/webhooks/%d/test", e.ID), key, "", http.StatusAccepted, nil)
		log := mustLogOf(t, env, key, e.ID, 1)
		if len(log) == 0 || log[0].StatusCode != 0 || !strings.Contains(log[0].Error, "loopback") {
			t.Errorf("%s: log %+v, want the connection refused as loopback", e.URL, log)
		}
	}
	time.Sleep(300 * time.Millisecond) // a retry or two
	if n := len(rc.hooks()); n != 0 {
		t.Errorf("the receiver behind refused addresses got %d requests", n)
	}
	for _, e := range []endpoint{saved, rebound} { // before private addresses are allowed again
		env.MustDo(t, http.MethodDelete, fmt.Sprintf("/api/v1/webhooks/%d", e.ID), key, "", http.StatusNoContent, nil)
	}
	env.MustDo(t, http.MethodPut, "/api/v1/webhook-settings", key, `{"allow_private":true}`, http.StatusOK, nil)
	env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/webhooks/%d/test", moved.ID), key, "", http.StatusAccepted, nil)
	log := mustLogOf(t, env, key, moved.ID, 1)
	if len(log) == 0 || log[0].StatusCode != http.StatusFound || !strings.Contains(log[0].Error, "redirect not followed") {
		t.Errorf("redirect: log %+v, want a 302 failure", log)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(target.hooks()); n != 0 {
		t.Errorf("the redirect's target got %d requests", n)
	}
}
