package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/api/apitest/oidctest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// ssoWorld is a Trustcard server whose org signs in at a real OpenID
// Connect provider running in the test.
type ssoWorld struct {
	env *apitest.Env
	idp *oidctest.Provider
}

// The company accounts at the provider.
var idpUsers = []oidctest.User{
	{Email: "Ada.SSO@Acme.test", Name: "Ada Admin", EmailVerified: true},
	{Email: "dora@acme.test", Name: "Dora Gone", EmailVerified: true},
	{Email: "una@acme.test", Name: "Una Unknown", EmailVerified: true},
	{Email: "vic@acme.test", Name: "Vic Unverified", EmailVerified: false},
	{Email: "rita@acme.test", Name: "Rita Rep", EmailVerified: true},
}

func newSSOWorld(t *testing.T, driver string, create surveys.Role) *ssoWorld {
	t.Helper()
	env := apitest.MustStart(t, driver)
	w := &ssoWorld{env: env, idp: oidctest.MustStart(t, env.URL+"/signin/sso/callback", idpUsers...)}
	admin := apitest.AsAdmin(context.Background(), env.Org)
	dora := &surveys.User{Email: "dora@acme.test", Role: surveys.RoleLeader}
	for _, u := range []*surveys.User{{Email: "ada.sso@acme.test", Role: surveys.RoleAdmin}, dora, {Email: "vic@acme.test", Role: surveys.RoleLeader}} {
		if _, err := env.Services.Directory.CreateUser(admin, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.Services.Directory.SetUserActive(admin, dora.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.Services.Directory.UpsertRep(admin, surveys.RepInput{ExternalID: "rita", Name: "Rita Rep", Email: "rita@acme.test", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := env.Services.SSO.Configure(admin, surveys.SSOUpdate{Issuer: w.idp.URL, ClientID: w.idp.ClientID,
		ClientSecret: w.idp.ClientSecret, CreateRole: create}); err != nil {
		t.Fatal(err)
	}
	return w
}

// companyBrowser is a browser with cookies that follows redirects, but
// not into the web app (a signed-in person is sent to /app), nor, with
// stopAtCallback, the provider's redirect back to Trustcard.
func companyBrowser(t *testing.T, stopAtCallback bool) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if stopAtCallback && req.URL.Path == "/signin/sso/callback" || req.URL.Path == "/app" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
}

// signIn signs in at the provider as email, from path, and returns where
// the browser ends up: status, path (or where it was sent, for a
// redirect) and page.
func (w *ssoWorld) signIn(t *testing.T, c *http.Client, email, path string) (int, string, string) {
	t.Helper()
	w.idp.SignInAs(email)
	resp, err := c.Get(w.env.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if loc := resp.Header.Get("Location"); loc != "" {
		return resp.StatusCode, loc, string(body)
	}
	return resp.StatusCode, resp.Request.URL.Path, string(body)
}

// sessions counts the sessions of the user with email.
func (w *ssoWorld) sessions(t *testing.T, email string) int64 {
	t.Helper()
	var n int64
	if err := w.env.DB.Gorm().Raw(`SELECT count(*) FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email = ?)`, email).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *ssoWorld) users(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := w.env.DB.Gorm().Raw(`SELECT count(*) FROM users`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// A company sign-in against a real provider: each way it can go, with
// what it must answer, and no session or user made when it fails.
func TestSSOSignIn(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := newSSOWorld(t, driver, "")
			users := w.users(t)
			for _, tt := range []struct {
				name, email string
				knob        func()
				want        int
				wantPath    string
				wantText    string
			}{
				{"UnknownEmail", "una@acme.test", nil, 401, "/signin/sso/callback", "ask an admin to invite you"},
				{"DeactivatedUser", "dora@acme.test", nil, 401, "/signin/sso/callback", "is deactivated"},
				{"UnverifiedEmail", "vic@acme.test", nil, 401, "/signin/sso/callback", "is not verified"},
				{"WrongNonce", "Ada.SSO@Acme.test", func() { w.idp.WrongNonce("someone-elses") }, 401, "/signin/sso/callback", "belongs to another attempt"},
				{"ExpiredToken", "Ada.SSO@Acme.test", w.idp.ExpireTokens, 401, "/signin/sso/callback", "has expired"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					if tt.knob != nil {
						tt.knob()
					}
					status, path, body := w.signIn(t, companyBrowser(t, false), tt.email, "/signin/sso")
					if status != tt.want || path != tt.wantPath || !strings.Contains(body, tt.wantText) {
						t.Errorf("ended at %s with %d, want %s with %d saying %q:\n%s", path, status, tt.wantPath, tt.want, tt.wantText, clip(body))
					}
					if n := w.sessions(t, strings.ToLower(tt.email)); n != 0 {
						t.Errorf("%d sessions after a refused sign-in", n)
					}
					if n := w.users(t); n != users {
						t.Errorf("%d users after a refused sign-in, want %d", n, users)
					}
				})
			}
		})
	}
}

// The good sign-in, with the email read from userinfo and then from the ID
// token; a forged state; and the routes' bounds.
func TestSSOSignInWorks(t *testing.T) {
	w := newSSOWorld(t, "sqlite", "")
	c := companyBrowser(t, false)
	status, path, _ := w.signIn(t, c, "Ada.SSO@Acme.test", "/signin/sso")
	if status != 303 || path != "/app" || w.sessions(t, "ada.sso@acme.test") != 1 {
		t.Fatalf("ended at %s with %d and %d sessions; want the web app and one session", path, status, w.sessions(t, "ada.sso@acme.test"))
	}
	w.idp.EmailInIDToken()
	if status, path, _ := w.signIn(t, c, "Ada.SSO@Acme.test", "/signin/sso"); status != 303 || path != "/app" {
		t.Errorf("with the email in the ID token: ended at %s with %d", path, status)
	}
	if n := w.sessions(t, "ada.sso@acme.test"); n != 1 {
		t.Errorf("%d sessions after signing in again in the same browser, want 1: a new session replaces the old", n)
	}

	stop := companyBrowser(t, true)
	w.idp.SignInAs("Ada.SSO@Acme.test")
	resp, err := stop.Get(w.env.URL + "/signin/sso")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Query().Get("state") == "" || back.Query().Get("code") == "" {
		t.Fatalf("the provider sent the browser back to %q", resp.Header.Get("Location"))
	}
	q := back.Query()
	q.Set("state", "forged"+q.Get("state")[6:])
	back.RawQuery = q.Encode()
	if status, body := visit(t, stop, "GET", back.String(), nil); status != 401 || !strings.Contains(body, "did not start in this browser") {
		t.Errorf("a forged state: %d\n%s", status, clip(body))
	}
	if n := w.sessions(t, "ada.sso@acme.test"); n != 1 {
		t.Errorf("%d sessions after a forged state, want the one from before", n)
	}
	for path, want := range map[string]int{
		"/signin/sso/callback":                     400, // no state
		"/signin/sso/callback?state=x&code=y":      401, // no attempt in this browser
		"/signin/sso/callback?error=access_denied": 401,
		"/signin/sso?test=1":                       403, // a test is for a signed-in admin
		"/signin/sso?org=999":                      404,
	} {
		if status, body := visit(t, newBrowser(t), "GET", w.env.URL+path, nil); status != want {
			t.Errorf("GET %s = %d, want %d\n%s", path, status, want, clip(body))
		}
	}
}

// Who a company account without a user becomes: a leader when allowed, a
// rep user only for an active rep's address, and nobody else.
func TestSSOCreatesOnlyWhatTheOrgAllows(t *testing.T) {
	leaders := newSSOWorld(t, "sqlite", surveys.RoleLeader)
	if status, path, _ := leaders.signIn(t, companyBrowser(t, false), "una@acme.test", "/signin/sso"); status != 303 || path != "/app" {
		t.Errorf("a new leader ended at %s with %d", path, status)
	}
	if n := leaders.sessions(t, "una@acme.test"); n != 1 {
		t.Errorf("the new leader has %d sessions, want 1", n)
	}
	reps := newSSOWorld(t, "sqlite", surveys.RoleRep)
	if status, path, _ := reps.signIn(t, companyBrowser(t, false), "rita@acme.test", "/signin/sso"); status != 303 || path != "/app" {
		t.Errorf("a rep's address ended at %s with %d", path, status)
	}
	var repUsers int64
	if err := reps.env.DB.Gorm().Raw(`SELECT count(*) FROM users WHERE email = 'rita@acme.test' AND role = 'rep' AND rep_id IS NOT NULL`).Scan(&repUsers).Error; err != nil || repUsers != 1 {
		t.Errorf("rep users for Rita: %d (%v), want 1, linked to her rep", repUsers, err)
	}
	if status, _, body := reps.signIn(t, companyBrowser(t, false), "una@acme.test", "/signin/sso"); status != 401 || !strings.Contains(body, "ask an admin") {
		t.Errorf("an address that is no rep's: %d\n%s", status, clip(body))
	}
	for _, role := range []surveys.Role{surveys.RoleAdmin, "boss"} {
		err := reps.env.Services.SSO.Configure(apitest.AsAdmin(context.Background(), reps.env.Org),
			surveys.SSOUpdate{Issuer: reps.idp.URL, ClientID: "x", CreateRole: role})
		if field, _ := surveys.ErrorDetail(err); field != "create_role" {
			t.Errorf("create as %s: %v, want refused naming create_role", role, err)
		}
	}
}

// An admin's test signs in at the provider and says who would be signed
// in, signing nobody in.
func TestSSOTestSignsNobodyIn(t *testing.T) {
	w := newSSOWorld(t, "sqlite", surveys.RoleLeader)
	admin := &http.Client{Jar: mustPeople(t, w.env)[asAdmin].Jar} // follows redirects
	status, _, body := w.signIn(t, admin, "una@acme.test", "/signin/sso?test=1")
	for _, want := range []string{"Company sign-in works", "una@acme.test", "a new leader", "nobody was signed in"} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("test sign-in: %d, lacks %q\n%s", status, want, clip(body))
		}
	}
	if users, _, err := w.env.Services.Directory.FindUsers(apitest.AsAdmin(context.Background(), w.env.Org), surveys.UserFilter{Email: ptr("una@acme.test")}); err != nil || len(users) != 0 {
		t.Errorf("the test created %v (%v)", users, err)
	}
}

func ptr[T any](v T) *T { return &v }
