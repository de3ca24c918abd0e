package api_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"trustcard/api/apitest"
	"trustcard/surveys"
)

// chromiumPath is Debian's chromium; CI installs it.
const chromiumPath = "/usr/bin/chromium"

// browser is the one headless Chromium this test binary shares.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

// newTab opens a tab of the shared browser with a phone's viewport. Without
// Chromium the test is skipped, except under CI, where it fails.
func newTab(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs %s for the browser tests: %v", chromiumPath, err)
		}
		t.Skipf("no %s: %v", chromiumPath, err)
	}
	browser.once.Do(func() {
		dir, err := os.MkdirTemp("", "trustcard-chromium-")
		if err != nil {
			browser.err = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox,
			chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(dir),
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true)}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelBrowser := chromedp.NewContext(alloc)
		browser.err = chromedp.Run(ctx) // starts the browser
		browser.ctx = ctx
		browser.cancel = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
	})
	if browser.err != nil {
		t.Fatalf("start chromium: %v", browser.err)
	}
	tab, cancel := chromedp.NewContext(browser.ctx)
	tab, cancelTimeout := context.WithTimeout(tab, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Run(tab, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatalf("phone viewport: %v", err)
	}
	return tab
}

// run runs browser actions and fails the test on error.
func run(t *testing.T, tab context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(tab, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantThanks waits for the thank-you page and fails unless it shows. The
// form's page may still be there, or going, when the wait starts: its
// heading is read again until the new page's shows.
func wantThanks(t *testing.T, tab context.Context) {
	t.Helper()
	var h1 string
	var err error
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		err = chromedp.Run(ctx, chromedp.WaitVisible(`.survey > h1`), chromedp.Text("h1", &h1))
		cancel()
		if err == nil && h1 == "Thank you!" {
			return
		}
	}
	var body string
	_ = chromedp.Run(tab, chromedp.Text("body", &body))
	t.Fatalf("want the thank-you page, got h1 %q (%v):\n%s", h1, err, body)
}

// wantAnswers fails unless the link's stored response is want.
func wantAnswers(t *testing.T, env *apitest.Env, token string, want map[string]int, comment string, share bool) {
	t.Helper()
	r := storedResponse(t, env, token)
	if r == nil || !maps(r.Answers, want) || r.Comment != comment || r.ShareName != share {
		t.Fatalf("stored %+v; want answers %v, comment %q, share name %v", r, want, comment, share)
	}
}

// A buyer taps a rating in the email on a phone: the page saves it at
// once, then they answer more and send.
func TestSurveyBrowserPhone(t *testing.T) {
	env, key := startSurveys(t, "postgres")
	m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
	tab := newTab(t)
	run(t, tab, "open the email's 4", chromedp.Navigate(m.Survey+"?understood=4"),
		chromedp.WaitVisible(`//p[@id="saved"][normalize-space(.)!=""]`))
	wantAnswers(t, env, m.Token, map[string]int{"understood": 4}, "", false)
	inv, _ := env.Services.Buyers.InvitationForToken(context.Background(), m.Token)
	if inv.OpenedAt.IsZero() {
		t.Errorf("the page did not mark the invitation opened")
	}
	run(t, tab, "answer", chromedp.Click(`label[for="diagnosed-5"]`), chromedp.Click(`label[for="recommend-9"]`),
		chromedp.SendKeys("#comment", "Listened well <b>really</b>"), chromedp.Click(`label[for="share_name"]`),
		chromedp.Click(`button[type=submit]`))
	wantThanks(t, tab)
	wantAnswers(t, env, m.Token, map[string]int{"understood": 4, "diagnosed": 5, "recommend": 9}, "Listened well <b>really</b>", true)
}

// Without JavaScript the page still works: the pre-selected rating is
// saved with the submit, and not before.
func TestSurveyBrowserNoScript(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
	tab := newTab(t)
	run(t, tab, "open without script", emulation.SetScriptExecutionDisabled(true), chromedp.Navigate(m.Survey+"?understood=3"),
		chromedp.WaitVisible(`#understood-3:checked`, chromedp.ByQuery))
	if r := storedResponse(t, env, m.Token); r != nil {
		t.Fatalf("without script, opening stored %+v", r)
	}
	run(t, tab, "answer and send", chromedp.Click(`label[for="interest-2"]`), chromedp.Click(`button[type=submit]`))
	wantThanks(t, tab)
	wantAnswers(t, env, m.Token, map[string]int{"understood": 3, "interest": 2}, "", false)
}

// The survey can be answered with the keyboard alone, and the focused
// rating shows a visible outline.
func TestSurveyBrowserKeyboard(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
	tab := newTab(t)
	run(t, tab, "open", chromedp.Navigate(m.Survey), chromedp.WaitEnabled(`button[type=submit]`))
	tabTo := func(id string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			for range 40 {
				var active string
				if err := chromedp.Evaluate(`document.activeElement.id`, &active).Do(ctx); err != nil || active == id {
					return err
				}
				if err := chromedp.KeyEvent(kb.Tab).Do(ctx); err != nil {
					return err
				}
			}
			return fmt.Errorf("tab never reached #%s", id)
		})
	}
	var outline string
	run(t, tab, "rate by keyboard", tabTo("understood-1"),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('label[for="understood-1"]')).outlineStyle`, &outline),
		chromedp.KeyEvent(" "), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight),
		tabTo("diagnosed-1"), chromedp.KeyEvent(" "), chromedp.KeyEvent(kb.ArrowRight),
		tabTo("comment"), chromedp.KeyEvent("By keys"), tabTo("share_name"), chromedp.KeyEvent(" "),
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	if outline == "none" || outline == "" {
		t.Errorf("a focused rating has no visible outline (outline-style %q)", outline)
	}
	wantThanks(t, tab)
	wantAnswers(t, env, m.Token, map[string]int{"understood": 4, "diagnosed": 2}, "By keys", true)
}

// Each language renders completely on a phone, with touch targets of at
// least 44 px; a screenshot of each is kept in the test's artifact
// directory (go test -artifacts -outputdir DIR).
func TestSurveyBrowserLanguages(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
	tab := newTab(t)
	titles := map[string]string{"en": "How was your conversation with Ada?", "de": "Wie war Ihr Gespräch mit Ada?",
		"fr": "Comment s'est passé votre échange avec Ada\u202f?", "es": "¿Qué tal fue su conversación con Ada?"}
	dir := t.ArtifactDir()
	for _, lang := range surveys.Locales {
		var h1, htmlLang string
		var smallest float64
		var shot []byte // JPEG
		run(t, tab, lang, chromedp.Navigate(m.Survey+"?lang="+lang), chromedp.WaitVisible("h1"),
			chromedp.Text("h1", &h1), chromedp.AttributeValue("html", "lang", &htmlLang, nil),
			chromedp.Evaluate(`Math.min(...[...document.querySelectorAll('.scale label, .share label, button, .langs a')]
				.map(e => e.getBoundingClientRect()).map(r => Math.min(r.width, r.height)))`, &smallest),
			chromedp.FullScreenshot(&shot, 90))
		if strings.TrimSpace(h1) != titles[lang] || htmlLang != lang {
			t.Errorf("%s: h1 %q in lang %q, want %q", lang, h1, htmlLang, titles[lang])
		}
		if smallest < 44 {
			t.Errorf("%s: a touch target is %.0f px", lang, smallest)
		}
		if err := os.WriteFile(filepath.Join(dir, "survey-"+lang+".jpg"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := storedResponse(t, env, m.Token); r != nil {
		t.Errorf("viewing the page stored %+v", r)
	}
}
