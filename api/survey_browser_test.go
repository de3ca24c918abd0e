package api_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/surveys/catalog"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// newTab opens a tab of the shared browser with a phone's viewport.
func newTab(t *testing.T) context.Context {
	t.Helper()
	return browsertest.NewTab(t, browsertest.Phone.Width, browsertest.Phone.Height)
}

// thanksHeading is the thank-you page's heading; the form's page, which
// may still be there when the wait starts, has another.
const thanksHeading = `//div[@class="survey"]/h1[normalize-space(.)="Thank you!"]`

// wantThanks waits for the thank-you page and fails unless it shows.
func wantThanks(t *testing.T, tab context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, time.Minute)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.WaitVisible(thanksHeading)); err != nil {
		var body string
		_ = chromedp.Run(tab, chromedp.Text("body", &body, chromedp.ByQuery))
		t.Fatalf("want the thank-you page (%v), got:\n%s", err, body)
	}
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
	browsertest.Run(t, tab, "open the email's 4", chromedp.Navigate(m.Survey+"?understood=4"),
		chromedp.WaitVisible(`//p[@id="saved"][normalize-space(.)!=""]`))
	wantAnswers(t, env, m.Token, map[string]int{"understood": 4}, "", false)
	inv, _ := env.Services.Buyers.InvitationForToken(context.Background(), m.Token)
	if inv.OpenedAt.IsZero() {
		t.Errorf("the page did not mark the invitation opened")
	}
	browsertest.Run(t, tab, "answer", chromedp.Click(`label[for="diagnosed-5"]`), chromedp.Click(`label[for="recommend-9"]`),
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
	browsertest.Run(t, tab, "open without script", emulation.SetScriptExecutionDisabled(true), chromedp.Navigate(m.Survey+"?understood=3"),
		chromedp.WaitVisible(`#understood-3:checked`, chromedp.ByQuery))
	if r := storedResponse(t, env, m.Token); r != nil {
		t.Fatalf("without script, opening stored %+v", r)
	}
	browsertest.Run(t, tab, "answer and send", chromedp.Click(`label[for="interest-2"]`), chromedp.Click(`button[type=submit]`))
	wantThanks(t, tab)
	wantAnswers(t, env, m.Token, map[string]int{"understood": 3, "interest": 2}, "", false)
}

// The survey can be answered with the keyboard alone, and the focused
// rating shows a visible outline.
func TestSurveyBrowserKeyboard(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
	tab := newTab(t)
	browsertest.Run(t, tab, "open", chromedp.Navigate(m.Survey), chromedp.WaitEnabled(`button[type=submit]`))
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
	browsertest.Run(t, tab, "rate by keyboard", tabTo("understood-1"),
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
	for _, lang := range catalog.Default.Languages() {
		var h1, htmlLang string
		var smallest float64
		browsertest.Run(t, tab, lang, chromedp.Navigate(m.Survey+"?lang="+lang), chromedp.WaitVisible("h1", chromedp.ByQuery),
			chromedp.Text("h1", &h1, chromedp.ByQuery), chromedp.AttributeValue("html", "lang", &htmlLang, nil, chromedp.ByQuery),
			chromedp.Evaluate(`Math.min(...[...document.querySelectorAll('.scale label, .share label, button, .langs a')]
				.map(e => e.getBoundingClientRect()).map(r => Math.min(r.width, r.height)))`, &smallest))
		want, ok := titles[lang]
		if !ok { // a language added since: its title as the catalogue has it
			want = strings.ReplaceAll(catalog.Default.Text(lang, "page.title"), "{rep}", "Ada")
		}
		if strings.TrimSpace(h1) != want || htmlLang != lang {
			t.Errorf("%s: h1 %q in lang %q, want %q", lang, h1, htmlLang, want)
		}
		if smallest < 44 {
			t.Errorf("%s: a touch target is %.0f px", lang, smallest)
		}
		browsertest.Screenshot(t, tab, "survey-"+lang)
	}
	if r := storedResponse(t, env, m.Token); r != nil {
		t.Errorf("viewing the page stored %+v", r)
	}
}
