package api_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest/browsertest"
)

// A leader chooses a weekly digest on a phone and on a desktop: the form,
// a refused time zone and the saved choice are each checked (screenshot,
// axe-core, no sideways scroll, 44 px controls).
func TestDigestChoiceBrowser(t *testing.T) {
	for _, v := range browsertest.Viewports {
		t.Run(v.Name, func(t *testing.T) {
			w := mustAlertWorld(t, "sqlite")
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, w.env.URL, w.mustSignInAgain(t, "leader"))
			browsertest.Run(t, tab, "open the account", chromedp.Navigate(w.env.URL+"/app/account"),
				chromedp.Click(`a[href="/app/account/digest"]`, chromedp.ByQuery), chromedp.WaitVisible(`#frequency-off:checked`, chromedp.ByQuery))
			checkRepPage(t, tab, "digest-form-"+v.Name)

			browsertest.Run(t, tab, "choose a weekly digest in a time zone that does not exist",
				chromedp.Click(`label[for="frequency-weekly"]`, chromedp.ByQuery),
				chromedp.SetValue(`#hour`, "7", chromedp.ByQuery), chromedp.SetValue(`#weekday`, "1", chromedp.ByQuery),
				chromedp.SetValue(`#language`, "fr", chromedp.ByQuery), chromedp.SetValue(`#time_zone`, "Europe/Atlantis", chromedp.ByQuery),
				chromedp.Click(`form.settings-form button[type="submit"]`, chromedp.ByQuery), chromedp.WaitVisible(`#digest-problem`, chromedp.ByQuery))
			checkRepPage(t, tab, "digest-refused-"+v.Name)

			var saved string
			browsertest.Run(t, tab, "correct the time zone",
				chromedp.SetValue(`#time_zone`, "America/New_York", chromedp.ByQuery),
				chromedp.Click(`form.settings-form button[type="submit"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`p[role="status"]`, chromedp.ByQuery), chromedp.Text(`p[role="status"]`, &saved, chromedp.ByQuery))
			if !strings.HasPrefix(saved, "Saved. The next digest goes out Monday ") || !strings.Contains(saved, "07:00 E") {
				t.Errorf("after saving, the page says %q", saved)
			}
			checkRepPage(t, tab, "digest-saved-"+v.Name)
		})
	}
}
