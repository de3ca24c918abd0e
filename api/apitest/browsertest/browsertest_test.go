package browsertest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest/browsertest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// recorder keeps the errors a check reports instead of failing the test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// pages serves each body as an HTML page under the same strict
// Content-Security-Policy as Trustcard's pages.
func pages(t *testing.T, bodies map[string]string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Page</title></head>
<body><main><h1>Page</h1>%s</main></body></html>`, bodies[r.URL.Path])
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// report opens path in tab and returns what check reported about it.
func report(t *testing.T, tab context.Context, base, path string, check func(testing.TB, context.Context)) string {
	t.Helper()
	browsertest.Run(t, tab, "open "+path, chromedp.Navigate(base+path))
	r := &recorder{TB: t}
	check(r, tab)
	return strings.Join(r.errors, "\n")
}

// The accessibility check runs axe despite the page's CSP and reports
// serious and critical violations with their rule and element.
func TestCheckAccessibility(t *testing.T) {
	base := pages(t, map[string]string{
		"/good": `<p>Plain, readable text.</p><button type="button">Go</button>`,
		"/bad": `<p style="color:#bbb">Faint text</p><button id="empty" type="button"></button>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`,
	})
	for _, v := range browsertest.Viewports {
		tab := browsertest.NewTab(t, v.Width, v.Height)
		if got := report(t, tab, base, "/good", browsertest.CheckAccessibility); got != "" {
			t.Errorf("%s: a good page failed:\n%s", v.Name, got)
		}
		got := report(t, tab, base, "/bad", browsertest.CheckAccessibility)
		for _, want := range []string{"color-contrast (serious)", "button-name (critical)", "#empty", "image-alt (critical)"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the report lacks %q:\n%s", v.Name, want, got)
			}
		}
	}
}

// A page wider than a phone's window fails the check and names the element
// that sticks out; a wide table that scrolls inside its own box does not.
func TestCheckNoSidewaysScroll(t *testing.T) {
	base := pages(t, map[string]string{
		"/wide":  `<div id="banner" style="width:600px">Wide</div>`,
		"/boxed": `<div style="overflow-x:auto"><table style="width:900px"><tr><td>Wide table</td></tr></table></div>`,
		"/fits":  `<p>Short.</p>`,
	})
	tab := browsertest.NewTab(t, browsertest.Phone.Width, browsertest.Phone.Height)
	if got := report(t, tab, base, "/wide", browsertest.CheckNoSidewaysScroll); !strings.Contains(got, "div#banner") {
		t.Errorf("a 600 px banner on a phone: got %q, want a failure naming div#banner", got)
	}
	for _, path := range []string{"/boxed", "/fits"} {
		if got := report(t, tab, base, path, browsertest.CheckNoSidewaysScroll); got != "" {
			t.Errorf("%s failed: %s", path, got)
		}
	}
}

// Production code never imports this package: the binary is built without
// it and without chromedp.
func TestBinaryLeavesBrowserTestsOut(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "trustcard/cmd/trustcard").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "trustcard/api/apitest/browsertest" || strings.HasPrefix(dep, "github.com/chromedp/") {
			t.Errorf("the trustcard binary depends on %s, which is for tests only", dep)
		}
	}
}
