package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/outbox"
)

// hook is one request a test receiver got.
type hook struct {
	At                   time.Time
	Signature, Event, ID string
	Body                 []byte
	Status               int // what the receiver answered
}

// receiver is a real HTTP server on loopback that records every webhook
// and answers with answer(n) for the n-th request (from 1).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []hook
	answer func(n int, r *http.Request, w http.ResponseWriter) int
}

// mustReceiver starts a receiver that answers 200, or as answer says.
func mustReceiver(t *testing.T, answer func(n int, r *http.Request, w http.ResponseWriter) int) *receiver {
	t.Helper()
	rc := &receiver{answer: answer}
	if rc.answer == nil {
		rc.answer = func(int, *http.Request, http.ResponseWriter) int { return http.StatusOK }
	}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.got) + 1
		rc.got = append(rc.got, hook{At: time.Now(), Signature: r.Header.Get("Trustcard-Signature"),
			Event: r.Header.Get("Trustcard-Event"), ID: r.Header.Get("Trustcard-Event-Id"), Body: body})
		rc.mu.Unlock()
		status := rc.answer(n, r, w)
		rc.mu.Lock()
		rc.got[n-1].Status = status
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// hooks returns what the receiver got so far.
func (rc *receiver) hooks() []hook {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]hook(nil), rc.got...)
}

// wait waits until the receiver answered n requests.
func (rc *receiver) wait(t *testing.T, n int, within time.Duration) []hook {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		got := rc.hooks()
		answered := 0
		for _, h := range got {
			if h.Status != 0 {
				answered++
			}
		}
		if answered >= n {
			return got
		}
	}
	t.Fatalf("the receiver answered %d requests within %v, want %d", len(rc.hooks()), within, n)
	return nil
}

// mustWebhookEnv starts a server whose org allows private addresses (the
// receivers are on loopback), and returns it with a manage key.
func mustWebhookEnv(t *testing.T, driver string, o apitest.Options) (*apitest.Env, string) {
	t.Helper()
	env := apitest.MustStartWith(t, driver, o)
	key := env.MustKey(t)
	env.MustDo(t, http.MethodPut, "/api/v1/webhook-settings", key, `{"allow_private":true}`, http.StatusOK, nil)
	return env, key
}

// endpoint is a created webhook endpoint as the API answers.
type endpoint struct {
	ID             int64    `json:"id"`
	URL            string   `json:"url"`
	Events         []string `json:"events"`
	Enabled        bool     `json:"enabled"`
	DisabledReason string   `json:"disabled_reason"`
	Secret         string   `json:"secret"`
}

// mustEndpoint creates an endpoint for events at url.
func mustEndpoint(t *testing.T, env *apitest.Env, key, url string, events ...string) endpoint {
	t.Helper()
	var e endpoint
	body := fmt.Sprintf(`{"url":%q,"events":%s}`, url, jsonList(events))
	env.MustDo(t, http.MethodPost, "/api/v1/webhooks", key, body, http.StatusCreated, &e)
	return e
}

func jsonList(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", s)
	}
	return out + "]"
}

// attempt is a line of the delivery log as the API answers.
type attempt struct {
	EventID    string `json:"event_id"`
	Type       string `json:"type"`
	Attempt    int    `json:"attempt"`
	StatusCode int    `json:"status_code"`
	DurationMs int64  `json:"duration_ms"`
	Error      string `json:"error"`
	Succeeded  bool   `json:"succeeded"`
}

// mustLog reads an endpoint's delivery log, newest first.
func mustLog(t *testing.T, env *apitest.Env, key string, id int64) []attempt {
	t.Helper()
	var list struct {
		Items []attempt `json:"items"`
	}
	env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/webhooks/%d/deliveries", id), key, "", http.StatusOK, &list)
	return list.Items
}

// mustHookOutbox starts env's workers with fast webhook retries, sending
// email to the database, until the test ends.
func mustHookOutbox(t *testing.T, env *apitest.Env, o outbox.Options) *outbox.Outbox {
	t.Helper()
	o.BaseURL, o.Batch, o.Lease = env.URL, 10, time.Minute
	if o.Poll == 0 {
		o.Poll = 20 * time.Millisecond
	}
	if o.WebhookBackoff == 0 {
		o.WebhookBackoff = 200 * time.Millisecond
	}
	ob := outbox.New(env.Services.Worker, &mail.Capture{Store: env.DB}, slog.New(slog.DiscardHandler), o)
	ob.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = ob.Shutdown(ctx)
	})
	return ob
}

// mustLogOf waits until an endpoint's delivery log has n lines (the last
// attempt is logged just after the receiver answered), and returns it.
func mustLogOf(t *testing.T, env *apitest.Env, key string, id int64, n int) []attempt {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if log := mustLog(t, env, key, id); len(log) >= n || time.Now().After(deadline) {
			return log
		}
	}
}

// mustWebhookOf gives env's org an endpoint at https://hooks.acme.test
// (a public address, as far as the org's checks know) and returns its id.
func mustWebhookOf(t *testing.T, env *apitest.Env) int64 {
	t.Helper()
	env.Services.Webhooks.UseResolver(names(map[string]string{"hooks.acme.test": "93.184.216.34"}))
	u := "https://hooks.acme.test/trustcard"
	e, _, err := env.Services.Webhooks.CreateWebhookEndpoint(apitest.AsAdmin(context.Background(), env.Org),
		surveys.WebhookEndpointInput{URL: &u, Events: []string{surveys.EventAlertOpened}})
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}
