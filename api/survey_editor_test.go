package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// editorForm is the editor's form with the default English texts and one
// question reworded.
func editorForm(action, understood string) url.Values {
	f := url.Values{"action": {action}, "lang": {"de"}}
	for key, text := range map[string]string{
		surveys.QUnderstood: understood,
		surveys.QDiagnosed:  "{rep} asked about my situation before proposing anything.",
		surveys.QInterest:   "{rep} put my interests ahead of making a sale.",
		surveys.QPrepared:   "{rep} came prepared and knew my business.",
		surveys.QFitHonesty: "{rep} was honest with me about whether the product was a fit for my needs.",
		surveys.QRecommend:  "How likely are you to recommend {rep} to a colleague?",
		surveys.QComment:    "What is one thing {rep} could do better?",
	} {
		f.Set("q."+key+".en", text)
	}
	return f
}

// The editor, its previews and its form: admins only; another org's admin
// sees their own survey and nothing of this one.
func TestSurveyEditorAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			p := mustPeople(t, env)
			const mine = "Will listened closely to what I needed."
			var cases []pageCase
			for _, path := range []string{"/app/admin/survey", "/app/admin/survey/preview/de/page", "/app/admin/survey/preview/fr/email"} {
				cases = append(cases,
					pageCase{name: "SignedOut " + path, who: asNobody, method: "GET", path: path, want: http.StatusSeeOther},
					pageCase{name: "Leader " + path, who: asLeader, method: "GET", path: path, want: http.StatusForbidden},
					pageCase{name: "Rep " + path, who: asRep, method: "GET", path: path, want: http.StatusForbidden})
			}
			cases = append(cases, []pageCase{
				{name: "AdminEditor", who: asAdmin, method: "GET", path: "/app/admin/survey", want: http.StatusOK,
					contains: []string{`id="q-understood-de"`, `<iframe sandbox src="/app/admin/survey/preview/en/page"`, "Send me a test survey", "Save as version 1"}},
				{name: "LeaderCannotPost", who: asLeader, method: "POST", path: "/app/admin/survey", form: editorForm("publish", mine), want: http.StatusForbidden},
				{name: "SignedOutCannotPost", who: asNobody, method: "POST", path: "/app/admin/survey", form: editorForm("publish", mine), want: http.StatusSeeOther},
				{name: "ForgedCSRF", who: asAdmin, method: "POST", path: "/app/admin/survey",
					form: withCSRF(editorForm("publish", mine), "forged"), want: http.StatusForbidden},
				{name: "TemplateRefused", who: asAdmin, method: "POST", path: "/app/admin/survey", form: editorForm("preview", "{{.Org.Secret}} understood"),
					want: http.StatusUnprocessableEntity, contains: []string{"Not saved", "{{ and }} are not allowed", `aria-invalid="true"`, "{{.Org.Secret}} understood"}},
				{name: "PreviewKeepsDraft", who: asAdmin, method: "POST", path: "/app/admin/survey", form: editorForm("preview", mine), want: http.StatusSeeOther},
				{name: "PagePreviewShowsDraft", who: asAdmin, method: "GET", path: "/app/admin/survey/preview/de/page?understood=4", want: http.StatusOK,
					contains: []string{mine, "nothing chosen here is saved", `value="4" checked`, `href="/app/admin/survey/preview/fr/page"`}, lacks: []string{"survey.js"}},
				{name: "EmailPreviewShowsDraft", who: asAdmin, method: "GET", path: "/app/admin/survey/preview/de/email", want: http.StatusOK,
					contains: []string{"Will", env.URL + "/app/admin/survey/preview/de/page?understood=5"}, lacks: []string{"/s/preview"}},
				{name: "UnknownLanguage", who: asAdmin, method: "GET", path: "/app/admin/survey/preview/xx/page", want: http.StatusNotFound},
				{name: "OtherOrgSeesItsOwn", who: asOtherAdmin, method: "GET", path: "/app/admin/survey/preview/de/page", want: http.StatusOK, lacks: []string{mine}},
				{name: "Publish", who: asAdmin, method: "POST", path: "/app/admin/survey", form: editorForm("publish", mine), want: http.StatusSeeOther},
				{name: "Published", who: asAdmin, method: "GET", path: "/app/admin/survey?saved=1", want: http.StatusOK,
					contains: []string{"Saved as version 1", "Save as version 2", mine}},
				{name: "OtherOrgEditor", who: asOtherAdmin, method: "GET", path: "/app/admin/survey", want: http.StatusOK, lacks: []string{mine}},
				{name: "TestEmail", who: asAdmin, method: "POST", path: "/app/admin/survey", form: editorForm("test", mine), want: http.StatusSeeOther},
			}...)
			runPages(t, env, p, cases)

		})
	}
}

