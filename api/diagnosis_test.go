package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// categories is a diagnosis_categories PATCH body of the given items.
func categories(items ...string) string {
	return `{"diagnosis_categories":[` + strings.Join(items, ",") + `]}`
}

func category(key string, labels string) string {
	return fmt.Sprintf(`{"key":%q,"labels":%s}`, key, labels)
}

// The diagnosis_categories setting: who may change it, and a 422 naming
// the field and the problem for each way a list can be wrong, with nothing
// written.
func TestDiagnosisSettingsAPI(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage, read := env.MustKey(t, surveys.ScopeManage), env.MustKey(t, surveys.ScopeRead)
			costs, other := category("cut_costs", `{"en":"Cut costs","de":"Kosten senken"}`), category("something_else", `{"en":"Something else"}`)
			many := []string{other}
			for i := range 12 {
				many = append(many, category(fmt.Sprintf("k%d", i), `{"en":"K"}`))
			}
			good := categories(costs, category("hire", `{"en":"Hire <b>people</b>","fr":"Recruter"}`), other)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "Duplicate", Method: "PATCH", Path: "/api/v1/settings", Key: manage, Body: categories(costs, costs, other), WantStatus: 422,
					WantHeader: problem, WantContains: []string{"diagnosis_categories[1].key", `\"cut_costs\" appears twice`}},
				{Name: "NoEnglishLabel", Method: "PATCH", Path: "/api/v1/settings", Key: manage,
					Body: categories(category("cut_costs", `{"de":"Kosten senken"}`), other), WantStatus: 422,
					WantContains: []string{"diagnosis_categories[0].labels.en", "is required"}},
				{Name: "SomethingElseRemoved", Method: "PATCH", Path: "/api/v1/settings", Key: manage,
					Body: categories(costs, category("hire", `{"en":"Hire"}`)), WantStatus: 422,
					WantContains: []string{"diagnosis_categories", `must keep \"something_else\"`}},
				{Name: "TooMany", Method: "PATCH", Path: "/api/v1/settings", Key: manage, Body: categories(many...), WantStatus: 422,
					WantContains: []string{"diagnosis_categories"}},
				{Name: "BadKey", Method: "PATCH", Path: "/api/v1/settings", Key: manage, Body: categories(category("Cut Costs", `{"en":"x"}`), other),
					WantStatus: 422, WantContains: []string{"diagnosis_categories[0].key"}},
				{Name: "OnlySomethingElse", Method: "PATCH", Path: "/api/v1/settings", Key: manage, Body: categories(other), WantStatus: 422,
					WantContains: []string{"at least one category besides"}},
				{Name: "ReadKeyCannotChange", Method: "PATCH", Path: "/api/v1/settings", Key: read, Body: good, WantStatus: 403},
				{Name: "DefaultsUntouched", Method: "GET", Path: "/api/v1/settings", Key: read, WantStatus: 200,
					WantContains: []string{`{"key":"meet_regulation","labels":{"de":"Eine Vorschrift erfüllen","en":"Meet a regulation"`}},
				{Name: "ManageKeyChanges", Method: "PATCH", Path: "/api/v1/settings", Key: manage, Body: good, WantStatus: 200,
					WantContains:    []string{`{"key":"hire","labels":{"en":"Hire <b>people</b>","fr":"Recruter"}}`},
					WantNotContains: []string{"meet_regulation"}},
				{Name: "ReadBack", Method: "GET", Path: "/api/v1/settings", Key: read, WantStatus: 200, WantContains: []string{`"key":"hire"`}},
			})
		})
	}
}

