// Package browsertest drives Trustcard's pages in one headless Chromium per
// test binary: tabs at a phone's or a desktop's size, screenshots into the
// test's artifact directory, signing in with a one-time link, and checks
// that a page is accessible (axe-core) and does not scroll sideways.
//
// It is for tests only; production code must not import it. Without
// Chromium, or without axe-core for the accessibility check, a test is
// skipped, except with CI set, when it fails.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is Debian's chromium; .ci/run installs it.
const ChromiumPath = "/usr/bin/chromium"

// tabTimeout bounds everything one tab does, so a page that never shows
// what a test waits for fails the test instead of hanging it.
const tabTimeout = 2 * time.Minute

// phoneBelow is the width under which a tab emulates a phone: touch, and
// two device pixels per CSS pixel.
const phoneBelow = 600

// Viewport is a window size pages are checked at.
type Viewport struct {
	Name          string // "phone" or "desktop", for screenshot names
	Width, Height int
}

// The sizes every page is checked at.
var (
	Phone     = Viewport{Name: "phone", Width: 390, Height: 844}
	Desktop   = Viewport{Name: "desktop", Width: 1280, Height: 800}
	Viewports = []Viewport{Phone, Desktop}
)

// browser is the one headless Chromium of this test binary.
var browser struct {
	once sync.Once
	ctx  context.Context
	stop func()
	err  error
}

// Main runs the tests, then stops the shared browser. Call it from the
// package's TestMain: os.Exit(browsertest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if browser.stop != nil {
		browser.stop()
	}
	return code
}

// NewTab opens a tab of the shared browser at width × height CSS pixels,
// with cookies of its own, closed when the test ends. Below 600 px wide it
// emulates a phone.
func NewTab(t testing.TB, width, height int) context.Context {
	t.Helper()
	if _, err := exec.LookPath(ChromiumPath); err != nil {
		missing(t, fmt.Errorf("%s for the browser tests: %w", ChromiumPath, err))
	}
	browser.once.Do(startBrowser)
	if browser.err != nil {
		t.Fatalf("start chromium: %v", browser.err)
	}
	tab := openTab(t)
	size := chromedp.EmulateViewport(int64(width), int64(height))
	if width < phoneBelow {
		size = chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateScale(2), chromedp.EmulateMobile)
	}
	Run(t, tab, fmt.Sprintf("%d × %d viewport", width, height), size)
	return tab
}

// openTab opens a tab in a browser context of its own, which keeps its
// session cookie from other tabs: cookies are per host, and every test
// server is 127.0.0.1. Both are closed when the test ends.
func openTab(t testing.TB) context.Context {
	t.Helper()
	c := chromedp.FromContext(browser.ctx)
	onBrowser := cdp.WithExecutor(browser.ctx, c.Browser)
	id, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(onBrowser)
	if err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	t.Cleanup(func() { _ = target.DisposeBrowserContext(id).Do(onBrowser) })
	// A new context has no window yet; headless Chromium needs one for the tab.
	tabID, err := target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(onBrowser)
	if err != nil {
		t.Fatalf("new tab: %v", err)
	}
	tab, cancel := chromedp.NewContext(browser.ctx, chromedp.WithTargetID(tabID))
	tab, cancelTimeout := context.WithTimeout(tab, tabTimeout)
	t.Cleanup(func() { cancelTimeout(); cancel() }) // runs before the context's disposal
	return tab
}

// startBrowser starts Chromium with the flags this machine needs: its
// closed network refuses Chromium's own background connections.
func startBrowser() {
	dir, err := os.MkdirTemp("", "trustcard-chromium-")
	if err != nil {
		browser.err = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(ChromiumPath), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true)}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(alloc)
	browser.err = chromedp.Run(ctx) // starts the browser
	browser.ctx = ctx
	browser.stop = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
}

// Run runs browser actions in the tab and fails the test on error; what
// says what they do.
func Run(t testing.TB, tab context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(tab, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// missing skips the test for want of err's tool, or fails it under CI,
// which must have every tool.
func missing(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI needs %v", err)
	}
	t.Skipf("no %v", err)
}
