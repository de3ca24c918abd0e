package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// openRedirects are return-to addresses that must never be followed.
var openRedirects = []string{"https://evil.test/app/alerts", "//evil.test/app/", "/\\evil.test", "/%5Cevil.test",
	"/app/../signout", "/app/%2e%2e/signout", "javascript:alert(1)", "/signin", "app/alerts"}

// hiddenNext reads the next field of a page's form; "" when it has none.
var hiddenNext = regexp.MustCompile(`name="next" value="([^"]*)"`)

// fullSignInLink is the emailed sign-in link with its query.
var fullSignInLink = regexp.MustCompile(signInLinkPattern.String() + `(\?next=[^\s"<>]+)?`)

// A signed-out leader who opens a page of the web app, as the alert
// email's link, signs in by an emailed link and lands on that page.
func TestSignInReturnsToThePageAsked(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := mustStartSignIn(t, driver, apitest.Options{})
			mustPerson(t, env, "lee@acme.test", surveys.RoleLeader, 0)
			ob, sk := mustSinkOutbox(t, env)
			b, page := newBrowser(t), "/app/alerts?status=open"

			status, to, _ := goTo(t, b, "GET", env.URL+page, nil)
			if status != http.StatusSeeOther || to != "/signin?next="+url.QueryEscape(page) {
				t.Fatalf("signed out, GET %s = %d to %q, want 303 to /signin?next=…", page, status, to)
			}
			_, _, form := goTo(t, b, "GET", env.URL+to, nil)
			next := hiddenNext.FindStringSubmatch(form)
			if next == nil || next[1] != page {
				t.Fatalf("the sign-in form keeps next %v, want %q:\n%s", next, page, form)
			}
			if status, _, _ := goTo(t, b, "POST", env.URL+"/signin", url.Values{"email": {"lee@acme.test"}, "next": {page}}); status != http.StatusOK {
				t.Fatalf("POST /signin = %d", status)
			}
			mustRunOutbox(t, ob)
			var link string
			for _, m := range sk.Snapshot().Messages {
				link = fullSignInLink.FindString(mailtest.MustParse(t, m.Data).Text)
			}
			if !strings.HasSuffix(link, "?next="+url.QueryEscape(page)) {
				t.Fatalf("the emailed link %q does not lead on to %s", link, page)
			}
			_, _, confirm := goTo(t, b, "GET", link, nil)
			if next := hiddenNext.FindStringSubmatch(confirm); next == nil || next[1] != page {
				t.Fatalf("the link's page keeps next %v, want %q", next, page)
			}
			if status, to, _ = goTo(t, b, "POST", strings.Split(link, "?")[0], url.Values{"next": {page}}); status != http.StatusSeeOther || to != page {
				t.Fatalf("signing in = %d to %q, want 303 to %s", status, to, page)
			}
			if status, _, body := goTo(t, b, "GET", env.URL+to, nil); status != http.StatusOK || !strings.Contains(body, "<h1>Alerts</h1>") {
				t.Errorf("the page asked for = %d:\n%s", status, clip(body))
			}
			if status, to, _ = goTo(t, b, "GET", env.URL+"/signin?next="+url.QueryEscape(page), nil); to != page {
				t.Errorf("signed in, /signin?next= = %d to %q, want %s", status, to, page)
			}
			if status, to, _ = goTo(t, newBrowser(t), "POST", env.URL+"/app/alerts/1/transitions", url.Values{}); to != "/signin" {
				t.Errorf("signed out, a POST = %d to %q, want /signin without a page to return to", status, to)
			}
		})
	}
}

// No return-to address leads off the web app: each is dropped from the
// form and the emailed link, and signing in lands on /app.
func TestSignInRefusesOpenRedirects(t *testing.T) {
	env := mustStartSignIn(t, storetest.Drivers[0], apitest.Options{})
	ob, sk := mustSinkOutbox(t, env)
	signedIn := newBrowser(t)
	if status, _, _ := goTo(t, signedIn, "POST", mustSignInLink(t, env, "ann@acme.test", surveys.RoleLeader), url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("signing in = %d", status)
	}
	for i, evil := range openRedirects {
		t.Run(url.PathEscape(evil), func(t *testing.T) {
			q := "?next=" + url.QueryEscape(evil)
			if _, _, form := goTo(t, newBrowser(t), "GET", env.URL+"/signin"+q, nil); strings.Contains(form, `name="next"`) || strings.Contains(form, "evil") {
				t.Errorf("the sign-in form keeps %q:\n%s", evil, clip(form))
			}
			if _, _, confirm := goTo(t, newBrowser(t), "GET", env.URL+"/signin/tcs_x"+q, nil); strings.Contains(confirm, `name="next"`) {
				t.Errorf("the link's page keeps %q", evil)
			}
			if _, to, _ := goTo(t, signedIn, "GET", env.URL+"/signin"+q, nil); to != "/app" {
				t.Errorf("signed in, /signin%s goes to %q, want /app", q, to)
			}
			if _, to, _ := goTo(t, newBrowser(t), "POST", mustSignInLink(t, env, fmt.Sprintf("u%d@acme.test", i), surveys.RoleLeader),
				url.Values{"next": {evil}}); to != "/app" {
				t.Errorf("signing in with next %q goes to %q, want /app", evil, to)
			}
			before, email := len(sk.Snapshot().Messages), fmt.Sprintf("e%d@acme.test", i)
			mustPerson(t, env, email, surveys.RoleLeader, 0)
			goTo(t, newBrowser(t), "POST", env.URL+"/signin", url.Values{"email": {email}, "next": {evil}})
			mustRunOutbox(t, ob)
			msgs := sk.Snapshot().Messages
			if len(msgs) != before+1 {
				t.Fatalf("%d emails, want %d", len(msgs), before+1)
			}
			if text := mailtest.MustParse(t, msgs[len(msgs)-1].Data).Text; strings.Contains(text, "next=") {
				t.Errorf("the emailed link carries %q:\n%s", evil, text)
			}
		})
	}
}

// ssoLink is the company sign-in button's address on the sign-in form.
var ssoLink = regexp.MustCompile(`href="(/signin/sso[^"]*)"`)

// Company sign-in from the form of a page asked for lands on that page,
// and never off the web app.
func TestSSOReturnsToThePageAsked(t *testing.T) {
	w := newSSOWorld(t, storetest.Drivers[0], "")
	_, _, form := goTo(t, newBrowser(t), "GET", w.env.URL+"/signin?next="+url.QueryEscape("/app/alerts?status=open"), nil)
	link := ssoLink.FindStringSubmatch(form)
	if link == nil || !strings.Contains(link[1], "next=") {
		t.Fatalf("the sign-in form's company sign-in %v does not keep the page:\n%s", link, clip(form))
	}
	status, path, body := w.signIn(t, companyBrowser(t, false), "Ada.SSO@Acme.test", strings.ReplaceAll(link[1], "&amp;", "&"))
	if status != http.StatusOK || path != "/app/alerts" || !strings.Contains(body, "<h1>Alerts</h1>") {
		t.Errorf("company sign-in ended at %s with %d, want the alerts:\n%s", path, status, clip(body))
	}
	for _, evil := range openRedirects {
		if status, path, _ := w.signIn(t, companyBrowser(t, false), "Ada.SSO@Acme.test", "/signin/sso?next="+url.QueryEscape(evil)); status != http.StatusSeeOther || path != "/app" {
			t.Errorf("company sign-in with next %q ended at %s with %d, want 303 to /app", evil, path, status)
		}
	}
}
