package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest/browsertest"
	"trustcard/reports/reporttest"
	"trustcard/surveys"
)

// An admin names the company and uploads its logo on the settings page in
// Chromium, at a phone's and a desktop's size, and a pale accent is refused
// with the reason; then the company's name and logo are on a rep's PDF
// card (read back as text) and on the buyer's survey, thank-you and
// unsubscribe pages. Each page is checked: screenshot, axe-core, no
// sideways scroll.
func TestSettingsBrowser(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	logo := filepath.Join(t.TempDir(), "logo.svg")
	if err := os.WriteFile(logo, []byte(hostileSVG), 0o600); err != nil {
		t.Fatal(err)
	}
	var company string
	for _, v := range browsertest.Viewports { // one after the other: both change the one org
		company = "Acme Ärzte " + v.Name
		_, token, _ := strings.Cut(mustSignInLink(t, env, "ada-"+v.Name+"@acme.test", surveys.RoleAdmin), "/signin/")
		tab := browsertest.NewTab(t, v.Width, v.Height)
		browsertest.SignIn(t, tab, env.URL, token)
		browsertest.Run(t, tab, "open the settings", chromedp.Navigate(env.URL+"/app/admin/settings"),
			chromedp.WaitVisible("#set-company-name", chromedp.ByQuery))
		browsertest.CheckPage(t, tab, "settings-"+v.Name)
		browsertest.Run(t, tab, "refuse a pale accent", chromedp.SetValue("#set-company-accent", "#7dd3fc", chromedp.ByQuery),
			chromedp.Click(`//button[normalize-space(.)="Save the settings"]`),
			chromedp.WaitVisible(`//p[contains(@class,"admin-error")][contains(., "contrast of 1.7:1")]`))
		browsertest.CheckPage(t, tab, "settings-refused-"+v.Name)
		browsertest.Run(t, tab, "name the company", chromedp.SetValue("#set-company-accent", "#1d4ed8", chromedp.ByQuery),
			chromedp.SetValue("#set-company-name", company, chromedp.ByQuery),
			chromedp.Click(`//button[normalize-space(.)="Save the settings"]`),
			chromedp.WaitVisible(`//p[contains(., "Saved.")]`))
		browsertest.Run(t, tab, "upload the logo", chromedp.SetUploadFiles("#logo", []string{logo}, chromedp.ByQuery),
			chromedp.Click(`//button[normalize-space(.)="Upload the logo"]`),
			chromedp.WaitVisible(`//p[contains(., "The logo is saved")]`))
		var top string
		browsertest.Run(t, tab, "read the app's top", chromedp.Text("header.app-top .brand", &top, chromedp.ByQuery))
		if !strings.Contains(top, company) {
			t.Errorf("%s: the app's top reads %q, want %q", v.Name, top, company)
		}
		wantLogoLoaded(t, tab, v.Name+" app")
		browsertest.CheckPage(t, tab, "settings-saved-"+v.Name)
	}

	var reps struct{ Items []struct{ ID int64 } }
	env.MustDo(t, http.MethodGet, "/api/v1/reps", key, "", http.StatusOK, &reps)
	card := env.Do(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/reps/%d.pdf", reps.Items[0].ID), key, "")
	if card.Status != http.StatusOK || bytes.Count(card.Body, []byte("/Subtype /Image")) != 1 {
		t.Errorf("the card = %d, or it has no logo", card.Status)
	}
	if text := reporttest.MustText(t, card.Body); !strings.Contains(text, company) {
		t.Errorf("the card's text lacks %q:\n%.300s", company, text)
	}

	for _, v := range browsertest.Viewports {
		m := mustSurveyMail(t, env, key, "ix-brand-"+v.Name, v.Name+"@buyer.example", "de")
		tab := browsertest.NewTab(t, v.Width, v.Height)
		for _, pg := range []struct {
			name string
			act  chromedp.Action
			wait string
		}{
			{"survey", chromedp.Navigate(m.Survey), "#survey"},
			{"thanks", chromedp.Tasks{chromedp.Click(`label[for="understood-4"]`, chromedp.ByQuery),
				chromedp.Click(`button[type="submit"]`, chromedp.ByQuery)}, `//h1[contains(., "Vielen Dank")]`},
			{"unsubscribe", chromedp.Navigate(strings.Replace(m.Survey, "/s/", "/u/", 1)), "//main//form"},
		} {
			var brand string
			browsertest.Run(t, tab, "open the "+pg.name+" page", pg.act, chromedp.WaitVisible(pg.wait),
				chromedp.Text(".buyer-top .brand-name", &brand, chromedp.ByQuery))
			if brand != company {
				t.Errorf("%s %s page: the company reads %q, want %q", v.Name, pg.name, brand, company)
			}
			wantLogoLoaded(t, tab, v.Name+" "+pg.name)
			browsertest.CheckPage(t, tab, "branded-"+pg.name+"-"+v.Name)
		}
	}
}

// wantLogoLoaded fails unless the page's logo loaded and is drawn.
func wantLogoLoaded(t *testing.T, tab context.Context, where string) {
	t.Helper()
	var width int
	browsertest.Run(t, tab, "measure the logo", chromedp.Evaluate(`document.querySelector("img.brand-logo") ? document.querySelector("img.brand-logo").naturalWidth : 0`, &width))
	if width == 0 {
		t.Errorf("%s: the logo is not loaded", where)
	}
}
