// Package apitest starts a real Trustcard server on a loopback port over a
// real database, hands out API keys, and runs HTTP scenario tables against
// it. It is for tests only: it knows the store (through storetest), which
// package api itself must not.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/frontend"
	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/mail"
	"trustcard/surveys/sso"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// maxLogLines is how much of the server's log a failed test prints.
const maxLogLines = 60

// patience bounds each request, an announced body's answer and the
// server's shutdown: far longer than any takes on a loaded machine, so a
// test fails on it only when the answer never comes.
const patience = 2 * time.Minute

// Env is a running server and what it runs on.
type Env struct {
	URL      string            // http://127.0.0.1:PORT, also the server's BaseURL
	Services *surveys.Services // the server's, for set-up the API does not offer
	Org      *surveys.Org      // the org every MustKey key belongs to
	DB       *store.DB         // closing it makes the server lose its database
	Server   *api.Server
	Client   *http.Client // this env's own connections, closed at the end
}

// MustStart serves the whole app on 127.0.0.1:0 over a fresh database of
// driver, with one org, and stops it when the test ends. The server's log
// is printed only if the test fails.
func MustStart(tb testing.TB, driver string) *Env {
	tb.Helper()
	return MustStartLimits(tb, driver, api.DefaultLimits)
}

// MustStartLimits is MustStart with the server's limits l.
func MustStartLimits(tb testing.TB, driver string, l api.Limits) *Env {
	tb.Helper()
	return MustStartWith(tb, driver, Options{Limits: l})
}

// Options change what MustStartWith starts.
type Options struct {
	Limits  api.Limits    // without timeouts: api.DefaultLimits
	Clock   surveys.Clock // the services' clock; nil: the system clock
	BaseURL string        // the public URL the server believes it has; empty: its own http address
	Sender  mail.Sender   // where an admin's test email goes; nil: captured in the database
}

// MustStartWith is MustStart with o.
func MustStartWith(tb testing.TB, driver string, o Options) *Env {
	tb.Helper()
	return MustServe(tb, storetest.MustOpen(tb, driver), o)
}

// MustServe serves the whole app on 127.0.0.1:0 over db, which may hold
// data already (a benchmark's), with its first org, created when there is
// none, and stops it when the test ends.
func MustServe(tb testing.TB, db *store.DB, o Options) *Env {
	tb.Helper()
	if o.Limits.ReadTimeout == 0 {
		o.Limits = api.DefaultLimits
	}
	svc := surveys.New(db, o.Clock)
	svc.WordDefaultSurvey(catalog.Default.QuestionTexts())
	now := surveys.Clock(surveys.SystemClock{})
	if o.Clock != nil {
		now = o.Clock
	}
	svc.SSO.UseClient(sso.New(now.Now))
	org, err := svc.Directory.EnsureOrg(context.Background(), surveys.DefaultOrgName)
	if err != nil {
		tb.Fatalf("ensure org: %v", err)
	}
	pages, err := api.NewPages(frontend.Templates, frontend.Static)
	if err != nil {
		tb.Fatalf("pages: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	logs := &syncBuffer{}
	tb.Cleanup(func() {
		if tb.Failed() && logs.Len() > 0 {
			tb.Logf("server log (last %d lines):\n%s", maxLogLines, logs.Tail(maxLogLines))
		}
	})
	env := &Env{URL: "http://" + ln.Addr().String(), Services: svc, Org: org, DB: db,
		Client: &http.Client{Timeout: patience, Transport: &http.Transport{}}}
	if o.BaseURL == "" {
		o.BaseURL = env.URL
	}
	if o.Sender == nil {
		o.Sender = &mail.Capture{Store: db}
	}
	env.Server = api.New(api.Deps{Services: svc, Ready: db.Ping, Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		BaseURL: o.BaseURL, Version: "test", Pages: pages, Sender: o.Sender}, o.Limits)
	served := make(chan error, 1)
	go func() { served <- env.Server.App.Listener(ln) }()
	tb.Cleanup(func() {
		env.Client.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), patience)
		defer cancel()
		if err := env.Server.Shutdown(ctx); err != nil {
			tb.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil && !errors.Is(err, net.ErrClosed) {
			tb.Errorf("serve: %v", err)
		}
	})
	return env
}

// AsAdmin returns ctx acting as an administrator of org, as the CLI does.
func AsAdmin(ctx context.Context, org *surveys.Org) context.Context {
	return surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: org.ID, Role: surveys.RoleAdmin, Name: "test"})
}

