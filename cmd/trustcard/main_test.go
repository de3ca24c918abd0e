package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"trustcard/surveys/store/storetest"
)

// The whole program on :0, on each database: migrate, serve, create a key
// with the CLI, and use it.
func TestServe(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.MustDSN(t, driver)
			m := mustRun(t, dsn, false)
			key := mustCLI(t, "apikey", "create", "--name", "e2e", "--database-url", dsn)
			if got := strings.Count(key, "\n"); got != 1 || !strings.HasPrefix(key, "tck_") {
				t.Fatalf("apikey create printed %q, want one key line", key)
			}
			for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/api/v1/openapi.json": 200,
				"/api/v1/docs": 200, "/": 200, "/api/v1/reps": 401} {
				if got := mustGet(t, m.URL()+path, "").StatusCode; got != want {
					t.Errorf("GET %s = %d, want %d", path, got, want)
				}
			}
			if got := mustGet(t, m.URL()+"/api/v1/reps", strings.TrimSpace(key)).StatusCode; got != 200 {
				t.Errorf("GET /api/v1/reps with the CLI's key = %d, want 200", got)
			}
			link := mustCLI(t, "user", "create", "--email", "Lee@Example.com", "--role", "leader", "--database-url", dsn)
			if !strings.Contains(link, "/signin/tcs_") {
				t.Errorf("user create printed %q, want a sign-in link", link)
			}
		})
	}
}

// --demo creates 24 reps with a year of surveys once; a restart adds nothing.
func TestDemo(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.MustDSN(t, driver)
			m := mustRun(t, dsn, true)
			key := strings.TrimSpace(mustCLI(t, "apikey", "create", "--name", "demo", "--database-url", dsn))
			reps := mustReps(t, m.URL(), key)
			if got, want := reps, 24; got != want {
				t.Fatalf("demo reps = %d, want %d", got, want)
			}
			counts := demoCounts(t, m)
			if counts["interactions"] < 1000 || counts["responses"] < 250 {
				t.Errorf("demo data too thin: %v", counts)
			}
			rate := float64(counts["responses"]) / float64(counts["sent"])
			if rate < 0.25 || rate > 0.45 {
				t.Errorf("response rate = %.2f (%v), want about 0.35", rate, counts)
			}
			if counts["captured"] == 0 || counts["suppressed"] == 0 {
				t.Errorf("want captured mail and suppressed invitations: %v", counts)
			}
			m.Close()
			again := mustRun(t, dsn, true)
			if got := demoCounts(t, again); got["interactions"] != counts["interactions"] {
				t.Errorf("restart changed the demo: %v, then %v", counts, got)
			}
		})
	}
}

func TestCLIErrorsSayWhatToDo(t *testing.T) {
	dsn := storetest.MustDSN(t, "sqlite")
	c := &cli{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	err := c.run(context.Background(), []string{"apikey", "create", "--database-url", dsn})
	if err == nil || !strings.Contains(err.Error(), "--name is required") {
		t.Errorf("apikey create without --name: %v", err)
	}
	err = c.run(context.Background(), []string{"user", "create", "--email", "x@y.z", "--role", "boss", "--database-url", dsn})
	if err == nil || !strings.Contains(err.Error(), "--role") {
		t.Errorf("user create --role boss: %v", err)
	}
}

func mustRun(t *testing.T, dsn string, demo bool) *Main {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Addr, cfg.DatabaseURL, cfg.Demo = "127.0.0.1:0", dsn, demo
	return mustRunConfig(t, cfg)
}

// mustRunConfig runs the program with cfg until the test ends.
func mustRunConfig(t *testing.T, cfg Config) *Main {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, io.Discard)
	m.Out = io.Discard
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	if err := c.run(context.Background(), args); err != nil && err != errDone {
		t.Fatalf("trustcard %v: %v\n%s", args, err, errOut.String())
	}
	return out.String()
}

func mustGet(t *testing.T, url, key string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func mustReps(t *testing.T, base, key string) int {
	t.Helper()
	return mustTotal(t, base+"/api/v1/reps?limit=100", key)
}

// mustTotal is the total of the API list at url, read with key.
func mustTotal(t *testing.T, url, key string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Total int }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Total
}

