package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
)

// surveyReady is the survey form once its script has reported the opening
// and enabled the button.
const surveyReady = "#survey button[type=submit]:enabled"

// Every page, in each of its states, at a phone's and a desktop's size:
// axe-core finds no serious or critical violation, the page does not
// scroll sideways, and a screenshot of it is kept in the test's artifact
// directory (go test -artifacts -outputdir DIR).
func TestPagesBrowser(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	for _, v := range browsertest.Viewports {
		links, signIns := mustBuyerLinks(t, env, key, v.Name), mustSignIns(t, env, key, v.Name)
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			checkBuyerPages(t, env, v, links)
			checkAppPages(t, env, v, signIns)
		})
	}
}

// buyerLinks are survey link tokens, one for each state a page is checked in.
type buyerLinks struct{ fresh, tapped, answered, expired, unsubscribed string }

// mustBuyerLinks sends one survey email for each state, to buyers of their
// own, and expires the expired one.
func mustBuyerLinks(t *testing.T, env *apitest.Env, key, name string) buyerLinks {
	t.Helper()
	link := func(state string) string {
		return mustSurveyMail(t, env, key, "ix-"+name+"-"+state, state+"-"+name+"@example.org", "").Token
	}
	l := buyerLinks{fresh: link("fresh"), tapped: link("tapped"), answered: link("answered"),
		expired: link("expired"), unsubscribed: link("unsubscribed")}
	mustExpire(t, env, l.expired)
	return l
}

// mustSignIns creates an admin, a leader and a rep user (with a rep of
// their own) and returns each one's sign-in link token by role.
func mustSignIns(t *testing.T, env *apitest.Env, key, name string) map[string]string {
	t.Helper()
	r := mustRep(t, env, key, "rep-"+name, "Grace Hopper", "grace-"+name+"@example.com", http.StatusCreated)
	tokens := map[string]string{}
	for _, role := range []string{"admin", "leader", "rep"} {
		body := fmt.Sprintf(`{"email":"%s-%s@acme.test","name":"Lee %s","role":%q}`, role, name, role, role)
		if role == "rep" {
			body = fmt.Sprintf(`{"email":"rep-%s@acme.test","name":"Grace Hopper","role":"rep","rep":%d}`, name, r.ID)
		}
		var u struct {
			SignInURL string `json:"sign_in_url"`
		}
		env.MustDo(t, http.MethodPost, "/api/v1/users", key, body, http.StatusCreated, &u)
		_, token, _ := strings.Cut(u.SignInURL, "/signin/")
		tokens[role] = token
	}
	return tokens
}

// pageChecker opens pages of env's server in one tab and checks each.
type pageChecker struct {
	t   *testing.T
	env *apitest.Env
	v   browsertest.Viewport
	tab context.Context
}

func newPageChecker(t *testing.T, env *apitest.Env, v browsertest.Viewport) pageChecker {
	t.Helper()
	return pageChecker{t: t, env: env, v: v, tab: browsertest.NewTab(t, v.Width, v.Height)}
}

// open opens path, waits until the CSS selector ready is visible, and
// checks the page as name.
func (c pageChecker) open(name, path, ready string) {
	c.t.Helper()
	c.visit(path, ready)
	c.check(name)
}

// visit opens path and waits until the CSS selector ready is visible.
func (c pageChecker) visit(path, ready string) {
	c.t.Helper()
	browsertest.Run(c.t, c.tab, "open "+path, chromedp.Navigate(c.env.URL+path), chromedp.WaitVisible(ready, chromedp.ByQuery))
}

// check checks the tab's page, and keeps its screenshot as name-viewport.
func (c pageChecker) check(name string) {
	c.t.Helper()
	browsertest.CheckPage(c.t, c.tab, name+"-"+c.v.Name)
}

// checkBuyerPages checks the survey and unsubscribe pages in every state,
// going through them as a buyer does.
func checkBuyerPages(t *testing.T, env *apitest.Env, v browsertest.Viewport, l buyerLinks) {
	c := newPageChecker(t, env, v)
	c.open("survey", "/s/"+l.fresh, surveyReady)
	c.open("survey-de", "/s/"+l.fresh+"?lang=de", surveyReady)
	c.open("survey-saved", "/s/"+l.tapped+"?understood=4", "#saved:not(:empty)")
	c.visit("/s/"+l.answered, surveyReady)
	browsertest.Run(t, c.tab, "answer", chromedp.Click(`label[for="understood-4"]`, chromedp.ByQuery),
		chromedp.Click(surveyReady, chromedp.ByQuery))
	wantThanks(t, c.tab)
	c.check("survey-thanks")
	c.open("survey-edit", "/s/"+l.answered+"?edit=1", surveyReady)
	c.open("survey-expired", "/s/"+l.expired, "main h1")
	c.open("survey-unknown", "/s/sNOSUCHTOKEN", "main h1")
	c.open("unsubscribe", "/u/"+l.unsubscribed, "main form button")
	browsertest.Run(t, c.tab, "unsubscribe", chromedp.Click("main form button", chromedp.ByQuery),
		chromedp.WaitVisible(`//h1[normalize-space(.)="You are unsubscribed"]`))
	c.check("unsubscribe-done")
	c.open("survey-unsubscribed", "/s/"+l.unsubscribed, "main h1")
	c.open("unsubscribe-unknown", "/u/nosuchtoken", "main h1")
}

// checkAppPages checks the pages anyone may open, then the page the home
// page sends each role to once signed in, and the captured mail as an admin.
func checkAppPages(t *testing.T, env *apitest.Env, v browsertest.Viewport, signIns map[string]string) {
	c := newPageChecker(t, env, v)
	c.open("home", "/", "main h1")
	c.open("signin", "/signin/"+signIns["admin"], "main form button")
	c.open("signin-form", "/signin", "main form button")
	c.open("trust-score", "/trust-score", "main h1")
	c.open("docs", "/api/v1/docs", "main h1")
	c.open("error", "/no-such-page", "main h1")
	for _, role := range []string{"admin", "leader", "rep"} {
		c := newPageChecker(t, env, v)
		browsertest.SignIn(t, c.tab, env.URL, signIns[role])
		c.open("home-"+role, "/", "main h1")
		c.open("account-"+role, "/app/account", "main h1")
		if role == "admin" {
			c.open("dev-mail", "/dev/mail", "main h1")
		}
	}
}
