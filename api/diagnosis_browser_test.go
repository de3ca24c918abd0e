package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest/browsertest"
	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// The survey asks what the buyer was mainly trying to solve, in every
// language, from the org's list; the page passes axe on a phone and a
// desktop; the buyer's answer is stored and paired with the rep's diagnosis.
func TestDiagnosisSurveyBrowser(t *testing.T) {
	env, key := startSurveys(t, "postgres")
	m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
	ctx := context.Background()
	inv, err := env.Services.Buyers.InvitationForToken(ctx, m.Token)
	if err != nil {
		t.Fatal(err)
	}
	rep := surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: env.Org.ID, UserID: 1, Role: surveys.RoleRep, RepID: inv.RepID, Name: "ada@example.com"})
	if _, err := env.Services.Delivery.EnterDiagnosis(rep, inv.InteractionID, surveys.DiagnosisInput{Category: "cut_costs", Note: "budget cut"}); err != nil {
		t.Fatal(err)
	}
	defaults := surveys.DefaultDiagnosisCategories()
	for _, v := range browsertest.Viewports {
		tab := browsertest.NewTab(t, v.Width, v.Height)
		for _, lang := range catalog.Default.Languages() {
			var legend, label string
			browsertest.Run(t, tab, lang, chromedp.Navigate(m.Survey+"?lang="+lang), chromedp.WaitVisible("fieldset.problem", chromedp.ByQuery),
				chromedp.Text("fieldset.problem legend", &legend, chromedp.ByQuery),
				chromedp.Text(`label[for="problem-replace_system"]`, &label, chromedp.ByQuery))
			if want := catalog.Default.Text(lang, "page.problem"); strings.TrimSpace(legend) != want {
				t.Errorf("%s: the question reads %q, want %q", lang, legend, want)
			}
			if c, _ := defaults.Find("replace_system"); strings.TrimSpace(label) != c.Label(lang) {
				t.Errorf("%s: the category reads %q, want %q", lang, label, c.Label(lang))
			}
			browsertest.CheckPage(t, tab, "survey-problem-"+lang+"-"+v.Name)
		}
	}
	tab := newTab(t)
	browsertest.Run(t, tab, "answer", chromedp.Navigate(m.Survey), chromedp.WaitVisible("fieldset.problem", chromedp.ByQuery),
		chromedp.Click(`label[for="understood-4"]`), chromedp.Click(`label[for="problem-move_faster"]`),
		chromedp.SendKeys("#problem_note", "ship <b>sooner</b>"), chromedp.Click(`button[type=submit]`))
	wantThanks(t, tab)
	r := storedResponse(t, env, m.Token)
	p, err := env.DB.FindBuyerProblem(ctx, env.Org.ID, r.ID)
	if err != nil || p != (surveys.BuyerProblem{Category: "move_faster", Note: "ship <b>sooner</b>"}) {
		t.Fatalf("stored problem %+v, %v", p, err)
	}
	var scores struct {
		Org struct {
			Diagnostic struct {
				N, Matches int64
				Share      *float64
			} `json:"diagnostic_accuracy"`
		} `json:"org"`
	}
	env.MustDo(t, http.MethodGet, "/api/v1/scores/reps", key, "", http.StatusOK, &scores)
	if d := scores.Org.Diagnostic; d.N != 1 || d.Matches != 0 || d.Share == nil || *d.Share != 0 {
		t.Errorf("org diagnostic accuracy = %+v, want 0 of 1 (the rep heard cut_costs, the buyer said move_faster)", d)
	}
}
