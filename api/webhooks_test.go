package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store/storetest"
)

// Every event reaches a real receiver on loopback, signed with the
// endpoint's secret, in the order it happened: a suppressed invitation, a
// buyer's answer and the alert it opened, the changed answer, and a step
// of the alert's follow-up. An endpoint that wants only alert.opened gets
// only that. The bodies carry ids and scores, never the buyer's address or
// comment, and the delivery log shows each attempt.
func TestWebhookEvents(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := mustWebhookEnv(t, driver, apitest.Options{})
			all, alerts := mustReceiver(t, nil), mustReceiver(t, nil)
			e := mustEndpoint(t, env, key, all.URL+"/hooks", surveys.WebhookEvents...)
			mustEndpoint(t, env, key, alerts.URL+"/alerts", surveys.EventAlertOpened)
			if !strings.HasPrefix(e.Secret, "whsec_") {
				t.Fatalf("secret %q", e.Secret)
			}
			mustHookOutbox(t, env, outbox.Options{})
			env.MustDo(t, http.MethodPost, "/api/v1/reps", key, `{"external_id":"crm-7","name":"Ada","email":"ada@acme.test"}`, http.StatusCreated, nil)
			stale := mustInteraction(t, env, key, ixBody("ix-old", "crm-7", "old@buyer.example", time.Now().AddDate(0, 0, -40)), http.StatusCreated)
			wantSuppressed(t, stale, surveys.ReasonStale)
			in := mustInteraction(t, env, key, ixBody("ix-1", "crm-7", "buyer@buyer.example", time.Now().Add(-3*time.Hour)), http.StatusCreated)
			env.MustSend(t, in.Invitation.ID)
			token := surveys.InvitationToken(env.Org.Secret, in.Invitation.ID)
			ctx := context.Background()
			if _, err := env.Services.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: map[string]int{surveys.QUnderstood: 1},
				Comment: "Secret comment"}); err != nil {
				t.Fatal(err)
			}
			if _, err := env.Services.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: map[string]int{surveys.QUnderstood: 2, surveys.QRecommend: 9}}); err != nil {
				t.Fatal(err)
			}
			alertID := mustAlertOf(t, env, in.RepID)
			env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/transitions", alertID), key, `{"to":"acknowledged"}`, http.StatusOK, nil)

			got := all.wait(t, 5, 30*time.Second)
			var types []string
			ids := map[string]bool{}
			for _, h := range got {
				if err := verifyTrustcard(e.Secret, h.Signature, h.Body, time.Now()); err != nil {
					t.Errorf("%s: signature %q: %v", h.Event, h.Signature, err)
				}
				var body struct {
					ID, Type  string
					CreatedAt time.Time `json:"created_at"`
					Data      map[string]any
				}
				if err := json.Unmarshal(h.Body, &body); err != nil {
					t.Fatalf("body %s: %v", h.Body, err)
				}
				if body.ID != h.ID || body.Type != h.Event || !strings.HasPrefix(body.ID, "evt_") || body.CreatedAt.IsZero() || ids[body.ID] {
					t.Errorf("body %s with headers %s %s: want its own evt_ id, its type and its time", h.Body, h.ID, h.Event)
				}
				ids[body.ID] = true
				types = append(types, body.Type)
				for _, secret := range []string{"buyer.example", "Secret comment"} {
					if strings.Contains(string(h.Body), secret) {
						t.Errorf("%s carries %q: %s", body.Type, secret, h.Body)
					}
				}
			}
			want := []string{surveys.EventInvitationSuppressed, surveys.EventResponseCreated, surveys.EventAlertOpened,
				surveys.EventResponseUpdated, surveys.EventAlertTransitioned}
			if strings.Join(types, " ") != strings.Join(want, " ") {
				t.Errorf("events %v, want %v", types, want)
			}
			for i, part := range []string{`"reason":"stale"`, `"trust":0,`, `"status":"open"`, `"trust":25,`, `"from":"open"`} {
				if i < len(got) && (!strings.Contains(string(got[i].Body), part) || !strings.Contains(string(got[i].Body), `"external_id":"crm-7"`)) {
					t.Errorf("%s lacks %s or the rep's external id: %s", types[i], part, got[i].Body)
				}
			}
			if h := alerts.wait(t, 1, 10*time.Second); len(h) != 1 || h[0].Event != surveys.EventAlertOpened {
				t.Errorf("the alerts-only endpoint got %d webhooks, want alert.opened alone", len(h))
			}
			log := mustLogOf(t, env, key, e.ID, 5)
			if len(log) != 5 || !log[0].Succeeded || log[0].StatusCode != 200 || log[0].Type != surveys.EventAlertTransitioned || log[0].Attempt != 1 {
				t.Errorf("delivery log %+v, want 5 attempts, newest first, all 200", log)
			}
		})
	}
}

