package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
)

// An endpoint that fails for a day without a success is disabled: what it
// had pending is cancelled, and each admin gets an email at a real SMTP
// server saying so, with a link to the webhooks page; a leader gets none.
func TestWebhookDisabledAfterADay(t *testing.T) {
	clk := newTestClock()
	env, key := mustWebhookEnv(t, "sqlite", apitest.Options{Clock: clk})
	mustUser(t, env, key, `{"email":"ada@acme.test","role":"admin","name":"Ada"}`)
	mustUser(t, env, key, `{"email":"lee@acme.test","role":"leader"}`)
	rc := mustReceiver(t, func(int, *http.Request, http.ResponseWriter) int { return http.StatusServiceUnavailable })
	e := mustEndpoint(t, env, key, rc.URL, surveys.EventAlertOpened)
	for range 2 {
		env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/webhooks/%d/test", e.ID), key, "", http.StatusAccepted, nil)
	}
	ob, sk := mustSinkOutboxWith(t, env, outbox.Options{})
	run := func() {
		t.Helper()
		for range 5 {
			if _, err := ob.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	run() // the first attempt fails; the retry waits 10 s
	clk.Advance(23 * time.Hour)
	run() // fails again, within the day
	var got endpoint
	env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/webhooks/%d", e.ID), key, "", http.StatusOK, &got)
	if !got.Enabled {
		t.Fatal("disabled before a day of failures")
	}
	clk.Advance(2 * time.Hour)
	run() // fails a day after the first failure: disabled, the admin's email sent
	env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/webhooks/%d", e.ID), key, "", http.StatusOK, &got)
	if got.Enabled || got.DisabledReason != "failing" {
		t.Errorf("after a day of failures: enabled %v, reason %q; want disabled, failing", got.Enabled, got.DisabledReason)
	}
	sk.WaitCount(t, 1, 10*time.Second)
	clk.Advance(time.Hour)
	run()
	hooks := rc.hooks()
	if len(hooks) != 3 || hooks[2].ID != hooks[0].ID {
		t.Errorf("the receiver got %d requests, want the first event 3 times and the second, cancelled, never", len(hooks))
	}
	snap := sk.Snapshot()
	if len(snap.Messages) != 1 || strings.Join(snap.Messages[0].To, ",") != "ada@acme.test" {
		t.Fatalf("emails %+v, want one to the admin", snap.Messages)
	}
	m := mailtest.MustParse(t, snap.Messages[0].Data)
	if !strings.Contains(m.Subject, "Webhook disabled: "+rc.URL) || !strings.Contains(m.Text, env.URL+"/app/admin/webhooks") ||
		!strings.Contains(m.Text, "503") {
		t.Errorf("email %q lacks the endpoint, the last error or the link:\n%s", m.Subject, m.Text)
	}
	log := mustLog(t, env, key, e.ID)
	if len(log) != 3 || log[0].Attempt != 3 || log[0].StatusCode != http.StatusServiceUnavailable {
		t.Errorf("log %+v, want 3 failed attempts", log)
	}
	// Enabling it again starts afresh.
	env.MustDo(t, http.MethodPatch, fmt.Sprintf("/api/v1/webhooks/%d", e.ID), key, `{"enabled":true}`, http.StatusOK, &got)
	if !got.Enabled || got.DisabledReason != "" {
		t.Errorf("enabled again: %+v", got)
	}
}
