package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/surveys"
)

// A person whose sign-in link expired asks for a new one at /signin on a
// phone, with the keyboard, reads the email at the SMTP sink, opens the
// link, presses the button and lands in the web app, where the account
// page names this browser. Screenshots at 390 and 1280 px go to the
// test's artifact directory (go test -artifacts -outputdir DIR).
func TestSignInBrowserJourney(t *testing.T) {
	clock := newTestClock()
	env := mustStartSignIn(t, "postgres", apitest.Options{Clock: clock})
	ob, sk := mustSinkOutbox(t, env)
	u := &surveys.User{Email: "ada@acme.test", Name: "Ada Admin", Role: surveys.RoleAdmin}
	expired, err := env.Services.Directory.CreateUser(apitest.AsAdmin(context.Background(), env.Org), u)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(surveys.SignInLinkTTL)
	tab := newTab(t)

	browsertest.Run(t, tab, "open the home page", chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(`main a.button[href="/signin"]`))
	checkBothSizes(t, tab, "signin-journey-home")

	browsertest.Run(t, tab, "press the expired link's button", chromedp.Navigate(env.URL+"/signin/"+expired),
		chromedp.WaitVisible(`form[action^="/signin/"] button`), chromedp.Click(`form[action^="/signin/"] button`),
		chromedp.WaitVisible(`p.notice[role="alert"]`))
	wantText(t, tab, "p.notice", "That sign-in link has expired or was already used.")
	checkBothSizes(t, tab, "signin-journey-signin-expired")

	var outline string
	browsertest.Run(t, tab, "ask for a new link with the keyboard", chromedp.Focus("#email"),
		chromedp.Evaluate(`getComputedStyle(document.activeElement).outlineStyle`, &outline),
		chromedp.SendKeys("#email", "Ada@acme.test"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`div.notice[role="status"]`))
	if outline == "none" || outline == "" {
		t.Errorf("the focused email field has no visible outline (outline-style %q)", outline)
	}
	wantText(t, tab, "div.notice", "If that address belongs to an account, a sign-in link is on its way. It works once, for 1 hour.")
	checkBothSizes(t, tab, "signin-journey-signin-sent")

	mustRunOutbox(t, ob)
	links := signInLinks(t, sk, "ada@acme.test")
	if len(links) != 1 {
		t.Fatalf("links mailed to Ada: %v, want 1", links)
	}
	browsertest.Run(t, tab, "open the emailed link", chromedp.Navigate(links[0]), chromedp.WaitVisible(`form[action^="/signin/"] button`))
	// RunResponse waits for the page the button leads to.
	if _, err := chromedp.RunResponse(tab, chromedp.Click(`form[action^="/signin/"] button`)); err != nil {
		t.Fatalf("press the sign-in button: %v", err)
	}
	var path string
	browsertest.Run(t, tab, "read where the button led", chromedp.Evaluate(`location.pathname`, &path))
	if !strings.HasPrefix(path, "/app") {
		t.Fatalf("pressing the button led to %s, want the web app", path)
	}

	phone := signInOnAPhone(t, env, u.Email)
	browsertest.Run(t, tab, "open the account page", chromedp.Navigate(env.URL+"/app/account"), chromedp.WaitVisible(`.sessions`))
	wantText(t, tab, ".session.current", "this browser")
	wantText(t, tab, ".session:not(.current)", "Chrome on Android")
	wantText(t, tab, "main", "ada@acme.test")
	checkBothSizes(t, tab, "signin-journey-account")
	if _, err := chromedp.RunResponse(tab, chromedp.Click(`.session:not(.current) button`)); err != nil {
		t.Fatalf("sign the phone out: %v", err)
	}
	var left int
	browsertest.Run(t, tab, "count the sessions left", chromedp.WaitVisible(`.sessions`), chromedp.Evaluate(`document.querySelectorAll(".session").length`, &left))
	if left != 1 {
		t.Errorf("%d sessions listed after signing the phone out, want 1", left)
	}
	apitest.Run(t, env, []apitest.Scenario{{Name: "ThePhoneIsSignedOut", Method: "GET", Path: "/app",
		Header: map[string]string{"Cookie": phone}, WantStatus: 303, WantHeader: map[string]string{"Location": "/signin"}}})
}

// signInOnAPhone signs the user with email in from an Android phone and
// returns the phone's session cookie.
func signInOnAPhone(t *testing.T, env *apitest.Env, email string) string {
	t.Helper()
	token, err := env.Services.Directory.IssueSignInLink(apitest.AsAdmin(context.Background(), env.Org), email)
	if err != nil {
		t.Fatal(err)
	}
	res, err := env.Send(apitest.Scenario{Method: "POST", Path: "/signin/" + token, Header: map[string]string{
		"User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"}})
	if err != nil || res.Status != 303 {
		t.Fatalf("sign in on a phone: %d, %v", res.Status, err)
	}
	cookie, _, _ := strings.Cut(res.Header.Get("Set-Cookie"), ";")
	return cookie
}

// wantText fails unless the first element matching sel contains want.
func wantText(t *testing.T, tab context.Context, sel, want string) {
	t.Helper()
	var got string
	browsertest.Run(t, tab, "read "+sel, chromedp.Text(sel, &got, chromedp.ByQuery))
	if !strings.Contains(strings.Join(strings.Fields(got), " "), want) {
		t.Errorf("%s reads %q, want %q", sel, got, want)
	}
}

// checkBothSizes checks the tab's page, as browsertest.CheckPage does
// (screenshot, axe-core, no sideways scroll), at a phone's width and at a
// desktop's, with its buttons and fields 44 px targets at each, and leaves
// the tab a phone again.
func checkBothSizes(t *testing.T, tab context.Context, name string) {
	t.Helper()
	for _, v := range browsertest.Viewports {
		size := chromedp.EmulateViewport(int64(v.Width), int64(v.Height))
		if v == browsertest.Phone {
			size = chromedp.EmulateViewport(int64(v.Width), int64(v.Height), chromedp.EmulateScale(2), chromedp.EmulateMobile)
		}
		var smallest float64
		browsertest.Run(t, tab, name+" at "+v.Name+" size", size,
			chromedp.Evaluate(`Math.min(44, ...[...document.querySelectorAll('main button, main .button, main input:not([type=hidden])')]
				.map(e => e.getBoundingClientRect()).map(r => Math.min(r.width, r.height)))`, &smallest))
		if smallest < 44 {
			t.Errorf("%s on a %s: a control is %.0f px", name, v.Name, smallest)
		}
		browsertest.CheckPage(t, tab, name+"-"+v.Name)
	}
	browsertest.Run(t, tab, "back to a phone", chromedp.EmulateViewport(int64(browsertest.Phone.Width), int64(browsertest.Phone.Height),
		chromedp.EmulateScale(2), chromedp.EmulateMobile))
}
