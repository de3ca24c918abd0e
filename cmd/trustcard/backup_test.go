package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"trustcard/surveys/store/storetest"
)

// A backup as the README's operations guide takes it — pg_dump's custom
// format — restored with pg_restore into a fresh, empty database, serves
// the same scores as the database it was taken from.
func TestBackupRestore(t *testing.T) {
	dsn := storetest.MustDSN(t, "postgres")
	mustCLI(t, "demo", "--reps", "30", "--responses", "600", "--days", "120", "--database-url", dsn)
	key := strings.TrimSpace(mustCLI(t, "apikey", "create", "--name", "backup", "--database-url", dsn))
	before := mustScores(t, mustRun(t, dsn, false).URL(), key)

	dump := filepath.Join(t.TempDir(), "trustcard.dump")
	mustPGTool(t, "pg_dump", "--format=custom", "--file="+dump, dsn)
	restored := mustEmptyDatabase(t, dsn)
	mustPGTool(t, "pg_restore", "--no-owner", "--exit-on-error", "--dbname="+restored, dump)

	after := mustScores(t, mustRun(t, restored, false).URL(), key)
	for path, b := range before {
		if diff := jsonDiff(t, "", b, after[path]); diff != "" {
			t.Errorf("GET %s after restoring differs: %s", path, diff)
		}
	}
}

// jsonDiff names the first field where the JSON documents a and b differ,
// or "". Figures may differ in their last bits (1e-9 relative): the sums
// are added in the order the database hands the rows over.
func jsonDiff(t *testing.T, at string, a, b []byte) string {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		t.Fatalf("not JSON: %.200s / %.200s", a, b)
	}
	return valueDiff(at, x, y)
}

func valueDiff(at string, x, y any) string {
	switch x := x.(type) {
	case map[string]any:
		y, ok := y.(map[string]any)
		if !ok || len(x) != len(y) {
			return at + ": different fields"
		}
		for k, v := range x {
			if d := valueDiff(at+"."+k, v, y[k]); d != "" {
				return d
			}
		}
	case []any:
		y, ok := y.([]any)
		if !ok || len(x) != len(y) {
			return at + ": different lengths"
		}
		for i := range x {
			if d := valueDiff(fmt.Sprintf("%s[%d]", at, i), x[i], y[i]); d != "" {
				return d
			}
		}
	case float64:
		if y, ok := y.(float64); !ok || math.Abs(x-y) > 1e-9*math.Max(1, math.Abs(x)) {
			return fmt.Sprintf("%s: %v, was %v", at, y, x)
		}
	default:
		if x != y {
			return fmt.Sprintf("%s: %v, was %v", at, y, x)
		}
	}
	return ""
}

// mustScores reads every rep's, the org's and the first team's figures.
func mustScores(t *testing.T, base, key string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, path := range []string{"/api/v1/scores/reps?limit=500", "/api/v1/scores/org", "/api/v1/scores/teams/1",
		"/api/v1/scores/reps?from=2026-01-01&sort=name&limit=500"} {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"n":`)) {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
		}
		out[path] = body
	}
	return out
}

// mustEmptyDatabase creates an empty database beside the one of dsn,
// dropped when the test ends, and returns its URL.
func mustEmptyDatabase(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/") + "_restored"
	mustPGTool(t, "createdb", "--maintenance-db="+dsn, name)
	t.Cleanup(func() { _ = exec.Command(pgTool(t, "dropdb"), "--force", "--maintenance-db="+dsn, name).Run() })
	u.Path = "/" + name
	return u.String()
}

func mustPGTool(t *testing.T, tool string, args ...string) {
	t.Helper()
	if out, err := exec.Command(pgTool(t, tool), args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
}

// pgTool finds a PostgreSQL client program on PATH or under
// /usr/lib/postgresql/*/bin, where Debian puts them.
func pgTool(t *testing.T, tool string) string {
	t.Helper()
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	if found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + tool); len(found) > 0 {
		return found[len(found)-1]
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required in CI (Debian: postgresql-client)", tool)
	}
	t.Skipf("%s not found (Debian: postgresql-client)", tool)
	return ""
}
