package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/surveys"
	"trustcard/surveys/outbox"
)

// An admin adds an endpoint in Chromium at a phone's and a desktop's
// size: a loopback URL is refused while private addresses are not
// allowed, the secret is shown once, a test event reaches the receiver
// signed with it, and the endpoint's page shows the delivery in its log.
// Each page is checked (screenshot, axe-core, no sideways scroll).
func TestWebhooksBrowser(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	mustHookOutbox(t, env, outbox.Options{})
	rc := mustReceiver(t, nil)
	for _, v := range browsertest.Viewports {
		_, token, _ := strings.Cut(mustSignInLink(t, env, "ada-"+v.Name+"@acme.test", surveys.RoleAdmin), "/signin/")
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, env.URL, token)
			browsertest.Run(t, tab, "open the webhooks", chromedp.Navigate(env.URL+"/app/admin/webhooks"), chromedp.WaitVisible("#url", chromedp.ByQuery))
			browsertest.CheckPage(t, tab, "webhooks-"+v.Name)
			url := rc.URL + "/hooks/" + v.Name
			browsertest.Run(t, tab, "add a loopback endpoint", chromedp.SetValue("#url", url, chromedp.ByQuery),
				chromedp.Click(`form[action="/app/admin/webhooks"] button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible(`//p[@role="alert" and contains(., "the url must use https")]`))
			browsertest.CheckPage(t, tab, "webhooks-refused-"+v.Name)
			browsertest.Run(t, tab, "allow private addresses", chromedp.Click(`input[name="allow_private"]`, chromedp.ByQuery),
				chromedp.Click(`form[action="/app/admin/webhooks/settings"] button`, chromedp.ByQuery),
				chromedp.WaitVisible(`//p[@role="status" and contains(., "private addresses")]`))
			var secret string
			browsertest.Run(t, tab, "add it again", chromedp.SetValue("#url", url, chromedp.ByQuery),
				chromedp.Click(`form[action="/app/admin/webhooks"] button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible("#new-secret", chromedp.ByQuery), chromedp.Value("#new-secret", &secret, chromedp.ByQuery))
			browsertest.CheckPage(t, tab, "webhooks-created-"+v.Name)
			browsertest.Run(t, tab, "open it", chromedp.Click(fmt.Sprintf(`//a[contains(., %q)]`, url)),
				chromedp.WaitVisible(`//button[contains(., "Send a test event")]`))
			n := len(rc.hooks())
			browsertest.Run(t, tab, "send a test event", chromedp.Click(`//button[contains(., "Send a test event")]`),
				chromedp.WaitVisible(`//p[@role="status" and contains(., "Queued a test event")]`))
			got := rc.wait(t, n+1, 10*time.Second)
			if err := verifyTrustcard(secret, got[n].Signature, got[n].Body, got[n].At); err != nil || got[n].Event != surveys.EventTest {
				t.Errorf("the test event %s: %v", got[n].Body, err)
			}
			browsertest.Run(t, tab, "see it in the log", chromedp.Sleep(300*time.Millisecond), chromedp.Reload(),
				chromedp.WaitVisible(`//ol//li[contains(., "webhook.test") and contains(., "200")]`))
			browsertest.CheckPage(t, tab, "webhook-"+v.Name)
			env.DB.SaveWebhookSettings(t.Context(), &surveys.WebhookSettings{OrgID: env.Org.ID}) // refused again for the other size
		})
	}
}
