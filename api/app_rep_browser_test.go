package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/reports/reporttest"
)

// A rep's Monday, on a phone and on a desktop: she signs in from her
// link, lands on her page, reads a buyer's comment, filters the answers to
// low ratings, picks this year as the period from the keyboard, then the last 30 days as a
// custom range, and downloads the card of that period. Each step's page is checked (screenshot, axe-core, no
// sideways scroll).
func TestRepPageBrowser(t *testing.T) {
	w := mustRepWorld(t, "sqlite", "UTC")
	today := w.window(t).To
	for _, v := range browsertest.Viewports {
		token := w.mustSignInAgain(t, "zoe")
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			check := func(step string) { checkRepPage(t, tab, "rep-"+step+"-"+v.Name) }
			browsertest.SignIn(t, tab, w.env.URL, token)
			var path, comment string
			browsertest.Run(t, tab, "land on her page", chromedp.WaitVisible(".rep-score-value", chromedp.ByQuery),
				chromedp.Evaluate(`location.pathname`, &path))
			if path != repPath(w.zoe, "") {
				t.Fatalf("signed in, the rep lands on %s, want %s", path, repPath(w.zoe, ""))
			}
			check("page")

			browsertest.Run(t, tab, "read a comment", chromedp.Text(".rep-comment", &comment, chromedp.ByQuery))
			if !strings.Contains(comment, "<script>alert(1)</script>") {
				t.Errorf("the comment reads %q, want the buyer's words as text", comment)
			}
			var scripts int
			browsertest.Run(t, tab, "count scripts", chromedp.Evaluate(`document.querySelectorAll("main script, main img").length`, &scripts))
			if scripts != 0 {
				t.Errorf("the buyer's comment made %d elements", scripts)
			}

			browsertest.Run(t, tab, "filter to low ratings",
				chromedp.SetValue(`select[name="rating"]`, "low", chromedp.ByQuery),
				chromedp.Click(`form.rep-filter button[type="submit"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`//p[@class="rep-feed-summary"][normalize-space(.)="Answers 1–1 of 1, newest first"]`),
				chromedp.Text(".rep-comment", &comment, chromedp.ByQuery))
			if comment != unsharedComment {
				t.Errorf("the low rating's comment reads %q, want %q", comment, unsharedComment)
			}
			check("low")

			tabTo(t, tab, `.period-options li:nth-child(5) a`) // "This year", from the keyboard
			browsertest.Run(t, tab, "pick this year", chromedp.KeyEvent(kb.Enter),
				chromedp.WaitVisible(`//nav[@class="period"]//a[@aria-current="true"][normalize-space(.)="This year"]`))
			check("year")

			var href, label string
			var ok bool
			browsertest.Run(t, tab, "read the card's link", chromedp.AttributeValue("a.rep-download", "href", &href, &ok, chromedp.ByQuery))
			if want := "from=" + today.Format("2006") + "-01-01" + "&to=" + today.Format(time.DateOnly); !strings.Contains(href, want) {
				t.Errorf("the card's link is %q, want the period shown, %s", href, want)
			}

			from := today.AddDate(0, 0, -29).Format(time.DateOnly)
			browsertest.Run(t, tab, "choose a custom range",
				chromedp.Click(".period-custom summary", chromedp.ByQuery),
				chromedp.SetValue(`.period-custom input[name="from"]`, from, chromedp.ByQuery),
				chromedp.SetValue(`.period-custom input[name="to"]`, today.Format(time.DateOnly), chromedp.ByQuery),
				chromedp.Click(`.period-custom button[type="submit"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`.period-custom summary[aria-current="true"]`, chromedp.ByQuery),
				chromedp.Text(".period-label", &label, chromedp.ByQuery),
				chromedp.AttributeValue("a.rep-download", "href", &href, &ok, chromedp.ByQuery))
			check("custom")
			if want := "from=" + from + "&to=" + today.Format(time.DateOnly); !strings.Contains(href, want) {
				t.Errorf("after choosing %s, the period reads %q and the card's link is %q; want it to carry %s", from, label, href, want)
			}
			if text := reporttest.MustText(t, w.mustDownload(t, tab, href, "application/pdf")); !strings.Contains(text, "Zoë Łukasiewicz") {
				t.Errorf("the card downloaded does not name Zoë:\n%s", text)
			}
		})
	}
	for _, v := range browsertest.Viewports {
		token := w.mustSignInAgain(t, "admin")
		t.Run(v.Name+"-states", func(t *testing.T) { w.checkRepStates(t, v, token) })
	}
}

// checkRepStates checks, as an admin, the page of a rep without answers
// and of a rep without a team whose score rests on two answers.
func (w *repWorld) checkRepStates(t *testing.T, v browsertest.Viewport, token string) {
	tab := browsertest.NewTab(t, v.Width, v.Height)
	browsertest.SignIn(t, tab, w.env.URL, token)
	for name, rep := range map[string]string{"empty": repPath(w.dima, ""), "low": repPath(w.loner, "")} {
		browsertest.Run(t, tab, "open "+name, chromedp.Navigate(w.env.URL+rep), chromedp.WaitVisible(".rep-score-value", chromedp.ByQuery))
		checkRepPage(t, tab, "rep-"+name+"-"+v.Name)
	}
}

// repTargets are the rep page's controls: each is a 44 px target (the
// comments checkbox is inside its 44 px label).
const repTargets = `main button, main .button, main select, main input[type=date], .period-options a, .period-custom summary, .rep-pager a`

// checkRepPage checks the tab's page as browsertest.CheckPage does
// (screenshot as name, axe-core, no sideways scroll), and that its
// controls that show are at least 44 px tall.
func checkRepPage(t *testing.T, tab context.Context, name string) {
	t.Helper()
	browsertest.CheckPage(t, tab, name)
	var small []string
	browsertest.Run(t, tab, "measure the controls", chromedp.Evaluate(`[...document.querySelectorAll(`+"`"+repTargets+"`"+`)]
		.filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 44)
		.map(e => e.textContent.trim() || e.name)`, &small))
	for _, c := range small {
		t.Errorf("%s: the control %q is under 44 px tall", name, c)
	}
}

// tabTo presses Tab until the element matching the CSS selector has the
// focus, and fails unless the focus shows as an outline.
func tabTo(t *testing.T, tab context.Context, selector string) {
	t.Helper()
	for range 60 {
		var outline string
		browsertest.Run(t, tab, "press Tab", chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(fmt.Sprintf(
			`document.activeElement.matches(%q) ? getComputedStyle(document.activeElement).outlineStyle : ""`, selector), &outline))
		if outline != "" {
			if outline == "none" {
				t.Errorf("%s has the focus without an outline", selector)
			}
			return
		}
	}
	t.Fatalf("60 presses of Tab do not reach %s", selector)
}

// mustSignInAgain gives who a new sign-in link: each link signs in once.
func (w *repWorld) mustSignInAgain(t *testing.T, who string) string {
	t.Helper()
	token, err := w.env.Services.Directory.IssueSignInLink(apitest.AsAdmin(context.Background(), w.env.Org), who+"@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// mustDownload fetches href, relative to the server, with the tab's
// session, as the browser would download it, and returns the file, which
// must be of the content type want.
func (w *repWorld) mustDownload(t *testing.T, tab context.Context, href, want string) []byte {
	t.Helper()
	var cookies []*network.Cookie
	browsertest.Run(t, tab, "read the session", chromedp.ActionFunc(func(ctx context.Context) (err error) {
		cookies, err = network.GetCookies().WithURLs([]string{w.env.URL}).Do(ctx)
		return err
	}))
	req, _ := http.NewRequest(http.MethodGet, w.env.URL+href, nil)
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := w.env.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != want {
		t.Fatalf("GET %s = %d %s:\n%.300s", href, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	return b
}
