package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/surveys"
)

// The survey editor in Chromium at a phone's and a desktop's size: both
// previews load in their sandboxed frames with the page's styles, typing
// updates them a moment later, a template is refused with the reason, and
// saving makes version 1; each state is checked (screenshot, axe-core, no
// sideways scroll), and so are the previews opened on their own, as a test
// email's link opens them.
func TestSurveyEditorBrowser(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	plain := unsandboxed(t, env)
	for _, v := range browsertest.Viewports {
		_, token, _ := strings.Cut(mustSignInLink(t, env, "ada-"+v.Name+"@acme.test", surveys.RoleAdmin), "/signin/")
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, env.URL, token)
			waitPreviews(t, tab, "open the editor", chromedp.Navigate(env.URL+"/app/admin/survey"))
			waitFrameText(t, tab, "page", "Will understood what I actually needed.")
			browsertest.CheckPage(t, tab, "survey-editor-"+v.Name)

			browsertest.Run(t, tab, "reword, in German", chromedp.SetValue("#preview-lang", "de", chromedp.ByQuery),
				chromedp.Clear("#q-understood-de", chromedp.ByQuery),
				chromedp.SendKeys("#q-understood-de", "{rep} hat mich wirklich verstanden.", chromedp.ByQuery))
			waitFrameText(t, tab, "page", "Will hat mich wirklich verstanden.")
			waitFrameText(t, tab, "email", "Will hat mich wirklich verstanden.")
			browsertest.CheckPage(t, tab, "survey-editor-draft-"+v.Name)

			browsertest.Run(t, tab, "type a template", chromedp.SetValue("#q-prepared-en", "{rep} came {{.Org}} prepared.", chromedp.ByQuery),
				chromedp.SendKeys("#q-prepared-en", " ", chromedp.ByQuery),
				chromedp.WaitVisible(`//p[@id="preview-status"][contains(., "Not previewed")]`))
			waitPreviews(t, tab, "save it anyway", chromedp.Click(`button[value="publish"]`, chromedp.ByQuery),
				chromedp.WaitVisible(".admin-error", chromedp.ByQuery))
			browsertest.CheckPage(t, tab, "survey-editor-refused-"+v.Name)

			waitPreviews(t, tab, "fix and save", chromedp.SetValue("#q-prepared-en", "{rep} came prepared, on a "+v.Name+".", chromedp.ByQuery),
				chromedp.Click(`button[value="publish"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`//p[contains(., "Saved as version")]`))
			browsertest.CheckPage(t, tab, "survey-editor-saved-"+v.Name)

			for _, kind := range []string{"page", "email"} {
				path := "/app/admin/survey/preview/de/" + kind + "?understood=4"
				browsertest.Run(t, tab, "open the "+kind+" preview alone, sandboxed", chromedp.Navigate(env.URL+path),
					chromedp.WaitVisible("body", chromedp.ByQuery))
				browsertest.Screenshot(t, tab, "survey-preview-"+kind+"-sandboxed-"+v.Name)
				// axe needs script, which the preview's own policy forbids:
				// the same document is checked as served without it.
				browsertest.Run(t, tab, "open the "+kind+" preview alone, for axe", chromedp.Navigate(plain+path),
					chromedp.WaitVisible("body", chromedp.ByQuery))
				browsertest.CheckPage(t, tab, "survey-preview-"+kind+"-"+v.Name)
			}
		})
	}
}

// unsandboxed serves env's pages through a proxy that drops the previews'
// sandbox policy, so that axe can run in them. The tab's session cookie
// goes to the proxy too: cookies are per host, not per port.
func unsandboxed(t *testing.T, env *apitest.Env) string {
	t.Helper()
	target, err := url.Parse(env.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(r *http.Response) error {
		if strings.HasPrefix(r.Header.Get("Content-Security-Policy"), "sandbox") {
			r.Header.Set("Content-Security-Policy", "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
		}
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}

// framesLoaded counts the preview frames' loads so far: a frame's load is
// reported to the page that holds it, even when, sandboxed, its document
// is of another origin that the page cannot read.
const framesLoaded = `performance.getEntriesByType("resource").filter(e => e.initiatorType === "iframe").length`

// waitPreviews runs actions that load the editor and waits until both of
// its preview frames have loaded.
func waitPreviews(t *testing.T, tab context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	browsertest.Run(t, tab, what, actions...)
	var ok bool
	browsertest.Run(t, tab, "wait for the previews after: "+what, chromedp.Poll(framesLoaded+" >= 2", &ok, pollEvery, chromedp.WithPollingTimeout(0)))
}

// pollEvery polls a page's state every 50 ms, within the tab's deadline.
var pollEvery = chromedp.WithPollingInterval(50 * time.Millisecond)

// waitFrameText waits until the preview frame kind ("page" or "email")
// reads want, reading it again after each load of the frames.
func waitFrameText(t *testing.T, tab context.Context, kind, want string) {
	t.Helper()
	var got string
	for range 30 {
		var loads int
		browsertest.Run(t, tab, "count the previews' loads", chromedp.Evaluate(framesLoaded, &loads))
		if got = frameText(t, tab, kind); strings.Contains(got, want) {
			return
		}
		var ok bool
		browsertest.Run(t, tab, "wait for the "+kind+" preview to load again",
			chromedp.Poll(fmt.Sprintf("%s > %d", framesLoaded, loads), &ok, pollEvery, chromedp.WithPollingTimeout(0)))
	}
	t.Fatalf("the %s preview reads %q, want %q", kind, got, want)
}

// frameText is the text of the preview frame kind ("page" or "email").
// Sandboxed, the frame's document is of an origin of its own, which
// Chromium runs apart from the page (out of process): it is read by
// attaching to the frame's own target, the one at the frame's address.
func frameText(t *testing.T, tab context.Context, kind string) string {
	t.Helper()
	var src string
	browsertest.Run(t, tab, "read the "+kind+" preview's address",
		chromedp.Evaluate(`document.querySelector('iframe[data-preview="`+kind+`"]').src`, &src))
	infos, err := chromedp.Targets(tab)
	if err != nil {
		t.Fatalf("list the frames: %v", err)
	}
	for _, info := range infos {
		if info.Type != "iframe" || info.URL != src {
			continue
		}
		// Not cancelled: that would close the frame's target, killing the
		// frame; it ends with the tab.
		frame, _ := chromedp.NewContext(tab, chromedp.WithTargetID(info.TargetID))
		var text string
		browsertest.Run(t, frame, "read the "+kind+" preview", chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &text))
		return text
	}
	return "" // not loaded yet
}