// MustKey creates an API key of the env's org with scopes (all when none)
// and returns it in clear.
func (e *Env) MustKey(tb testing.TB, scopes ...surveys.Scope) string {
	tb.Helper()
	return mustKey(tb, e.Services, e.Org, scopes)
}

// MustOtherOrgKey creates a second org directly in the store and returns an
// all-scopes API key of it, for tests that one org cannot reach another's data.
func (e *Env) MustOtherOrgKey(tb testing.TB) string {
	tb.Helper()
	secret, _ := surveys.NewSecret("")
	org := &surveys.Org{Name: "Other company", Settings: surveys.DefaultSettings(), Secret: secret, CreatedAt: time.Now().UTC()}
	if err := e.DB.CreateOrg(context.Background(), org); err != nil {
		tb.Fatalf("create other org: %v", err)
	}
	return mustKey(tb, e.Services, org, nil)
}

func mustKey(tb testing.TB, svc *surveys.Services, org *surveys.Org, scopes []surveys.Scope) string {
	tb.Helper()
	k := &surveys.APIKey{Name: "test " + strings.Join(scopeNames(scopes), "+"), Scopes: scopes}
	token, err := svc.Directory.CreateAPIKey(AsAdmin(context.Background(), org), k)
	if err != nil {
		tb.Fatalf("create API key %v: %v", scopes, err)
	}
	return token
}

func scopeNames(scopes []surveys.Scope) []string {
	if len(scopes) == 0 {
		return []string{"all"}
	}
	out := make([]string, len(scopes))
	for i, s := range scopes {
		out[i] = string(s)
	}
	return out
}

// Response is what the server answered.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends one request to path (relative to env.URL) with key as bearer
// token (none when empty) and body as JSON (none when empty).
func (e *Env) Do(tb testing.TB, method, path, key, body string) Response {
	tb.Helper()
	return e.do(tb, Scenario{Method: method, Path: path, Key: key, Body: body})
}

// MustDo is Do that fails the test unless the status is want; it decodes
// a JSON body into out when out is not nil.
func (e *Env) MustDo(tb testing.TB, method, path, key, body string, want int, out any) Response {
	tb.Helper()
	res := e.Do(tb, method, path, key, body)
	if res.Status != want {
		tb.Fatalf("%s %s = %d, want %d; body:\n%s", method, path, res.Status, want, res.Body)
	}
	if out != nil {
		if err := json.Unmarshal(res.Body, out); err != nil {
			tb.Fatalf("%s %s: decode %T: %v; body:\n%s", method, path, out, err, res.Body)
		}
	}
	return res
}

// MustTotal returns the "total" of the list at path, read with key.
func (e *Env) MustTotal(tb testing.TB, path, key string) int {
	tb.Helper()
	var list struct {
		Total *int `json:"total"`
	}
	e.MustDo(tb, http.MethodGet, path, key, "", http.StatusOK, &list)
	if list.Total == nil {
		tb.Fatalf("GET %s: no total in the answer", path)
	}
	return *list.Total
}

