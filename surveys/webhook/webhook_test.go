package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/webhook"
)

func dispatch(url string, allowPrivate bool) *surveys.WebhookDispatch {
	return &surveys.WebhookDispatch{Delivery: &surveys.WebhookDelivery{ID: 1, EventID: "evt_1", Type: surveys.EventTest, Body: `{"id":"evt_1"}`, Attempts: 1},
		Endpoint: &surveys.WebhookEndpoint{ID: 1, URL: url}, Secret: "whsec_x", AllowPrivate: allowPrivate}
}

// The dialer's Control hook refuses a loopback receiver unless private
// addresses are allowed, however the host is written; nothing reaches it.
func TestPostRefusesLoopbackAtConnect(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	c := webhook.New(webhook.Options{})
	for _, u := range []string{srv.URL, "http://2130706433" + port, "http://0x7f.1" + port, "http://localhost" + port} {
		at := c.Post(context.Background(), dispatch(u, false), time.Now())
		if at.Succeeded() || at.StatusCode != 0 || !strings.Contains(at.Error, "loopback") {
			t.Errorf("%s: %+v, want refused as loopback", u, at)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the receiver got %d requests", hits.Load())
	}
	if at := c.Post(context.Background(), dispatch(srv.URL, true), time.Now()); !at.Succeeded() || hits.Load() != 1 {
		t.Errorf("with private addresses allowed: %+v", at)
	}
}

// An answer is read up to the bound and no further: a receiver that
// streams without end neither holds the post until its timeout nor fills
// memory.
func TestPostReadsABoundedAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c := webhook.New(webhook.Options{MaxBody: 1 << 10, Timeout: 5 * time.Second})
	started := time.Now()
	at := c.Post(context.Background(), dispatch(srv.URL, true), time.Now())
	if !at.Succeeded() || time.Since(started) > 2*time.Second {
		t.Errorf("an endless answer: %+v after %v, want a 200 at once", at, time.Since(started))
	}
}

// The signature is HMAC-SHA256 of "<t>.<body>" in hex, after t=.
func TestSign(t *testing.T) {
	m := hmac.New(sha256.New, []byte("whsec_x"))
	m.Write([]byte(`1800000000.{"id":"evt_1"}`))
	want := "t=1800000000,v1=" + hex.EncodeToString(m.Sum(nil))
	if got := webhook.Sign("whsec_x", time.Unix(1_800_000_000, 0), []byte(`{"id":"evt_1"}`)); got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}
