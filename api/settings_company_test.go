package api_test

import (
	"net/http"
	"strings"
	"testing"

	"trustcard/api/apitest"
)

// The company's name and accent are settings like the others: a PATCH
// that names them changes them; a pale accent is refused with the reason
// and a shade that passes, and nothing of that PATCH is written; the audit
// log says who changed what, before and after.
func TestSettingsCompany(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	key := env.MustKey(t)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "Defaults", Method: "GET", Path: "/api/v1/settings", Key: key, WantStatus: 200,
			WantContains: []string{`"company":{"name":"My company","accent":"#0f766e"}`}},
		{Name: "Change", Method: "PATCH", Path: "/api/v1/settings", Key: key, WantStatus: 200,
			Body:         `{"company":{"name":"Acme <Ärzte>","accent":"#1D4ED8"},"delivery":{"delay_minutes":30}}`,
			WantContains: []string{`"company":{"name":"Acme <Ärzte>","accent":"#1d4ed8"}`, `"delay_minutes":30`}},
		{Name: "PaleAccentRefused", Method: "PATCH", Path: "/api/v1/settings", Key: key, WantStatus: 422, WantHeader: problem,
			Body:         `{"company":{"name":"Other name","accent":"#7dd3fc"},"delivery":{"delay_minutes":45}}`,
			WantContains: []string{`"location":"body.company.accent"`, "contrast of 1.7:1", "4.5:1", "nearest darker shade that passes is #"}},
		{Name: "EmptyNameRefused", Method: "PATCH", Path: "/api/v1/settings", Key: key, WantStatus: 422,
			Body: `{"company":{"name":"  "}}`, WantContains: []string{`"location":"body.company.name"`, "is required"}},
		{Name: "NothingHalfWritten", Method: "GET", Path: "/api/v1/settings", Key: key, WantStatus: 200,
			WantContains: []string{`"name":"Acme <Ärzte>"`, `"accent":"#1d4ed8"`, `"delay_minutes":30`}},
	})
	audit := env.Do(t, http.MethodGet, "/api/v1/audit", key, "")
	for _, want := range []string{`"actor":"key:test all","action":"settings.update"`, `"detail":"Accent, Delivery.DelayMinutes, Name"`,
		`"before":{"Accent":"#0f766e","Delivery.DelayMinutes":120,"Name":"My company"}`,
		`"after":{"Accent":"#1d4ed8","Delivery.DelayMinutes":30,"Name":"Acme \u003cÄrzte\u003e"}`} {
		if !strings.Contains(string(audit.Body), want) {
			t.Errorf("the audit log lacks %q:\n%s", want, audit.Body)
		}
	}
}