// The interaction's diagnosis from the CRM: stored and echoed, an unknown
// category refused naming it, alone and in a batch, with nothing written.
func TestDiagnosisInteractionsAPI(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
			body := func(ext, diagnosis string) string {
				return fmt.Sprintf(`{"external_id":%q,"rep":"crm-1","buyer":{"email":"%s@buyer.test"},"occurred_at":%q,"kind":"meeting"%s}`,
					ext, ext, at, diagnosis)
			}
			good := body("d1", `,"diagnosis":{"category":"cut_costs","note":"Budget <cut>"}`)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "UnknownCategory", Method: "POST", Path: "/api/v1/interactions", Key: key, Body: body("d0", `,"diagnosis":{"category":"world_peace"}`),
					WantStatus: 422, WantHeader: problem, WantContains: []string{"diagnosis.category", `\"world_peace\" is not one of the org's diagnosis categories`, "cut_costs"}},
				{Name: "MissingCategory", Method: "POST", Path: "/api/v1/interactions", Key: key, Body: body("d0", `,"diagnosis":{"note":"x"}`),
					WantStatus: 422, WantContains: []string{"body.diagnosis", "category"}},
				{Name: "NoteTooLong", Method: "POST", Path: "/api/v1/interactions", Key: key,
					Body: body("d0", `,"diagnosis":{"category":"cut_costs","note":"`+strings.Repeat("x", 501)+`"}`), WantStatus: 422, WantContains: []string{"diagnosis.note"}},
				{Name: "NothingWritten", Method: "GET", Path: "/api/v1/invitations", Key: key, WantStatus: 200, WantContains: []string{`"total":0`}},
				{Name: "Stored", Method: "POST", Path: "/api/v1/interactions", Key: key, Body: good, WantStatus: 201,
					WantContains: []string{`"diagnosis":{"category":"cut_costs","note":"Budget <cut>","source":"crm"`}},
				{Name: "RepeatSame", Method: "POST", Path: "/api/v1/interactions", Key: key, Body: good, WantStatus: 200,
					WantContains: []string{`"category":"cut_costs"`}},
				{Name: "RepeatOtherDiagnosisConflicts", Method: "POST", Path: "/api/v1/interactions", Key: key,
					Body: body("d1", `,"diagnosis":{"category":"move_faster"}`), WantStatus: 409},
				{Name: "WithoutDiagnosis", Method: "POST", Path: "/api/v1/interactions", Key: key, Body: body("d2", ""), WantStatus: 201,
					WantNotContains: []string{`"diagnosis"`}},
				{Name: "Batch", Method: "POST", Path: "/api/v1/interactions:batch", Key: key,
					Body:       `{"items":[` + body("b1", `,"diagnosis":{"category":"move_faster"}`) + "," + body("b2", `,"diagnosis":{"category":"nope"}`) + `]}`,
					WantStatus: 200, WantContains: []string{`"status":201`, `"category":"move_faster"`, `"status":422`, `"field":"diagnosis.category"`, `\"nope\"`}},
			})
			if n := env.MustTotal(t, "/api/v1/invitations", key); n != 3 {
				t.Errorf("invitations = %d, want 3 (d1, d2, b1)", n)
			}
		})
	}
}

