package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// sentPage is what /signin answers to any well-formed address.
const sentPage = "If that address belongs to an account, a sign-in link is on its way"

// Asking for a link at /signin: a known user gets exactly one email with a
// working link; an unknown address gets no email and the same page; a
// link works once and expires.
func TestSignInByEmail(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			clock := newTestClock()
			env := mustStartSignIn(t, driver, apitest.Options{Clock: clock})
			mustPerson(t, env, "ada@acme.test", surveys.RoleAdmin, 0)
			ob, sk := mustSinkOutbox(t, env)

			known := postForm(t, env, "/signin", "email=+Ada%40ACME.test+")
			unknown := postForm(t, env, "/signin", "email=nobody%40acme.test")
			mustRunOutbox(t, ob)
			if known.Status != http.StatusOK || !bytes.Contains(known.Body, []byte(sentPage)) || !bytes.Contains(known.Body, []byte("1 hour")) {
				t.Fatalf("POST /signin = %d:\n%s", known.Status, known.Body)
			}
			if unknown.Status != known.Status || !bytes.Equal(unknown.Body, known.Body) {
				t.Errorf("an unknown address got %d and another page than a known one:\n%s", unknown.Status, unknown.Body)
			}
			if got := sk.Snapshot().Messages; len(got) != 1 {
				t.Fatalf("the sink received %d messages, want exactly 1 (to Ada)", len(got))
			}
			links := signInLinks(t, sk, "ada@acme.test")
			if len(links) != 1 || !strings.HasPrefix(links[0], env.URL+"/signin/") {
				t.Fatalf("links to Ada = %v, want one to %s/signin/…", links, env.URL)
			}
			b := newBrowser(t)
			if got, _ := visit(t, b, "GET", links[0], nil); got != http.StatusOK {
				t.Errorf("GET of the emailed link = %d, want 200 (a button)", got)
			}
			if got, _ := visit(t, b, "GET", env.URL+"/app", nil); got != http.StatusSeeOther {
				t.Errorf("after only a GET of the link, /app = %d, want 303 to sign in", got)
			}
			if got, _ := visit(t, b, "POST", links[0], url.Values{}); got != http.StatusSeeOther {
				t.Fatalf("POST of the emailed link = %d, want 303", got)
			}
			if got, body := visit(t, newBrowser(t), "POST", links[0], url.Values{}); got != http.StatusNotFound || !strings.Contains(body, "expired or was already used") {
				t.Errorf("a used link = %d, want 404 and the form to ask again:\n%s", got, body)
			}

			postForm(t, env, "/signin", "email=ada%40acme.test")
			mustRunOutbox(t, ob)
			links = signInLinks(t, sk, "ada@acme.test")
			clock.Advance(surveys.EmailedSignInLinkTTL)
			if got, _ := visit(t, newBrowser(t), "POST", links[len(links)-1], url.Values{}); got != http.StatusNotFound {
				t.Errorf("a link an hour after it was asked for = %d, want 404", got)
			}
		})
	}
}

// The request for a known address runs the very statements of the request
// for an unknown one: nothing in the database work tells them apart.
func TestSignInSameWorkForAnyAddress(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := mustStartSignIn(t, driver, apitest.Options{})
			stmts := storetest.RecordStatements(t, env.DB)
			mustPerson(t, env, "ada@acme.test", surveys.RoleAdmin, 0)
			var known, unknown apitest.Response
			knownSQL := stmts.During(func() { known = postForm(t, env, "/signin", "email=ada%40acme.test") })
			unknownSQL := stmts.During(func() { unknown = postForm(t, env, "/signin", "email=nobody%40acme.test") })
			t.Logf("statements of one request: %s", oneLine(knownSQL))
			if len(knownSQL) == 0 || !slices.Equal(knownSQL, unknownSQL) {
				t.Errorf("statements differ:\nknown:   %s\nunknown: %s", oneLine(knownSQL), oneLine(unknownSQL))
			}
			if known.Status != unknown.Status || !bytes.Equal(known.Body, unknown.Body) {
				t.Errorf("answers differ: %d and %d", known.Status, unknown.Status)
			}
		})
	}
}

// Asking for links is limited per email address and per client address:
// 429 with Retry-After and a page that says how long to wait.
func TestSignInRateLimits(t *testing.T) {
	l := api.DefaultLimits
	l.SignInPerEmail, l.SignInPerAddress = 2, 4
	env := mustStartSignIn(t, "sqlite", apitest.Options{Limits: l})
	ask := func(email string) apitest.Response {
		return postForm(t, env, "/signin", "email="+url.QueryEscape(email))
	}
	for range 2 {
		if got := ask("ada@acme.test").Status; got != http.StatusOK {
			t.Fatalf("a request within the limits = %d", got)
		}
	}
	res := ask("ADA@acme.test")
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
		!bytes.Contains(res.Body, []byte("Please wait 1 hour")) || !bytes.Contains(res.Body, []byte(`action="/signin"`)) {
		t.Errorf("the third request for one address = %d, Retry-After %q:\n%s", res.Status, res.Header.Get("Retry-After"), res.Body)
	}
	if got := ask("bo@acme.test").Status; got != http.StatusOK {
		t.Errorf("another address from the same client = %d, want 200 (4 per client)", got)
	}
	if got := ask("cy@acme.test").Status; got != http.StatusTooManyRequests {
		t.Errorf("a fifth request from one client = %d, want 429", got)
	}
}