// demoCounts counts rows straight from the database.
func demoCounts(t *testing.T, m *Main) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for name, sql := range map[string]string{
		"interactions": `SELECT count(*) FROM interactions`,
		"responses":    `SELECT count(*) FROM responses`,
		"sent":         `SELECT count(*) FROM invitations WHERE sent_at IS NOT NULL`,
		"suppressed":   `SELECT count(*) FROM invitations WHERE status = 'suppressed'`,
		"captured":     `SELECT count(*) FROM mail_messages`,
	} {
		var n int64
		if err := m.DB.Gorm().Raw(sql).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

// --role web serves HTTP and sends nothing; --role worker sends and
// serves nothing.
func TestRoles(t *testing.T) {
	dsn := storetest.MustDSN(t, "sqlite")
	for _, tt := range []struct {
		role              string
		wantHTTP, wantBox bool
	}{{"web", true, false}, {"worker", false, true}, {"all", true, true}} {
		t.Run(tt.role, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Addr, cfg.DatabaseURL, cfg.Role = "127.0.0.1:0", dsn, tt.role
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			m := NewMain(cfg, io.Discard)
			if err := m.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			if got := m.URL() != ""; got != tt.wantHTTP {
				t.Errorf("serves HTTP = %v, want %v", got, tt.wantHTTP)
			}
			if got := m.Outbox != nil; got != tt.wantBox {
				t.Errorf("runs the outbox = %v, want %v", got, tt.wantBox)
			}
		})
	}
}

// A user whose link expired gets a new one from "user link", printed and
// said not to be mailed, or queued for the workers with --send; "user
// create" on a taken address says to use "user link".
func TestUserLink(t *testing.T) {
	dsn := storetest.MustDSN(t, "sqlite")
	mustCLI(t, "user", "create", "--email", "lee@example.com", "--role", "leader", "--database-url", dsn)
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	err := c.run(context.Background(), []string{"user", "create", "--email", "LEE@example.com", "--role", "admin", "--database-url", dsn})
	if err == nil || !strings.Contains(err.Error(), "trustcard user link --email lee@example.com") {
		t.Errorf("user create on a taken address: %v", err)
	}
	if err := c.run(context.Background(), []string{"user", "link", "--email", "Lee@example.com", "--database-url", dsn}); err != nil {
		t.Fatal(err)
	}
	if link := out.String(); strings.Count(link, "\n") != 1 || !strings.Contains(link, "/signin/tcs_") {
		t.Errorf("user link printed %q, want one sign-in link", link)
	}
	if !strings.Contains(errOut.String(), "not mailed") || !strings.Contains(errOut.String(), "--send") {
		t.Errorf("user link said %q, want that it was not mailed and how to mail it", errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if err := c.run(context.Background(), []string{"user", "link", "--email", "lee@example.com", "--send", "--database-url", dsn}); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "queued") {
		t.Errorf("user link --send printed %q and said %q, want no link and that it is queued", out.String(), errOut.String())
	}
	err = c.run(context.Background(), []string{"user", "link", "--email", "nobody@example.com", "--database-url", dsn})
	if err == nil || !strings.Contains(err.Error(), "no user has the email nobody@example.com") {
		t.Errorf("user link for nobody: %v", err)
	}
}

// "user deactivate" signs a user out and stops their links, so no new link
// is handed out until "user reactivate"; both name an unknown address.
func TestUserDeactivate(t *testing.T) {
	dsn := storetest.MustDSN(t, "sqlite")
	mustCLI(t, "user", "create", "--email", "ada@example.com", "--role", "admin", "--database-url", dsn)
	mustCLI(t, "user", "create", "--email", "lee@example.com", "--role", "leader", "--database-url", dsn)
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	run := func(args ...string) error {
		errOut.Reset()
		return c.run(context.Background(), append(args, "--database-url", dsn))
	}
	if err := run("user", "deactivate", "--email", "LEE@example.com"); err != nil || !strings.Contains(errOut.String(), "signed out everywhere") {
		t.Fatalf("deactivate: %v, said %q", err, errOut.String())
	}
	if err := run("user", "link", "--email", "lee@example.com"); err == nil || !strings.Contains(err.Error(), "reactivate them") {
		t.Errorf("a link for a deactivated user: %v", err)
	}
	if err := run("user", "deactivate", "--email", "nobody@example.com"); err == nil || !strings.Contains(err.Error(), "no user has the email nobody@example.com") {
		t.Errorf("deactivate nobody: %v", err)
	}
	if err := run("user", "deactivate"); err == nil || !strings.Contains(err.Error(), "--email is required") {
		t.Errorf("deactivate without --email: %v", err)
	}
	if err := run("user", "reactivate", "--email", "lee@example.com"); err != nil || !strings.Contains(errOut.String(), "trustcard user link --email lee@example.com") {
		t.Fatalf("reactivate: %v, said %q", err, errOut.String())
	}
	out.Reset()
	if err := run("user", "link", "--email", "lee@example.com"); err != nil || !strings.Contains(out.String(), "/signin/tcs_") {
		t.Errorf("a link once reactivated: %v, printed %q", err, out.String())
	}
}
