package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store"
)

// benchRegion is the team a benchmark's leader leads: two teams of the bulk
// data set (a hundred reps each) nested under it.
const (
	benchRegion = "Bench region"
	benchLeader = "bench-leader@bulk.example"
)

// BenchmarkBoardPages renders, server-side over HTTP, a leader's board of
// 200 reps and one of its reps' pages for the last 90 days, each beside
// the JSON API call for the same figures (GET /api/v1/scores/teams/{id},
// /scores/reps/{id}) asked for right after it, in turn. It needs a database loaded by
// `trustcard demo --reps 10000 --responses 2000000` at
// TRUSTCARD_BENCH_DATABASE_URL and skips without one. The first run nests
// two of the bulk teams under a team "Bench region", led by
// bench-leader@bulk.example; later runs find them.
func BenchmarkBoardPages(b *testing.B) {
	dsn := os.Getenv("TRUSTCARD_BENCH_DATABASE_URL")
	if dsn == "" {
		b.Skip("set TRUSTCARD_BENCH_DATABASE_URL to a database loaded by `trustcard demo --reps 10000 --responses 2000000`")
	}
	db, err := store.Open(dsn, store.DefaultOptions)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	env := apitest.MustServe(b, db, apitest.Options{})
	admin := apitest.AsAdmin(context.Background(), env.Org)
	region, rep := mustBenchRegion(b, env, admin)
	leader := mustBenchSession(b, env, admin)
	key := env.MustKey(b, surveys.ScopeRead)
	b.Cleanup(func() { revokeBenchKeys(env, admin) })
	b.Logf("load average %s at the start", loadAverage())
	// Each round asks for the page, then the JSON, so the two share the
	// machine's load; their mean times and ratio are reported.
	for _, c := range []struct {
		name, page, json string
	}{
		{"TeamBoard", fmt.Sprintf("/app/teams/%d", region.ID), fmt.Sprintf("/api/v1/scores/teams/%d", region.ID)},
		{"RepPage", fmt.Sprintf("/app/reps/%d", rep.ID), fmt.Sprintf("/api/v1/scores/reps/%d", rep.ID)},
	} {
		b.Run(c.name, func(b *testing.B) {
			var page, json time.Duration
			size := 0
			for b.Loop() {
				start := time.Now()
				size = mustGet(b, env, c.page, leader)
				mid := time.Now()
				mustGet(b, env, c.json, bearer(key))
				page, json = page+mid.Sub(start), json+time.Since(mid)
			}
			n := float64(b.N)
			b.ReportMetric(page.Seconds()*1000/n, "page-ms")
			b.ReportMetric(json.Seconds()*1000/n, "json-ms")
			b.ReportMetric(page.Seconds()/json.Seconds(), "page/json")
			b.ReportMetric(float64(size)/1024, "page-KB")
			b.ReportMetric(load1(), "load1")
		})
	}
	b.Logf("load average %s at the end", loadAverage())
}

// mustBenchRegion finds or makes the region of two bulk teams, led by the
// benchmark's leader, and returns it with one of its reps.
func mustBenchRegion(b *testing.B, env *apitest.Env, admin context.Context) (*surveys.Team, *surveys.Rep) {
	b.Helper()
	d := env.Services.Directory
	leader := mustBenchLeader(b, env, admin)
	name := benchRegion
	teams, _, err := d.FindTeams(admin, surveys.TeamFilter{Name: &name})
	if err != nil {
		b.Fatal(err)
	}
	if len(teams) == 0 {
		region := &surveys.Team{Name: benchRegion, LeaderIDs: []int64{leader}}
		if err := d.CreateTeam(admin, region); err != nil {
			b.Fatal(err)
		}
		for _, n := range []string{"Bulk team 001", "Bulk team 002"} {
			ts, _, err := d.FindTeams(admin, surveys.TeamFilter{Name: &n})
			if err != nil || len(ts) != 1 {
				b.Fatalf("find %s: %v (is this a `trustcard demo` data set?)", n, err)
			}
			if _, err := d.UpdateTeam(admin, ts[0].ID, surveys.TeamUpdate{ParentID: &region.ID}); err != nil {
				b.Fatal(err)
			}
		}
		teams = []*surveys.Team{region}
	}
	ids := surveys.Descendants(mustAllTeams(b, env, admin), teams[0].ID)
	reps, total, err := d.FindReps(admin, surveys.RepFilter{TeamIDs: ids, Page: surveys.Page{Limit: 1}})
	if err != nil || len(reps) == 0 {
		b.Fatalf("the region's reps: %v", err)
	}
	b.Logf("%s: %d reps in %d teams", benchRegion, total, len(ids))
	return teams[0], reps[0]
}

func mustAllTeams(b *testing.B, env *apitest.Env, admin context.Context) []*surveys.Team {
	b.Helper()
	all, _, err := env.Services.Directory.FindTeams(admin, surveys.TeamFilter{Page: surveys.Page{Limit: -1}})
	if err != nil {
		b.Fatal(err)
	}
	return all
}

// mustBenchLeader finds or creates the benchmark's leader.
func mustBenchLeader(b *testing.B, env *apitest.Env, admin context.Context) int64 {
	b.Helper()
	email := benchLeader
	users, _, err := env.Services.Directory.FindUsers(admin, surveys.UserFilter{Email: &email})
	if err != nil {
		b.Fatal(err)
	}
	if len(users) > 0 {
		return users[0].ID
	}
	u := &surveys.User{Email: benchLeader, Name: "Bench Leader", Role: surveys.RoleLeader}
	if _, err := env.Services.Directory.CreateUser(admin, u); err != nil {
		b.Fatal(err)
	}
	return u.ID
}

// mustBenchSession signs the leader in and returns what puts the session
// on a request.
func mustBenchSession(b *testing.B, env *apitest.Env, admin context.Context) func(*http.Request) {
	b.Helper()
	token, err := env.Services.Directory.IssueSignInLink(admin, benchLeader)
	if err != nil {
		b.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(env.URL+"/signin/"+token, url.Values{})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if resp.StatusCode != http.StatusSeeOther || len(cookies) == 0 {
		b.Fatalf("sign in = %d with %d cookies", resp.StatusCode, len(cookies))
	}
	return func(r *http.Request) {
		for _, c := range cookies {
			r.AddCookie(c)
		}
	}
}

func bearer(key string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+key) }
}

// mustGet fetches path and returns the body's size; anything but 200 fails.
func mustGet(b *testing.B, env *apitest.Env, path string, auth func(*http.Request)) int {
	req, _ := http.NewRequest(http.MethodGet, env.URL+path, nil)
	auth(req)
	resp, err := env.Client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	n, _ := io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	return int(n)
}

// revokeBenchKeys revokes the keys the benchmark made.
func revokeBenchKeys(env *apitest.Env, admin context.Context) {
	keys, err := env.Services.Directory.FindAPIKeys(admin)
	if err != nil {
		return
	}
	for _, k := range keys {
		if strings.HasPrefix(k.Name, "test ") && k.RevokedAt.IsZero() {
			_ = env.Services.Directory.RevokeAPIKey(admin, k.ID)
		}
	}
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// load1 is the load average over the last minute.
func load1() float64 {
	f, _ := strconv.ParseFloat(strings.Fields(loadAverage() + " 0")[0], 64)
	return f
}
