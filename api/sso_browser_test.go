package api_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest/browsertest"
	"trustcard/surveys"
)

// Single sign-on in Chromium at a phone's and a desktop's size, against
// the provider started in the test: the sign-in page's company button
// signs a rep in all the way to their own page; an unknown address gets
// the page that says to ask an admin; an admin sets it up and tests it.
// Each page is checked (screenshot, axe-core, no sideways scroll).
func TestSSOBrowser(t *testing.T) {
	w := newSSOWorld(t, "sqlite", surveys.RoleRep)
	for _, v := range browsertest.Viewports {
		_, token, _ := strings.Cut(mustSignInLink(t, w.env, "ada-"+v.Name+"@acme.test", surveys.RoleAdmin), "/signin/")
		// One viewport after the other: the provider signs in whoever it was
		// told last.
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.Run(t, tab, "open the sign-in page", chromedp.Navigate(w.env.URL+"/signin"),
				chromedp.WaitVisible(".sso-signin a", chromedp.ByQuery))
			browsertest.CheckPage(t, tab, "signin-sso-"+v.Name)
			w.idp.SignInAs("rita@acme.test")
			var path string
			browsertest.Run(t, tab, "sign in with the company account", chromedp.Click(".sso-signin a", chromedp.ByQuery),
				chromedp.WaitVisible(`//h1[contains(., "Rita Rep")]`), chromedp.Evaluate(`location.pathname`, &path))
			if !strings.HasPrefix(path, "/app/reps/") {
				t.Errorf("signed in at %s, want the rep's own page", path)
			}

			stranger := browsertest.NewTab(t, v.Width, v.Height)
			w.idp.SignInAs("una@acme.test")
			browsertest.Run(t, stranger, "sign in as nobody known", chromedp.Navigate(w.env.URL+"/signin/sso"),
				chromedp.WaitVisible(`//p[contains(., "ask an admin to invite you")]`))
			browsertest.CheckPage(t, stranger, "sso-refused-"+v.Name)

			admin := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, admin, w.env.URL, token)
			browsertest.Run(t, admin, "open single sign-on", chromedp.Navigate(w.env.URL+"/app/admin/sso"),
				chromedp.WaitVisible("#issuer", chromedp.ByQuery))
			browsertest.CheckPage(t, admin, "admin-sso-"+v.Name)
			w.idp.SignInAs("Ada.SSO@Acme.test")
			browsertest.Run(t, admin, "test the sign-in", chromedp.Click(`a[href^="/signin/sso?test=1"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`//h1[contains(., "Company sign-in works")]`))
			browsertest.CheckPage(t, admin, "sso-test-"+v.Name)
		})
	}
}