// The sign-in form: well-formed addresses only, no posts from other
// sites, and signed-in people go on to the app.
func TestSignInForm(t *testing.T) {
	env := mustStartSignIn(t, "sqlite", apitest.Options{})
	ada := mustPerson(t, env, "ada@acme.test", surveys.RoleAdmin, 0)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "ShowsTheForm", Method: "GET", Path: "/signin", WantStatus: 200,
			WantContains: []string{`<form method="post" action="/signin"`, `autocomplete="email"`, `<label for="email">`}},
		{Name: "SignedInGoOnToTheApp", Method: "GET", Path: "/signin", Header: ada.header(), WantStatus: 303,
			WantHeader: map[string]string{"Location": "/app"}},
		{Name: "NotAnAddress", Method: "POST", Path: "/signin", Body: "email=ada%40", ContentType: webForm, WantStatus: 422,
			WantContains: []string{"enter your email address", `aria-invalid="true"`, `value="ada@"`}, WantNotContains: []string{sentPage}},
		{Name: "OtherSitesMayNotAsk", Method: "POST", Path: "/signin", Body: "email=ada%40acme.test", ContentType: webForm,
			Header: map[string]string{"Sec-Fetch-Site": "cross-site"}, WantStatus: 403},
		{Name: "OtherSitesMayNotUseALink", Method: "POST", Path: "/signin/tcs_anything", ContentType: webForm,
			Header: map[string]string{"Sec-Fetch-Site": "cross-site"}, WantStatus: 403},
		{Name: "SameSiteMayAsk", Method: "POST", Path: "/signin", Body: "email=ada%40acme.test", ContentType: webForm,
			Header: map[string]string{"Sec-Fetch-Site": "same-origin"}, WantStatus: 200, WantContains: []string{sentPage}},
		{Name: "UnknownLinkAsksAgain", Method: "POST", Path: "/signin/tcs_unknown", ContentType: webForm, WantStatus: 404,
			WantContains: []string{"expired or was already used", `action="/signin"`}},
		{Name: "HomeHasASignInButton", Method: "GET", Path: "/", WantStatus: 200,
			WantContains: []string{`<a class="button" href="/signin">Sign in</a>`}},
	})
}

// The session cookie: HttpOnly, SameSite=Lax, Path=/, __Host- and Secure
// over https; every sign-in gets a new session and ends the browser's
// previous one.
func TestSessionCookie(t *testing.T) {
	for _, tt := range []struct{ base, name, secure string }{
		{"", "tc_session=", ""}, {"https://trustcard.example", "__Host-tc_session=", "; secure"},
	} {
		env := mustStartSignIn(t, "sqlite", apitest.Options{BaseURL: tt.base})
		link := mustSignInLink(t, env, "ada@acme.test", surveys.RoleAdmin)
		res := postForm(t, env, strings.TrimPrefix(link, env.URL), "")
		cookie := res.Header.Get("Set-Cookie")
		for _, want := range []string{tt.name, "; path=/", "; HttpOnly", "; SameSite=Lax", "expires="} {
			if !strings.Contains(cookie, want) {
				t.Errorf("%s: Set-Cookie %q lacks %q", tt.name, cookie, want)
			}
		}
		if strings.Contains(cookie, "; secure") != (tt.secure != "") || strings.Contains(strings.ToLower(cookie), "domain=") {
			t.Errorf("%s: Set-Cookie %q: Secure only over https, never a Domain", tt.name, cookie)
		}
	}

	env := mustStartSignIn(t, "sqlite", apitest.Options{})
	first := mustPerson(t, env, "ada@acme.test", surveys.RoleAdmin, 0)
	again, err := env.Services.Directory.IssueSignInLink(apitest.AsAdmin(t.Context(), env.Org), "ada@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	res, err := env.Send(apitest.Scenario{Method: "POST", Path: "/signin/" + again, Header: first.header()})
	if err != nil || res.Status != http.StatusSeeOther {
		t.Fatalf("signing in again: %d, %v", res.Status, err)
	}
	second, _, _ := strings.Cut(res.Header.Get("Set-Cookie"), ";")
	if second == first.Cookie || !strings.HasPrefix(second, "tc_session=tcw_") {
		t.Errorf("signing in again kept the session cookie %q", second)
	}
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "PreviousSessionEnded", Method: "GET", Path: "/app/account", Header: first.header(), WantStatus: 303,
			WantHeader: map[string]string{"Location": "/signin"}},
		{Name: "NewSessionWorks", Method: "GET", Path: "/app/account", Header: map[string]string{"Cookie": second}, WantStatus: 200},
	})
}

// A deactivated rep's user is signed out at once: their next page sends
// them to sign in, their next download is refused.
func TestDeactivatedRepSignedOut(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := mustStartSignIn(t, driver, apitest.Options{})
			key := env.MustKey(t, surveys.ScopeManage)
			r := mustRep(t, env, key, "crm-1", "Ann Lee", "ann@acme.test", http.StatusCreated)
			ann := mustPerson(t, env, "ann@acme.test", surveys.RoleRep, r.ID)
			card := fmt.Sprintf("/reports/reps/%d.pdf", r.ID)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "SignedInBefore", Method: "GET", Path: "/app/account", Header: ann.header(), WantStatus: 200, WantContains: []string{"Ann Lee"}},
			})
			env.MustDo(t, "DELETE", fmt.Sprintf("/api/v1/reps/%d", r.ID), key, "", http.StatusOK, nil)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "PageSendsToSignIn", Method: "GET", Path: "/app", Header: ann.header(), WantStatus: 303,
					WantHeader: map[string]string{"Location": "/signin"}},
				{Name: "DownloadRefused", Method: "GET", Path: card, Header: ann.header(), WantStatus: 401},
			})
		})
	}
}