// The rep's form: only the rep who held the meeting, signed in, within 48
// hours; everyone else gets a 4xx saying why, and the pairs show on the page.
func TestDiagnosisForm(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := mustRepWorld(t, driver, "UTC")
			key := w.env.MustKey(t)
			post := func(ext string, ago time.Duration) int64 {
				body := fmt.Sprintf(`{"external_id":%q,"rep":"z","buyer":{"email":"%s@buyer.test"},"occurred_at":%q,"kind":"demo"}`,
					ext, ext, time.Now().Add(-ago).UTC().Format(time.RFC3339))
				return mustInteraction(t, w.env, key, body, http.StatusCreated).ID
			}
			recent, old := post("recent", time.Hour), post("old", 49*time.Hour)
			b := w.browsers(t)
			form := func(who, category string) url.Values {
				return url.Values{"csrf": {pageCSRF(t, w.env, b[who])}, "category": {category}, "note": {"Wants <b>speed</b>"}}
			}
			path, oldPath := fmt.Sprintf("/app/interactions/%d/diagnosis", recent), fmt.Sprintf("/app/interactions/%d/diagnosis", old)
			page := fmt.Sprintf("/app/reps/%d", w.zoe.ID)
			runPages(t, w.env, people(b), []pageCase{
				{name: "RepSeesTheForm", who: "zoe", method: "GET", path: page, want: 200,
					contains: []string{"Your meetings of the last 48 hours", `action="` + path + `"`, "Demo on ", "Diagnostic accuracy"},
					lacks:    []string{`action="` + oldPath + `"`}},
				{name: "LeaderSeesNoForm", who: "leader", method: "GET", path: page, want: 200, contains: []string{"Diagnostic accuracy"}, lacks: []string{`action="` + path + `"`}},
				{name: "SignedOut", who: "anonymous", method: "POST", path: path, form: url.Values{"csrf": {"x"}, "category": {"cut_costs"}}, want: 303},
				{name: "Stranger", who: "stranger", method: "POST", path: path, form: form("stranger", "cut_costs"), want: 404},
				{name: "OtherRep", who: "dima", method: "POST", path: path, form: form("dima", "cut_costs"), want: 404},
				{name: "OtherLeader", who: "otherLeader", method: "POST", path: path, form: form("otherLeader", "cut_costs"), want: 404},
				{name: "Leader", who: "leader", method: "POST", path: path, form: form("leader", "cut_costs"), want: 403,
					contains: []string{"only the rep who held the meeting"}},
				{name: "Admin", who: "admin", method: "POST", path: path, form: form("admin", "cut_costs"), want: 403},
				{name: "ForgedCSRF", who: "zoe", method: "POST", path: path, form: url.Values{"csrf": {"forged"}, "category": {"cut_costs"}}, want: 403},
				{name: "UnknownCategory", who: "zoe", method: "POST", path: path, form: form("zoe", "world_peace"), want: 422,
					contains: []string{"world_peace"}},
				{name: "After48Hours", who: "zoe", method: "POST", path: oldPath, form: form("zoe", "cut_costs"), want: 403,
					contains: []string{"up to 48 hours after the meeting"}},
				{name: "Rep", who: "zoe", method: "POST", path: path, form: form("zoe", "move_faster"), want: 303},
				{name: "RepSeesItChosen", who: "zoe", method: "GET", path: page, want: 200,
					contains: []string{`<option value="move_faster" selected>Move faster</option>`, `value="Wants &lt;b&gt;speed&lt;/b&gt;"`}},
			})
			res, err := w.env.Services.Delivery.FindInteraction(apitest.AsAdmin(context.Background(), w.env.Org), recent)
			if err != nil || res.Diagnosis == nil || res.Diagnosis.Category != "move_faster" || res.Diagnosis.Source != surveys.DiagnosisFromRep {
				t.Errorf("stored diagnosis %+v, %v", res, err)
			}
		})
	}
}

// pageCSRF reads a signed-in person's CSRF token off their account page.
func pageCSRF(t *testing.T, env *apitest.Env, c *http.Client) string {
	t.Helper()
	_, body := visit(t, c, http.MethodGet, env.URL+"/app/account", nil)
	_, rest, ok := strings.Cut(body, `name="csrf" value="`)
	if !ok {
		return "none"
	}
	token, _, _ := strings.Cut(rest, `"`)
	return token
}

// The method page works diagnostic accuracy through with the code that
// computes it: 4 matches of 6 pairs, 0.6149 ± 0.2679.
func TestDiagnosisMethodPage(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "WorkedExample", Method: "GET", Path: "/trust-score", WantStatus: 200,
			WantContains: []string{`<h2 id="diagnosis">Diagnostic accuracy</h2>`, "no: the diagnosis was entered after the buyer answered",
				"no: the buyer skipped the question", "4 / 6 = 0.6667 (67%)", "0.6149 ± 0.2679", "0.3470 to 0.8827 (35%–88%)", "z = 1.6449"}},
	})
}
