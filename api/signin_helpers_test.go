package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
)

// testClock is the services' clock in tests of expiry: it moves only when
// told.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock { return &testClock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// webForm is the content type of the web app's forms.
const webForm = "application/x-www-form-urlencoded"

var csrfPattern = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// person is someone signed in to the web app: their session cookie, as a
// request header, and the CSRF token of their forms.
type person struct {
	User   *surveys.User
	Cookie string // "tc_session=…"
	CSRF   string
}

// mustPerson creates a user of the env's org and signs them in.
func mustPerson(t *testing.T, env *apitest.Env, email string, role surveys.Role, repID int64) person {
	t.Helper()
	u := &surveys.User{Email: email, Name: "Person " + email, Role: role, RepID: repID}
	token, err := env.Services.Directory.CreateUser(apitest.AsAdmin(context.Background(), env.Org), u)
	if err != nil {
		t.Fatal(err)
	}
	p := mustSignInAt(t, env, env.URL+"/signin/"+token)
	p.User = u
	return p
}

// mustSignInAt presses the sign-in button of link in a fresh browser and
// reads the session cookie and the CSRF token of the account page.
func mustSignInAt(t *testing.T, env *apitest.Env, link string) person {
	t.Helper()
	b := newBrowser(t)
	if got, _ := visit(t, b, http.MethodPost, link, url.Values{}); got != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303", link, got)
	}
	u, _ := url.Parse(env.URL)
	var p person
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == "tc_session" {
			p.Cookie = c.Name + "=" + c.Value
		}
	}
	_, page := visit(t, b, http.MethodGet, env.URL+"/app/account", nil)
	m := csrfPattern.FindStringSubmatch(page)
	if p.Cookie == "" || m == nil {
		t.Fatalf("signed in without a session cookie or a CSRF token; account page:\n%s", page)
	}
	p.CSRF = m[1]
	return p
}

// mustStartSignIn starts a server whose client, like the browsers of
// these tests, does not follow redirects, so scenarios see each 303.
func mustStartSignIn(t *testing.T, driver string, o apitest.Options) *apitest.Env {
	t.Helper()
	env := apitest.MustStartWith(t, driver, o)
	env.Client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return env
}

// postForm posts form, URL-encoded, to path, as a browser's form does.
func postForm(t *testing.T, env *apitest.Env, path, form string) apitest.Response {
	t.Helper()
	res, err := env.Send(apitest.Scenario{Method: http.MethodPost, Path: path, Body: form, ContentType: webForm})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// header is the person's cookie as scenario headers.
func (p person) header() map[string]string { return map[string]string{"Cookie": p.Cookie} }

// mustSinkOutbox returns an outbox of env's workers that sends through the
// real SMTP sender to a loopback SMTP sink, and the sink.
func mustSinkOutbox(t *testing.T, env *apitest.Env) (*outbox.Outbox, *mailtest.Sink) {
	t.Helper()
	return mustSinkOutboxWith(t, env, outbox.Options{})
}

// mustSinkOutboxWith is mustSinkOutbox with o's poll.
func mustSinkOutboxWith(t *testing.T, env *apitest.Env, o outbox.Options) (*outbox.Outbox, *mailtest.Sink) {
	t.Helper()
	sk := mailtest.MustStart(t, mailtest.Options{})
	sender, err := mail.NewSMTP("smtp://"+sk.Addr(), mail.SMTPOptions{Timeout: 30 * time.Second, HELO: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sender.Close() })
	ob := outbox.New(env.Services.Worker, sender, slog.New(slog.DiscardHandler),
		outbox.Options{BaseURL: env.URL, Concurrency: 1, Batch: 10, Lease: time.Minute, Poll: o.Poll})
	return ob, sk
}

// mustRunOutbox runs the outbox until it claims nothing.
func mustRunOutbox(t *testing.T, ob *outbox.Outbox) {
	t.Helper()
	for range 10 {
		n, err := ob.RunOnce(context.Background())
		if err != nil {
			t.Fatalf("outbox: %v", err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the outbox still claims jobs after 10 rounds")
}

var signInLinkPattern = regexp.MustCompile(`https?://[^\s"<>]+/signin/tcs_[A-Za-z0-9_-]+`)

// signInLinks returns the sign-in link of each message the sink received
// for to, read from the text part.
func signInLinks(t *testing.T, sk *mailtest.Sink, to string) []string {
	t.Helper()
	var links []string
	for _, m := range sk.Snapshot().Messages {
		if len(m.To) != 1 || m.To[0] != to {
			continue
		}
		if link := signInLinkPattern.FindString(mailtest.MustParse(t, m.Data).Text); link != "" {
			links = append(links, link)
		}
	}
	return links
}

// oneLine is a statement list for a failure message.
func oneLine(stmts []string) string { return strings.Join(stmts, " | ") }
