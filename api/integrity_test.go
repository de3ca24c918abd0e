package api_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// mustSentSurvey records an interaction of rep with buyer email, sends its
// survey and returns the link's token.
func mustSentSurvey(t *testing.T, env *apitest.Env, key, ext, rep, email string) string {
	t.Helper()
	in := mustInteraction(t, env, key, ixBody(ext, rep, email, time.Now().Add(-3*time.Hour)), http.StatusCreated)
	env.MustSend(t, in.Invitation.ID)
	return surveys.InvitationToken(env.Org.Secret, in.Invitation.ID)
}

// postSurvey sends the survey page's form for token from a browser with
// user agent ua and cookie (may be empty), as the page does.
func postSurvey(t *testing.T, env *apitest.Env, token, ua, cookie string, fields ...string) {
	t.Helper()
	form := surveyForm(t, env, "/s/"+token+"?edit=1")
	h := map[string]string{"User-Agent": ua}
	if cookie != "" {
		h["Cookie"] = cookie
	}
	res, err := env.Send(apitest.Scenario{Method: http.MethodPost, Path: "/s/" + token, Body: formBody(form, fields...),
		ContentType: formType, Header: h})
	if err != nil || res.Status != http.StatusOK {
		t.Fatalf("POST /s/%s = %d, %v:\n%s", token, res.Status, err, res.Body)
	}
}

type excludedCounts struct {
	Total    int64            `json:"total"`
	ByReason map[string]int64 `json:"by_reason"`
}

type integrityFigures struct {
	N        int64          `json:"n"`
	Raw      *float64       `json:"raw"`
	Excluded excludedCounts `json:"excluded"`
}

// repFigures reads a rep's figures from the scores API.
func repFigures(t *testing.T, env *apitest.Env, key string, repID int64) integrityFigures {
	t.Helper()
	var out struct {
		integrityFigures
		Org integrityFigures `json:"org_figures"`
	}
	env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/scores/reps/%d", repID), key, "", http.StatusOK, &out)
	if out.Org.Excluded.Total != out.Excluded.Total {
		t.Errorf("org excluded %d, rep %d: one rep, so want the same", out.Org.Excluded.Total, out.Excluded.Total)
	}
	return out.integrityFigures
}

// responseFlags reads every response's flags by id from GET /api/v1/responses.
func responseFlags(t *testing.T, env *apitest.Env, key string) map[int64]string {
	t.Helper()
	var list struct {
		Items []struct {
			ID         int64    `json:"id"`
			Flags      []string `json:"flags"`
			ExcludedBy []string `json:"excluded_by"`
		} `json:"items"`
	}
	env.MustDo(t, http.MethodGet, "/api/v1/responses?limit=100", key, "", http.StatusOK, &list)
	out := map[int64]string{}
	for _, it := range list.Items {
		out[it.ID] = strings.Join(it.Flags, ",") + "/" + strings.Join(it.ExcludedBy, ",")
	}
	return out
}

