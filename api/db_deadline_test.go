package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys/store"
)

// A database that stops answering fails a request with 503 and
// Retry-After once the request's database deadline passes, instead of
// holding the client; once it answers again, so does the API. The table
// an interaction is written to is locked by another session, so every
// write waits as on a frozen server.
func TestDatabaseDeadline(t *testing.T) {
	limits := api.DefaultLimits
	limits.DBTimeout = 500 * time.Millisecond
	env := apitest.MustStartLimits(t, store.Postgres, limits)
	key := env.MustKey(t)
	mustRep(t, env, key, "crm-1", "Ann Lee", "ann@example.com", http.StatusCreated)
	occurred := time.Now().Add(-time.Hour)

	lock := env.DB.Gorm().WithContext(context.Background()).Begin()
	if err := lock.Exec(`LOCK TABLE interactions IN ACCESS EXCLUSIVE MODE`).Error; err != nil {
		t.Fatal(err)
	}
	for path, body := range map[string]string{
		"/api/v1/interactions":       ixBody("i1", "crm-1", "buyer@example.com", occurred),
		"/api/v1/interactions:batch": `{"items":[` + ixBody("i2", "crm-1", "b2@example.com", occurred) + `]}`,
	} {
		start := time.Now()
		res := env.Do(t, http.MethodPost, path, key, body)
		took := time.Since(start)
		if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("POST %s with the table locked = %d, Retry-After %q, want 503 with Retry-After:\n%s",
				path, res.Status, res.Header.Get("Retry-After"), res.Body)
		}
		if bound := limits.DBTimeout + time.Second; took > bound {
			t.Errorf("POST %s took %v, want at most %v", path, took, bound)
		}
	}
	lock.Rollback()
	mustInteraction(t, env, key, ixBody("i1", "crm-1", "buyer@example.com", occurred), http.StatusCreated)
}
