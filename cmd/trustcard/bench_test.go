package main

import (
	"regexp"
	"strings"
	"testing"

	"trustcard/surveys/store/storetest"
)

// trustcard bench against the whole program on SQLite: a short run sends
// the requests it says, every one answered, and the server stored them:
// each answer made its invitation answered.
func TestBench(t *testing.T) {
	dsn := storetest.MustDSN(t, "sqlite")
	cfg := DefaultConfig()
	cfg.Addr, cfg.DatabaseURL, cfg.Proxies = "127.0.0.1:0", dsn, "127.0.0.1"
	cfg.Limits.APIKeyRate, cfg.Limits.Ingest = 0, 0
	m := mustRunConfig(t, cfg)
	key := strings.TrimSpace(mustCLI(t, "apikey", "create", "--name", "bench", "--database-url", dsn))

	out, progress, err := runCLIOut(nil, "bench", "--url", m.URL(), "--key", key, "--rate", "20", "--duration", "2s", "--reps", "3")
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, progress)
	}
	for _, want := range []string{`(?m)^interaction\s+20\s+20\s.*none$`, `(?m)^answer\s+20\s+20\s.*none$`, `(?m)^all\s+40\s+40\s+\S+\s+\S+ms\s+\S+ms\s+\S+ms`} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("bench printed\n%s\nwant a line matching %s", out, want)
		}
	}
	if !strings.Contains(progress, "of 40 answered") {
		t.Errorf("no progress on stderr:\n%s", progress)
	}
	total := func(path string) int { return mustTotal(t, m.URL()+path, key) }
	if got, want := total("/api/v1/invitations?status=answered"), 20; got != want {
		t.Errorf("answered invitations = %d, want %d", got, want)
	}
	if got, want := total("/api/v1/invitations"), 40; got != want {
		t.Errorf("invitations = %d, want %d (20 surveys answered, 20 interactions of the run)", got, want)
	}
	if got, want := total("/api/v1/reps"), 3; got != want {
		t.Errorf("reps = %d, want %d", got, want)
	}
}