// Each flag provoked through the survey page's own POST; the default rules
// exclude own_domain and rep_signed_in and show the others; the figures
// count exactly the responses that count, and reinstating one puts it
// back, audited.
func TestIntegrityFlags(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			ada := mustRepID(t, env, "crm-1")
			adaBrowser := mustPerson(t, env, "ada@example.com", surveys.RoleRep, ada)
			env.MustDo(t, http.MethodPatch, "/api/v1/settings", key, `{"own_domains":["Acme.test"]}`, http.StatusOK, nil)

			answers := []struct {
				ext, email, ua, cookie, comment string
				understood                      int
				want                            string
			}{
				{"own", "b1@sales.acme.test", "ua-1", "", "", 2, "own_domain/own_domain"},
				{"signed-in", "b2@example.org", "ua-2", adaBrowser.Cookie, "", 2, "rep_signed_in/rep_signed_in"},
				{"first", "b3@example.org", "ua-3", "", "Listened closely and asked about our budget first", 5, "/"},
				{"repeat", "b4@example.org", "ua-4", "", "listened closely, and asked about our BUDGET first!", 3, "repeated_comment/"},
				{"client-1", "b5@example.org", "shared", "", "", 4, "same_client/"},
				{"client-2", "b6@example.org", "shared", "", "", 4, "same_client/"},
				{"client-3", "b7@example.org", "shared", "", "", 4, "same_client/"},
			}
			ids, tokens := map[string]int64{}, map[string]string{}
			for _, a := range answers {
				token := mustSentSurvey(t, env, key, a.ext, "crm-1", a.email)
				postSurvey(t, env, token, a.ua, a.cookie, "understood", fmt.Sprint(a.understood), "comment", a.comment)
				ids[a.ext], tokens[a.ext] = storedResponse(t, env, token).ID, token
			}
			// The own-domain buyer changes their answer: still excluded, and the totals move by nothing.
			postSurvey(t, env, tokens["own"], "ua-9", "", "understood", "1")
			flags := responseFlags(t, env, key)
			for _, a := range answers {
				if got := flags[ids[a.ext]]; got != a.want {
					t.Errorf("%s: flags/excluded_by = %q, want %q", a.ext, got, a.want)
				}
			}
			// Counted: 100, 50, 75, 75, 75 → n 5, raw 75; excluded: one own_domain, one rep_signed_in.
			f := repFigures(t, env, key, ada)
			if f.N != 5 || f.Raw == nil || *f.Raw != 75 || f.Excluded.Total != 2 ||
				f.Excluded.ByReason["own_domain"] != 1 || f.Excluded.ByReason["rep_signed_in"] != 1 || f.Excluded.ByReason["same_client"] != 0 {
				t.Errorf("figures = n %d raw %v excluded %+v; want n 5, raw 75, excluded 2 (own_domain 1, rep_signed_in 1)", f.N, f.Raw, f.Excluded)
			}

			manage := env.MustKey(t, surveys.ScopeManage)
			path := fmt.Sprintf("/api/v1/responses/%d/reinstate", ids["own"])
			env.MustDo(t, http.MethodPost, path, manage, "", http.StatusOK, nil)
			// Counted now also the reinstated 0 (its changed answer, 1): n 6, raw 375/6.
			for _, when := range []string{"after reinstating", "after rebuilding the rollups from the raw answers"} {
				f = repFigures(t, env, key, ada)
				if f.N != 6 || f.Raw == nil || math.Abs(*f.Raw-375.0/6) > 1e-9 || f.Excluded.Total != 1 || f.Excluded.ByReason["own_domain"] != 0 ||
					f.Excluded.ByReason["rep_signed_in"] != 1 {
					t.Errorf("%s: n %d raw %v excluded %+v; want n 6, raw 62.5, excluded 1 (rep_signed_in)", when, f.N, f.Raw, f.Excluded)
				}
				if err := env.Services.Scores.RebuildRollups(apitest.AsAdmin(context.Background(), env.Org), nil); err != nil {
					t.Fatal(err)
				}
			}
			if got := responseFlags(t, env, key)[ids["own"]]; got != "own_domain/" {
				t.Errorf("reinstated response: %q, want its flag kept and nothing excluding it", got)
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "AuditNamesTheReinstatement", Method: "GET", Path: "/api/v1/audit?kind=response", Key: manage, WantStatus: 200,
					WantContains: []string{`"action":"response.reinstate"`, fmt.Sprintf(`"target":"response:%d"`, ids["own"]), "excluded as own_domain"}},
				{Name: "NotTwice", Method: "POST", Path: path, Key: manage, WantStatus: 409, WantContains: []string{"not excluded"}},
				{Name: "NotACountingResponse", Method: "POST", Path: fmt.Sprintf("/api/v1/responses/%d/reinstate", ids["first"]), Key: manage,
					WantStatus: 409, WantContains: []string{"counts in the scores already"}},
				{Name: "UnknownResponse", Method: "POST", Path: "/api/v1/responses/999999/reinstate", Key: manage, WantStatus: 404},
			})
		})
	}
}

// own_domains is validated; a bad domain is named in the 422.
func TestIntegritySettings(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	key := env.MustKey(t, surveys.ScopeManage)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "Defaults", Method: "GET", Path: "/api/v1/settings", Key: key, WantStatus: 200,
			WantContains: []string{`"own_domains":[]`, `"exclude":["own_domain","rep_signed_in"]`, `"exclusion_cap_percent":5`}},
		{Name: "BadDomain", Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: `{"own_domains":["acme.com","not a domain"]}`,
			WantStatus: 422, WantContains: []string{"own_domains", `\"not a domain\" is not a domain`}},
		{Name: "BareName", Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: `{"own_domains":["localhost"]}`,
			WantStatus: 422, WantContains: []string{"own_domains", "localhost"}},
		{Name: "UnknownFlag", Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: `{"integrity":{"exclude":["mood"]}}`,
			WantStatus: 422, WantContains: []string{"integrity.exclude", "mood"}},
		{Name: "CapTooHigh", Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: `{"integrity":{"exclusion_cap_percent":101}}`,
			WantStatus: 422, WantContains: []string{"integrity.exclusion_cap_percent"}},
		{Name: "Saved", Method: "PATCH", Path: "/api/v1/settings", Key: key,
			Body:       `{"own_domains":["Acme.com","acme.com","eu.acme.com"],"integrity":{"exclude":["same_client","own_domain"],"exclusion_cap_percent":10}}`,
			WantStatus: 200, WantContains: []string{`"own_domains":["acme.com","eu.acme.com"]`, `"exclude":["own_domain","same_client"]`, `"exclusion_cap_percent":10`}},
		{Name: "NothingHalfWritten", Method: "GET", Path: "/api/v1/settings", Key: key, WantStatus: 200,
			WantNotContains: []string{"not a domain", "mood"}},
	})
}
