package faults_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store"
)

// world is one fault test's surroundings: a PostgreSQL cluster, an SMTP
// server, a connection of the test's own to count rows, and an API key.
type world struct {
	t     *testing.T
	pg    *cluster
	sink  *mailtest.Sink
	db    *store.DB
	key   string
	procs []*proc // the processes started, in order
}

// newWorld starts a cluster and an SMTP server and creates the org, with
// an API key, through the CLI.
func newWorld(t *testing.T) *world {
	t.Helper()
	pg := mustCluster(t)
	w := &world{t: t, pg: pg, sink: mailtest.MustStart(t, mailtest.Options{})}
	w.key = strings.TrimSpace(mustCLI(t, "apikey", "create", "--name", "faults", "--database-url", pg.DSN()))
	db, err := store.Open(pg.DSN(), store.Options{MaxConns: 2, MaxIdleConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w.db = db
	return w
}

// start runs a trustcard process of role against the world.
func (w *world) start(name, role string) *proc {
	w.t.Helper()
	p := startTrustcard(w.t, name, role, w.pg.DSN(), w.sink.Addr())
	w.procs = append(w.procs, p)
	return p
}

// mustSetUp creates the rep r1 and lifts the org's send rate, through p.
func (w *world) mustSetUp(c *client) {
	w.t.Helper()
	for _, req := range []struct{ method, path, body string }{
		{http.MethodPost, "/api/v1/reps", `{"external_id":"r1","name":"Ann Lee","email":"ann@acme.test"}`},
		{http.MethodPatch, "/api/v1/settings", `{"delivery":{"send_per_minute":100000}}`},
	} {
		if r, body := c.do("setup", "", req.method, req.path, "application/json", req.body); !r.acknowledged() {
			w.t.Fatalf("%s %s = %d %v: %s", req.method, req.path, r.status, r.err, body)
		}
	}
}

// mustPost posts interactions prefix-0 … prefix-(n-1) in batches of 50,
// and returns each one's result.
func (w *world) mustPost(c *client, prefix string, n int) []result {
	w.t.Helper()
	var out []result
	for from := 0; from < n; from += 50 {
		var items []string
		for i := from; i < min(n, from+50); i++ {
			items = append(items, interactionJSON(fmt.Sprintf("%s-%d", prefix, i)))
		}
		r, body := c.do("batch", "", http.MethodPost, "/api/v1/interactions:batch", "application/json",
			`{"items":[`+strings.Join(items, ",")+`]}`)
		if r.status != http.StatusOK || strings.Contains(body, `"error"`) {
			w.t.Fatalf("batch = %d %v: %.300s", r.status, r.err, body)
		}
		for i := from; i < min(n, from+50); i++ {
			out = append(out, result{kind: "interaction", id: fmt.Sprintf("%s-%d", prefix, i), status: http.StatusCreated, took: r.took})
		}
	}
	return out
}

// slowSink makes the SMTP server take d over each message, so that a
// fault comes in the middle of sending.
func (w *world) slowSink(d time.Duration) {
	if d == 0 {
		return
	}
	w.sink.SetReply(func(cmd, _ string) error {
		if cmd == "DATA" {
			time.Sleep(d)
		}
		return nil
	})
}

// waitSent waits until no invitation waits to be sent.
func (w *world) waitSent(within time.Duration) {
	w.t.Helper()
	deadline := time.Now().Add(within)
	for {
		n, err := w.scalar(`SELECT count(*) FROM invitations WHERE status = 'scheduled'`)
		if err == nil && n == 0 {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%d invitations still unsent after %v (%v); the sink has %d messages", n, within, err, w.sink.Count())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// scalar reads one number.
func (w *world) scalar(sql string) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var n int64
	err := w.db.Gorm().WithContext(ctx).Raw(sql).Scan(&n).Error
	return n, err
}

// ids reads a column of external ids.
func (w *world) ids(sql string) map[string]bool {
	w.t.Helper()
	var rows []string
	if err := w.db.Gorm().Raw(sql).Scan(&rows).Error; err != nil {
		w.t.Fatal(err)
	}
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r] = true
	}
	return out
}

var surveyLink = regexp.MustCompile(`/s/(s[A-Za-z0-9_-]{43})`)

// tokens returns the survey token of each email the sink has, by the
// interaction's id.
func (w *world) tokens() map[string]string {
	w.t.Helper()
	out := map[string]string{}
	for _, m := range w.sink.Snapshot().Messages {
		mail := mailtest.MustParse(w.t, m.Data)
		tok := surveyLink.FindStringSubmatch(mail.Text)
		if tok == nil || len(m.To) != 1 {
			w.t.Fatalf("no survey link in the email to %v:\n%s", m.To, mail.Text)
		}
		out[strings.TrimSuffix(strings.ToLower(m.To[0]), "@buyer.test")] = tok[1]
	}
	return out
}
