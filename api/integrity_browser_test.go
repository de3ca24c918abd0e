package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/reports/reporttest"
	"trustcard/surveys"
)

// answerInTab answers the survey of token in tab with understood = rating
// and sends it, as a buyer does.
func answerInTab(t *testing.T, env *apitest.Env, tab context.Context, token string, rating int) {
	t.Helper()
	browsertest.Run(t, tab, "answer "+token[:6], chromedp.Navigate(env.URL+"/s/"+token),
		// The button is enabled once the page has told the server it was opened.
		chromedp.WaitVisible(`#survey button[type=submit]:enabled`, chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`label[for="understood-%d"]`, rating), chromedp.ByQuery),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery))
	wantThanks(t, tab)
}

// Each integrity flag provoked through the real survey page in Chromium:
// the rep answering in their own signed-in browser, a buyer in the org's
// domain, and one browser answering for three buyers. The exclusions show
// in the API, on the rep's page and on the card read back as text.
func TestIntegrityBrowser(t *testing.T) {
	env, key := startSurveys(t, "postgres")
	ada := mustRepID(t, env, "crm-1")
	env.MustDo(t, http.MethodPatch, "/api/v1/settings", key, `{"own_domains":["acme.test"]}`, http.StatusOK, nil)

	token, err := env.Services.Directory.CreateUser(apitest.AsAdmin(context.Background(), env.Org),
		&surveys.User{Email: "ada@example.com", Name: "Ada", Role: surveys.RoleRep, RepID: ada})
	if err != nil {
		t.Fatal(err)
	}
	repTab := browsertest.NewTab(t, 1280, 900)
	browsertest.Run(t, repTab, "the rep's browser", emulation.SetUserAgentOverride("Ada's laptop"))
	browsertest.SignIn(t, repTab, env.URL, token)
	answerInTab(t, env, repTab, mustSentSurvey(t, env, key, "rep-own", "crm-1", "friend@example.org"), 5)

	acmeTab := newTab(t)
	browsertest.Run(t, acmeTab, "a colleague's phone", emulation.SetUserAgentOverride("a colleague's phone"))
	answerInTab(t, env, acmeTab, mustSentSurvey(t, env, key, "colleague", "crm-1", "pat@acme.test"), 5)

	shared := newTab(t)
	for i := range 3 {
		answerInTab(t, env, shared, mustSentSurvey(t, env, key, fmt.Sprintf("shared-%d", i), "crm-1", fmt.Sprintf("b%d@example.org", i)), 3)
	}

	f := repFigures(t, env, key, ada)
	if f.N != 3 || f.Raw == nil || *f.Raw != 50 || f.Excluded.Total != 2 || f.Excluded.ByReason["own_domain"] != 1 ||
		f.Excluded.ByReason["rep_signed_in"] != 1 {
		t.Errorf("figures = n %d raw %v excluded %+v; want the three shared answers only (raw 50), 2 excluded", f.N, f.Raw, f.Excluded)
	}
	flags := responseFlags(t, env, key)
	var got []string
	for _, v := range flags {
		got = append(got, v)
	}
	for _, want := range []string{"rep_signed_in/rep_signed_in", "own_domain/own_domain", "same_client/"} {
		if !strings.Contains(strings.Join(got, " "), want) {
			t.Errorf("responses' flags %v lack %q", got, want)
		}
	}

	res := env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/reps/%d.pdf", ada), key, "", http.StatusOK, nil)
	text := reporttest.MustText(t, res.Body)
	for _, want := range []string{"Responses excluded from these figures by the org's integrity rules: 2",
		"buyer's address in the company's own domain 1", "answered from the rep's own signed-in browser 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("card lacks %q:\n%s", want, text)
		}
	}

	admins := map[int]context.Context{}
	for _, width := range []int{1280, 390} {
		admins[width] = browsertest.NewTab(t, width, 844)
		browsertest.SignIn(t, admins[width], env.URL, mustSignInToken(t, env, fmt.Sprintf("admin%d@example.com", width), surveys.RoleAdmin))
		tab := repTab
		if width == 390 {
			tab = admins[width]
		}
		var note string
		browsertest.Run(t, tab, "the rep's page", chromedp.Navigate(fmt.Sprintf("%s/app/reps/%d", env.URL, ada)),
			chromedp.Text(".rep-excluded", &note, chromedp.ByQuery))
		if !strings.Contains(note, "integrity rules: 2") || !strings.Contains(note, "signed-in browser 1") {
			t.Errorf("at %d px the rep page says %q", width, note)
		}
		browsertest.CheckPage(t, tab, fmt.Sprintf("integrity-rep-%d", width))
	}

	// The console lists the flagged responses; an admin reinstates the own-domain one.
	for _, width := range []int{1280, 390} {
		browsertest.Run(t, admins[width], "the integrity page", chromedp.Navigate(env.URL+"/app/admin/integrity"),
			chromedp.WaitVisible(`//li[contains(., "excluded as own_domain")]//button`))
		browsertest.CheckPage(t, admins[width], fmt.Sprintf("integrity-console-%d", width))
	}
	var notice string
	browsertest.Run(t, admins[390], "reinstate", chromedp.Click(`//li[contains(., "excluded as own_domain")]//button`),
		chromedp.WaitVisible(`//p[@role="status"][contains(., "Reinstated")]`), chromedp.Text(`p[role=status]`, &notice, chromedp.ByQuery))
	if f := repFigures(t, env, key, ada); f.N != 4 || f.Excluded.Total != 1 || f.Excluded.ByReason["own_domain"] != 0 {
		t.Errorf("after reinstating in the console (%q): n %d, excluded %+v; want n 4, only rep_signed_in excluded", notice, f.N, f.Excluded)
	}
}

// mustSignInToken creates a user and returns their one-time sign-in token.
func mustSignInToken(t *testing.T, env *apitest.Env, email string, role surveys.Role) string {
	t.Helper()
	token, err := env.Services.Directory.CreateUser(apitest.AsAdmin(context.Background(), env.Org), &surveys.User{Email: email, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return token
}
