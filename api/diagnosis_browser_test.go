package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest"
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

// The rep's page on a phone and a desktop: the figure, a pair side by
// side, and the form for a meeting of the last 48 hours, used from the page.
func TestDiagnosisRepPageBrowser(t *testing.T) {
	w := mustRepWorld(t, "sqlite", "UTC")
	key := w.env.MustKey(t)
	at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	paired := mustInteraction(t, w.env, key, fmt.Sprintf(`{"external_id":"p1","rep":"z","buyer":{"email":"p1@buyer.test"},"occurred_at":%q,"kind":"meeting",`+
		`"diagnosis":{"category":"cut_costs","note":"budget <b>cut</b>"}}`, at), http.StatusCreated)
	w.env.MustSend(t, paired.Invitation.ID)
	a := surveys.Answer{Ratings: map[string]int{"understood": 4}, Problem: surveys.BuyerProblem{Category: "replace_system", Note: "our ERP is 20 years old"}}
	if _, err := w.env.Services.Buyers.SubmitResponse(context.Background(), surveys.InvitationToken(w.env.Org.Secret, paired.Invitation.ID), a); err != nil {
		t.Fatal(err)
	}
	open := mustInteraction(t, w.env, key, fmt.Sprintf(`{"external_id":"p2","rep":"z","buyer":{"email":"p2@buyer.test"},"occurred_at":%q,"kind":"call"}`, at), http.StatusCreated)
	for _, v := range browsertest.Viewports {
		token := w.mustSignInAgain(t, "zoe")
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, w.env.URL, token)
			var pair string
			browsertest.Run(t, tab, "open the page", chromedp.Navigate(w.env.URL+repPath(w.zoe, "")+"#diagnosis"),
				chromedp.WaitVisible("#diagnosis .diag-pair", chromedp.ByQuery), chromedp.Text("#diagnosis .diag-pair", &pair, chromedp.ByQuery))
			for _, want := range []string{"You heard:", "Cut costs", "budget <b>cut</b>", "The buyer said:", "Replace a system", "our ERP is 20 years old", "no match"} {
				if !strings.Contains(pair, want) {
					t.Errorf("the pair reads %q, lacking %q", pair, want)
				}
			}
			browsertest.CheckPage(t, tab, "rep-diagnosis-"+v.Name)
			sel, chosen := fmt.Sprintf("#diag-cat-%d", open.ID), ""
			browsertest.Run(t, tab, "enter a diagnosis", chromedp.SetValue(sel, "meet_regulation", chromedp.ByQuery),
				chromedp.SendKeys(fmt.Sprintf("#diag-note-%d", open.ID), "audit in May", chromedp.ByQuery),
				chromedp.Click(fmt.Sprintf(`form[action="/app/interactions/%d/diagnosis"] button`, open.ID), chromedp.ByQuery))
			waitSaved(t, tab)
			browsertest.Run(t, tab, "read the form", chromedp.WaitReady(sel, chromedp.ByQuery), chromedp.Value(sel, &chosen, chromedp.ByQuery))
			if chosen != "meet_regulation" {
				t.Errorf("after saving, the form shows %q, want meet_regulation", chosen)
			}
		})
	}
	res, err := w.env.Services.Delivery.FindInteraction(apitest.AsAdmin(context.Background(), w.env.Org), open.ID)
	if err != nil || res.Diagnosis == nil || res.Diagnosis.Category != "meet_regulation" || !strings.HasSuffix(res.Diagnosis.Note, "audit in May") {
		t.Errorf("stored diagnosis %+v, %v", res.Diagnosis, err)
	}
}

// waitSaved waits until the tab has landed on the page the form redirects to.
func waitSaved(t *testing.T, tab context.Context) {
	t.Helper()
	for range 100 {
		var search string
		if err := chromedp.Run(tab, chromedp.Evaluate(`location.search`, &search)); err == nil && strings.Contains(search, "saved=diagnosis") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the form did not land on the rep's page")
}
