package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// CheckPage screenshots the tab's page as name, checks it with axe-core and
// checks that it does not scroll sideways. Its messages start with name.
func CheckPage(t testing.TB, tab context.Context, name string) {
	t.Helper()
	Screenshot(t, tab, name)
	CheckAccessibility(named{t, name}, tab)
	CheckNoSidewaysScroll(named{t, name}, tab)
}

// named is a test whose messages start with a page's name.
type named struct {
	testing.TB
	name string
}

func (n named) Errorf(format string, args ...any) {
	n.TB.Helper()
	n.TB.Errorf("%s: %s", n.name, fmt.Sprintf(format, args...))
}

func (n named) Fatalf(format string, args ...any) {
	n.TB.Helper()
	n.TB.Fatalf("%s: %s", n.name, fmt.Sprintf(format, args...))
}

func (n named) Logf(format string, args ...any) {
	n.TB.Helper()
	n.TB.Logf("%s: %s", n.name, fmt.Sprintf(format, args...))
}

// Screenshot writes the whole page, beyond the window, to name.png in the
// test's artifact directory (go test -artifacts -outputdir DIR keeps it
// under DIR/_artifacts). name must not contain a slash.
func Screenshot(t testing.TB, tab context.Context, name string) {
	t.Helper()
	var shot []byte
	Run(t, tab, "screenshot "+name, chromedp.ActionFunc(func(ctx context.Context) (err error) {
		shot, err = capturePage(ctx)
		return err
	}))
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), shot, 0o644); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
}

// capturePage captures the whole page as a PNG (lossless, so small text
// stays readable) of one pixel per CSS pixel: at a phone's two device
// pixels per CSS pixel a tall page takes four times as long to encode.
func capturePage(ctx context.Context) ([]byte, error) {
	var ratio float64
	if err := chromedp.Evaluate(`window.devicePixelRatio`, &ratio).Do(ctx); err != nil {
		return nil, err
	}
	_, _, _, _, _, size, err := page.GetLayoutMetrics().Do(ctx)
	if err != nil {
		return nil, err
	}
	return page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng).
		WithCaptureBeyondViewport(true).WithFromSurface(true).
		WithClip(&page.Viewport{Width: size.Width, Height: size.Height, Scale: 1 / ratio}).Do(ctx)
}

// SignIn signs the tab in at the server baseURL with the one-time link
// token: it opens /signin/{token}, presses the button, and waits for the
// page the server sends it to. The session cookie stays in the tab.
func SignIn(t testing.TB, tab context.Context, baseURL, token string) {
	t.Helper()
	var path, heading string
	Run(t, tab, "sign in", chromedp.Navigate(baseURL+"/signin/"+token),
		chromedp.Click(`form[action^="/signin/"] button[type=submit]`, chromedp.ByQuery),
		// Only the next page lacks the form: the wait does not end on the one clicked.
		chromedp.WaitReady(`body:not(:has(form[action^="/signin/"]))`, chromedp.ByQuery),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Evaluate(`document.querySelector("h1")?.textContent ?? ""`, &heading))
	if strings.HasPrefix(path, "/signin/") {
		t.Fatalf("sign in: the link answered %q", strings.TrimSpace(heading))
	}
}

// sideways is what CheckNoSidewaysScroll reads off the page.
type sideways struct {
	ScrollWidth int      `json:"scrollWidth"`
	Width       int      `json:"width"`
	Wide        []string `json:"wide"` // the innermost elements past the window's right edge
}

// sidewaysJS measures the page, and names the innermost elements that
// reach past the window's right edge, by their box or by content that
// overflows it. On a phone a page too wide widens window.innerWidth to fit
// (the browser zooms out), so the window's width is read from the root
// element, which keeps the device's width.
const sidewaysJS = `(() => {
	const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
	const right = e => {
		const r = e.getBoundingClientRect();
		return getComputedStyle(e).overflowX === "visible" ? Math.max(r.right, r.left + e.scrollWidth) : r.right;
	};
	const past = e => right(e) > width + 0.5;
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
		[...e.classList].map(c => "." + c).join("");
	const wide = [...document.body.querySelectorAll("*")]
		.filter(e => past(e) && ![...e.children].some(past))
		.slice(0, 5).map(name);
	return {scrollWidth: document.documentElement.scrollWidth, width, wide};
})()`

// CheckNoSidewaysScroll fails the test when the page is wider than the
// window (document.documentElement.scrollWidth > window.innerWidth), so
// that a reader would have to scroll sideways.
func CheckNoSidewaysScroll(t testing.TB, tab context.Context) {
	t.Helper()
	var s sideways
	Run(t, tab, "measure the page", chromedp.Evaluate(sidewaysJS, &s))
	if s.ScrollWidth > s.Width {
		t.Errorf("%s scrolls sideways: %d px wide in a %d px window; past the edge: %s",
			location(t, tab), s.ScrollWidth, s.Width, strings.Join(s.Wide, ", "))
	}
}

// location is the address of the tab's page, for messages.
func location(t testing.TB, tab context.Context) string {
	t.Helper()
	var href string
	Run(t, tab, "read the address", chromedp.Location(&href))
	return href
}
