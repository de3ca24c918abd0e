package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest/browsertest"
)

// A leader's follow-up of a low answer, on a phone and on a desktop: the
// inbox lists Zoë's alert, the leader acknowledges it with a note, finds it
// by status, marks the call made and resolves it with an outcome; Zoë then
// sees the resolution on her own feed. Each step's page is checked
// (screenshot, axe-core, no sideways scroll, 44 px controls).
func TestAlertInboxBrowser(t *testing.T) {
	for _, v := range browsertest.Viewports {
		t.Run(v.Name, func(t *testing.T) {
			w := mustAlertWorld(t, "sqlite")
			leader := browsertest.NewTab(t, v.Width, v.Height)
			onePath := fmt.Sprintf("/app/alerts/%d", w.alert.ID)
			one := w.env.URL + onePath
			var at string
			browsertest.Run(t, leader, "open the email's link signed out", chromedp.Navigate(one),
				chromedp.WaitVisible(`form[action="/signin"]`, chromedp.ByQuery), chromedp.Evaluate(`location.pathname + location.search`, &at))
			if at != "/signin?next="+url.QueryEscape(onePath) {
				t.Errorf("signed out, the alert's link led to %q", at)
			}
			browsertest.SignIn(t, leader, w.env.URL, w.mustSignInAgain(t, "leader")+"?next="+url.QueryEscape(onePath))
			browsertest.Run(t, leader, "land on the alert", chromedp.Evaluate(`location.pathname`, &at))
			if at != onePath {
				t.Errorf("signing in landed on %q, want the alert %s", at, onePath)
			}
			form := func(to string) string {
				return fmt.Sprintf(`form[action$="/transitions"]:has(input[name="to"][value=%q])`, to)
			}
			browsertest.Run(t, leader, "open the inbox", chromedp.Navigate(w.env.URL+"/app/alerts"),
				chromedp.WaitVisible(".alert-item", chromedp.ByQuery))
			checkRepPage(t, leader, "alerts-inbox-"+v.Name)

			browsertest.Run(t, leader, "acknowledge with a note",
				chromedp.SendKeys(form("acknowledged")+` textarea`, "Calling her tomorrow", chromedp.ByQuery),
				chromedp.Click(form("acknowledged")+` button`, chromedp.ByQuery),
				chromedp.WaitVisible(`//span[contains(@class,"alert-status")][normalize-space(.)="Acknowledged"]`))
			checkRepPage(t, leader, "alerts-acknowledged-"+v.Name)

			var summary string
			browsertest.Run(t, leader, "filter by status", chromedp.Navigate(w.env.URL+"/app/alerts"),
				chromedp.SetValue(`select[name="status"]`, "acknowledged", chromedp.ByQuery),
				chromedp.Click(`form.alert-filters button`, chromedp.ByQuery),
				chromedp.WaitReady(`select[name="status"] option[value="acknowledged"][selected]`, chromedp.ByQuery),
				chromedp.Text(".rep-feed-summary", &summary, chromedp.ByQuery))
			if summary != "Alerts 1–1 of 1, newest first" {
				t.Errorf("filtered to acknowledged, the inbox says %q", summary)
			}

			browsertest.Run(t, leader, "mark as contacted", chromedp.Navigate(one),
				chromedp.Click(form("contacted")+` button`, chromedp.ByQuery),
				chromedp.WaitVisible(`//span[contains(@class,"alert-status")][normalize-space(.)="Contacted"]`))
			checkRepPage(t, leader, "alerts-contacted-"+v.Name)
			browsertest.Run(t, leader, "resolve",
				chromedp.SetValue(form("resolved")+` select[name="outcome"]`, "resolved", chromedp.ByQuery),
				chromedp.SendKeys(form("resolved")+` textarea`, "Apologised; a new demo is booked", chromedp.ByQuery),
				chromedp.Click(form("resolved")+` button`, chromedp.ByQuery),
				chromedp.WaitVisible(`//p[@class="alert-outcome"]`))
			checkRepPage(t, leader, "alerts-resolved-"+v.Name)

			rep := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, rep, w.env.URL, w.mustSignInAgain(t, "zoe"))
			var marker string
			browsertest.Run(t, rep, "read the marker", chromedp.Navigate(w.env.URL+repPath(w.zoe, "")),
				chromedp.WaitVisible(".feed-alert", chromedp.ByQuery), chromedp.Text(".feed-alert", &marker, chromedp.ByQuery))
			if !strings.Contains(marker, "Alert resolved (resolved with the buyer): Apologised; a new demo is booked") {
				t.Errorf("Zoë's feed marker reads %q", marker)
			}
			browsertest.Run(t, rep, "read why", chromedp.Text(".feed-alert-why", &marker, chromedp.ByQuery))
			if !strings.Contains(marker, "Rated 1 of 5: “Zoë understood what I actually needed.”") {
				t.Errorf("Zoë's feed marker says why as %q", marker)
			}
			checkRepPage(t, rep, "alerts-rep-feed-"+v.Name)
		})
	}
}
