package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// The single sign-on page: admins only; another org's admin sees their own
// org's; the secret saved is never shown again, by any page or API; the
// sign-in page offers the company account once it is set up.
func TestSSOSettingsAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			p := mustPeople(t, env)
			const secret = "idp-secret-4f9a"
			form := func(issuer, secret, role string) url.Values {
				return url.Values{"action": {"save"}, "issuer": {issuer}, "client_id": {"trustcard"}, "client_secret": {secret}, "create_role": {role}}
			}
			runPages(t, env, p, []pageCase{
				{name: "SignedOut", who: asNobody, method: "GET", path: "/app/admin/sso", want: http.StatusSeeOther},
				{name: "Leader", who: asLeader, method: "GET", path: "/app/admin/sso", want: http.StatusForbidden},
				{name: "Rep", who: asRep, method: "GET", path: "/app/admin/sso", want: http.StatusForbidden},
				{name: "LeaderCannotSave", who: asLeader, method: "POST", path: "/app/admin/sso", form: form("https://login.acme.test", secret, ""), want: http.StatusForbidden},
				{name: "SignedOutCannotSave", who: asNobody, method: "POST", path: "/app/admin/sso", form: form("https://login.acme.test", secret, ""), want: http.StatusSeeOther},
				{name: "ForgedCSRF", who: asAdmin, method: "POST", path: "/app/admin/sso", form: withCSRF(form("https://login.acme.test", secret, ""), "forged"), want: http.StatusForbidden},
				{name: "Empty", who: asAdmin, method: "GET", path: "/app/admin/sso", want: http.StatusOK,
					contains: []string{env.URL + "/signin/sso/callback", "No secret is set"}, lacks: []string{"Test the sign-in"}},
				{name: "NotYetOffered", who: asNobody, method: "GET", path: "/signin", want: http.StatusOK, lacks: []string{"/signin/sso"}},
				{name: "PlainHTTPIssuer", who: asAdmin, method: "POST", path: "/app/admin/sso", form: form("http://login.acme.test", secret, ""),
					want: http.StatusUnprocessableEntity, contains: []string{"https URL, such as", `aria-invalid="true"`}, lacks: []string{secret}},
				{name: "AdminRoleRefused", who: asAdmin, method: "POST", path: "/app/admin/sso", form: form("https://login.acme.test", secret, "admin"),
					want: http.StatusUnprocessableEntity, contains: []string{"never admin"}, lacks: []string{secret}},
				{name: "Save", who: asAdmin, method: "POST", path: "/app/admin/sso", form: form("https://login.acme.test/", secret, "leader"), want: http.StatusSeeOther},
				{name: "Saved", who: asAdmin, method: "GET", path: "/app/admin/sso?saved=1", want: http.StatusOK,
					contains: []string{`value="https://login.acme.test"`, "A secret is set", "Test the sign-in", "/signin/sso?test=1&amp;org="}, lacks: []string{secret}},
				{name: "KeepSecret", who: asAdmin, method: "POST", path: "/app/admin/sso", form: form("https://login.acme.test", "", "rep"), want: http.StatusSeeOther},
				{name: "StillSet", who: asAdmin, method: "GET", path: "/app/admin/sso", want: http.StatusOK, contains: []string{"A secret is set"}, lacks: []string{secret}},
				{name: "OtherOrgSeesItsOwn", who: asOtherAdmin, method: "GET", path: "/app/admin/sso", want: http.StatusOK,
					contains: []string{"No secret is set"}, lacks: []string{"login.acme.test"}},
				{name: "Offered", who: asNobody, method: "GET", path: "/signin", want: http.StatusOK, contains: []string{`href="/signin/sso"`, "Sign in with My company's account"}},
			})
			for _, path := range []string{"/api/v1/audit", "/api/v1/settings"} {
				res := env.Do(t, http.MethodGet, path, env.MustKey(t), "")
				if res.Status != http.StatusOK || strings.Contains(string(res.Body), secret) {
					t.Errorf("GET %s = %d, or it shows the client secret", path, res.Status)
				}
				if path == "/api/v1/audit" && !strings.Contains(string(res.Body), "sso.update") {
					t.Errorf("the audit log lacks the change:\n%s", res.Body)
				}
			}
			var sealed string
			if err := env.DB.Gorm().Raw(`SELECT sealed_secret FROM sso_configs`).Scan(&sealed).Error; err != nil || sealed == "" || strings.Contains(sealed, secret) {
				t.Errorf("the stored secret %q (%v) is not sealed", sealed, err)
			}
			runPages(t, env, p, []pageCase{
				{name: "TurnOff", who: asAdmin, method: "POST", path: "/app/admin/sso", form: url.Values{"action": {"off"}}, want: http.StatusSeeOther},
				{name: "NoLongerOffered", who: asNobody, method: "GET", path: "/signin", want: http.StatusOK, lacks: []string{"/signin/sso"}},
				{name: "NothingToStart", who: asNobody, method: "GET", path: "/signin/sso", want: http.StatusNotFound, contains: []string{"not set up"}},
			})
		})
	}
}