func (e *Env) do(tb testing.TB, sc Scenario) Response {
	tb.Helper()
	res, err := e.Send(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// Send sends the scenario's request and returns the answer without
// checking it; unlike Do it may be called from any goroutine.
func (e *Env) Send(sc Scenario) (Response, error) {
	var body io.Reader
	if sc.Body != "" {
		body = strings.NewReader(sc.Body)
	}
	req, err := http.NewRequest(sc.Method, e.URL+sc.Path, body)
	if err != nil {
		return Response{}, fmt.Errorf("new request %s %s: %w", sc.Method, sc.Path, err)
	}
	if sc.Key != "" {
		req.Header.Set("Authorization", "Bearer "+sc.Key)
	}
	switch {
	case sc.ContentType != "":
		req.Header.Set("Content-Type", sc.ContentType)
	case sc.Body != "":
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range sc.Header {
		req.Header.Set(k, v)
	}
	res, err := e.Client.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", sc.Method, sc.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: read body: %w", sc.Method, sc.Path, err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}, nil
}

// Scenario is one request and what its answer must be.
type Scenario struct {
	Name        string // the behaviour, e.g. "ReadKeyCannotCreate"
	Method      string
	Path        string            // relative to env.URL, e.g. "/api/v1/reps?limit=2"
	Key         string            // the bearer token; empty sends none
	Body        string            // sent as is
	ContentType string            // default application/json when Body is set
	Header      map[string]string // more request headers

	WantStatus      int
	WantContains    []string          // substrings of the body
	WantNotContains []string          // substrings the body must not have
	WantHeader      map[string]string // header → substring of its value ("" only requires the header)
}

// Run sends each scenario as a subtest and checks its answer, printing the
// body on failure.
func Run(t *testing.T, env *Env, scenarios []Scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			t.Helper()
			res := env.do(t, sc)
			if got, want := res.Status, sc.WantStatus; got != want {
				t.Errorf("%s %s: status = %d, want %d", sc.Method, sc.Path, got, want)
			}
			for _, s := range sc.WantContains {
				if !bytes.Contains(res.Body, []byte(s)) {
					t.Errorf("%s %s: body lacks %q", sc.Method, sc.Path, s)
				}
			}
			for _, s := range sc.WantNotContains {
				if bytes.Contains(res.Body, []byte(s)) {
					t.Errorf("%s %s: body contains %q", sc.Method, sc.Path, s)
				}
			}
			for name, want := range sc.WantHeader {
				got, ok := res.Header[http.CanonicalHeaderKey(name)]
				if !ok || !strings.Contains(strings.Join(got, ", "), want) {
					t.Errorf("%s %s: header %s = %q, want it to contain %q", sc.Method, sc.Path, name, got, want)
				}
			}
			if t.Failed() {
				t.Logf("body:\n%s", res.Body)
			}
		})
	}
}

// syncBuffer is a log sink shared by the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Tail returns the last n lines written.
func (b *syncBuffer) Tail(n int) string {
	lines := strings.SplitAfter(b.String(), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "")
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// MustSend records that invitation invID's survey email went out now, as the workers do
// once the mail server accepted it.
func (e *Env) MustSend(tb testing.TB, invID int64) {
	tb.Helper()
	e.MustSendAt(tb, e.Services, invID, time.Now().UTC())
}

// MustSendAt is MustSend through the services svc at the time at: set-up
// in the past goes through services over e.DB whose clock says when.
func (e *Env) MustSendAt(tb testing.TB, svc *surveys.Services, invID int64, at time.Time) {
	tb.Helper()
	ctx := context.Background()
	job := &surveys.Job{OrgID: e.Org.ID, Kind: surveys.JobInvitation, Ref: invID}
	outs, err := svc.Worker.Outgoing(ctx, []*surveys.Job{job})
	if err != nil || outs[0] == nil {
		tb.Fatalf("outgoing of invitation %d: %v, %v", invID, outs, err)
	}
	if err := svc.Worker.MarkSent(ctx, []surveys.Sent{{Job: job, Out: outs[0], At: at}}); err != nil {
		tb.Fatal(err)
	}
}