// A receiver that fails gets the event again after waits that double,
// and every later event waits for it; once it answers 2xx, nothing it
// accepted is sent again. The log shows each attempt.
func TestWebhookRetriesInOrder(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := mustWebhookEnv(t, driver, apitest.Options{})
			rc := mustReceiver(t, func(n int, _ *http.Request, _ http.ResponseWriter) int {
				if n <= 3 {
					return http.StatusInternalServerError
				}
				return http.StatusNoContent
			})
			e := mustEndpoint(t, env, key, rc.URL, surveys.EventAlertOpened)
			for range 3 {
				env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/webhooks/%d/test", e.ID), key, "", http.StatusAccepted, nil)
			}
			mustHookOutbox(t, env, outbox.Options{WebhookBackoff: 200 * time.Millisecond})
			got := rc.wait(t, 6, 30*time.Second)
			time.Sleep(time.Second) // time enough for a duplicate to show
			got = rc.hooks()
			if len(got) != 6 {
				t.Fatalf("%d requests, want 6 (3 failures, then 3 events once each)", len(got))
			}
			first := got[0].ID
			for i, h := range got[:4] {
				if h.ID != first {
					t.Errorf("request %d is %s, want the first event %s again: a later event went ahead", i+1, h.ID, first)
				}
			}
			for i := 1; i < 4; i++ { // 200 ms, 400 ms, 800 ms
				gap, least := got[i].At.Sub(got[i-1].At), time.Duration(1<<(i-1))*200*time.Millisecond
				if gap < least*9/10 {
					t.Errorf("retry %d came after %v, want at least %v", i, gap, least)
				}
			}
			if got[4].ID == got[5].ID || got[4].ID == first || got[5].ID == first {
				t.Errorf("after the first event: %s, %s; want the two others once each", got[4].ID, got[5].ID)
			}
			log := mustLogOf(t, env, key, e.ID, 6)
			if len(log) != 6 || log[5].Attempt != 1 || log[5].StatusCode != 500 || log[5].Error == "" || log[2].Attempt != 4 || !log[2].Succeeded {
				t.Errorf("delivery log %+v, want 6 lines: attempts 1–3 of the first event failing with 500, the 4th a success", log)
			}
		})
	}
}

// A receiver that hangs holds up neither the other endpoints nor the
// events behind it for longer than the timeout: another endpoint's event
// arrives while it hangs, and the hanging attempt is logged as timed out.
func TestWebhookHangingReceiver(t *testing.T) {
	env, key := mustWebhookEnv(t, "sqlite", apitest.Options{})
	release := make(chan struct{})
	hang := mustReceiver(t, func(n int, r *http.Request, _ http.ResponseWriter) int {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return http.StatusOK
	})
	defer close(release)
	ok := mustReceiver(t, nil)
	h := mustEndpoint(t, env, key, hang.URL, surveys.EventAlertOpened)
	o := mustEndpoint(t, env, key, ok.URL, surveys.EventAlertOpened)
	env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/webhooks/%d/test", h.ID), key, "", http.StatusAccepted, nil)
	mustHookOutbox(t, env, outbox.Options{Concurrency: 1})
	for deadline := time.Now().Add(10 * time.Second); len(hang.hooks()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the hanging receiver got nothing")
		}
	}
	started := time.Now()
	env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/webhooks/%d/test", o.ID), key, "", http.StatusAccepted, nil)
	ok.wait(t, 1, 8*time.Second) // the hanging post times out after 10 s
	t.Logf("the other endpoint's event arrived %v after it was queued, while one receiver hung", time.Since(started).Round(time.Millisecond))
	if got := hang.hooks(); got[0].Status != 0 {
		t.Fatalf("the hanging receiver answered already; the test proves nothing")
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if log := mustLog(t, env, key, h.ID); len(log) > 0 {
			if !strings.Contains(log[0].Error, "timed out") || log[0].StatusCode != 0 {
				t.Errorf("the hanging attempt is logged as %+v, want a timeout", log[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hanging attempt was never logged")
		}
	}
}