// The previews are sandboxed by their own policy and may be framed by the
// app only; the app's other pages may be framed by nobody.
func TestSurveyPreviewHeaders(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	admin := mustPeople(t, env)[asAdmin]
	for path, want := range map[string]string{
		"/app/admin/survey/preview/en/page":  "sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'",
		"/app/admin/survey/preview/es/email": "sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'",
		"/app/admin/survey":                  "frame-ancestors 'none'",
	} {
		resp, err := admin.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Security-Policy"); resp.StatusCode != http.StatusOK || !strings.Contains(got, want) {
			t.Errorf("GET %s = %d with CSP %q, want %q", path, resp.StatusCode, got, want)
		}
	}
}

func withCSRF(f url.Values, token string) url.Values {
	f.Set("csrf", token)
	return f
}

// GET and PUT /api/v1/survey: read keys read, manage keys reword; kinds and
// trust cannot change; another org's key sees its own survey.
func TestSurveyAPI(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	read, manage, other := env.MustKey(t, surveys.ScopeRead), env.MustKey(t, surveys.ScopeManage), env.MustOtherOrgKey(t)
	body := func(understood, extra string) string {
		return `{"questions":[{"key":"understood","texts":{"en":"` + understood + `","de":"{rep} hat verstanden."}` + extra + `},
{"key":"diagnosed","texts":{"en":"{rep} asked first."}},{"key":"interest","texts":{"en":"{rep} put me first."}},
{"key":"prepared","texts":{"en":"{rep} came prepared."}},{"key":"fit_honesty","texts":{"en":"{rep} was honest about the fit."}},
{"key":"recommend","kind":"scale","trust":false,"texts":{"en":"Recommend {rep}?"}},
{"key":"comment","texts":{"en":"What could {rep} do better?"}}]}`
	}
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "NoKey", Method: "GET", Path: "/api/v1/survey", WantStatus: 401},
		{Name: "ReadDefault", Method: "GET", Path: "/api/v1/survey", Key: read, WantStatus: 200,
			WantContains: []string{`"id":0`, `"version":1`, `"languages":["en","de","es","fr"]`, `"kind":"scale","trust":false`, `{rep} understood what I actually needed.`}},
		{Name: "ReadKeyCannotPut", Method: "PUT", Path: "/api/v1/survey", Key: read, Body: body("{rep} got it.", ""), WantStatus: 403},
		{Name: "TemplateRefused", Method: "PUT", Path: "/api/v1/survey", Key: manage, Body: body("{{.Env}} got it.", ""), WantStatus: 422,
			WantContains: []string{`"location":"body.questions.understood.en"`, "{{ and }} are not allowed"}},
		{Name: "KindFixed", Method: "PUT", Path: "/api/v1/survey", Key: manage, Body: body("{rep} got it.", `,"kind":"scale"`), WantStatus: 422,
			WantContains: []string{`"location":"body.questions[0].kind"`, "cannot change"}},
		{Name: "TrustFixed", Method: "PUT", Path: "/api/v1/survey", Key: manage, Body: body("{rep} got it.", `,"trust":false`), WantStatus: 422,
			WantContains: []string{`"location":"body.questions[0].trust"`}},
		{Name: "MissingQuestion", Method: "PUT", Path: "/api/v1/survey", Key: manage, Body: `{"questions":[{"key":"understood","texts":{"en":"{rep} got it."}}]}`,
			WantStatus: 422, WantContains: []string{`"location":"body.questions.diagnosed.en"`}},
		{Name: "Reword", Method: "PUT", Path: "/api/v1/survey", Key: manage, Body: body("{rep} got it.", ""), WantStatus: 200,
			WantContains: []string{`"version":1`, `"created":true`, `{rep} got it.`, `{rep} hat verstanden.`}},
		{Name: "Again", Method: "PUT", Path: "/api/v1/survey", Key: manage, Body: body("{rep} got it.", ""), WantStatus: 200,
			WantContains: []string{`"version":1`, `"created":false`}},
		{Name: "Reword2", Method: "PUT", Path: "/api/v1/survey", Key: manage, Body: body("{rep} really got it.", ""), WantStatus: 200,
			WantContains: []string{`"version":2`, `"created":true`}},
		{Name: "OtherOrg", Method: "GET", Path: "/api/v1/survey", Key: other, WantStatus: 200, WantNotContains: []string{"got it"}},
	})
}
