package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// Who may use the account page and its forms: signed out, each role and
// another org's user.
func TestAccountAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := mustStartSignIn(t, driver, apitest.Options{})
			manage := env.MustKey(t, surveys.ScopeManage)
			other := env.MustOtherOrgKey(t)
			r := mustRep(t, env, manage, "crm-1", "Ann Lee", "ann@acme.test", http.StatusCreated)
			rep := mustPerson(t, env, "ann@acme.test", surveys.RoleRep, r.ID)
			leader := mustPerson(t, env, "lee@acme.test", surveys.RoleLeader, 0)
			admin := mustPerson(t, env, "ada@acme.test", surveys.RoleAdmin, 0)
			theirs := mustSignInAt(t, env, mustUser(t, env, other, `{"email":"ola@other.test","role":"admin"}`).SignInURL)
			leaderSession := sessionIDs(t, env, leader)[0]
			form := func(p person) string { return "csrf=" + url.QueryEscape(p.CSRF) }
			toSignIn := map[string]string{"Location": "/signin"}

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "SignedOutAccountSignsInFirst", Method: "GET", Path: "/app/account", WantStatus: 303, WantHeader: toSignIn},
				{Name: "RepSeesOwnAccount", Method: "GET", Path: "/app/account", Header: rep.header(), WantStatus: 200,
					WantContains:    []string{"ann@acme.test", "Rep", "You are the rep", fmt.Sprintf(`href="/app/reps/%d"`, r.ID), "this browser"},
					WantNotContains: []string{"lee@acme.test", "ada@acme.test"}},
				{Name: "LeaderSeesOwnAccount", Method: "GET", Path: "/app/account", Header: leader.header(), WantStatus: 200,
					WantContains: []string{"lee@acme.test", "Leader"}, WantNotContains: []string{"You are the rep", "ann@acme.test"}},
				{Name: "AdminSeesOwnAccount", Method: "GET", Path: "/app/account", Header: admin.header(), WantStatus: 200,
					WantContains: []string{"ada@acme.test", "Admin"}, WantNotContains: []string{leaderSession}},
				{Name: "OtherOrgSeesOwnAccount", Method: "GET", Path: "/app/account", Header: theirs.header(), WantStatus: 200,
					WantContains: []string{"ola@other.test"}, WantNotContains: []string{"acme.test", leaderSession}},
				{Name: "SignedOutCannotEndASession", Method: "POST", Path: "/app/account/sessions/" + leaderSession + "/end",
					Body: form(admin), ContentType: webForm, WantStatus: 303, WantHeader: toSignIn},
				{Name: "SignedOutCannotSignOutEverywhere", Method: "POST", Path: "/app/account/sign-out-everywhere",
					Body: form(admin), ContentType: webForm, WantStatus: 303, WantHeader: toSignIn},
				{Name: "AdminCannotEndTheLeadersSession", Method: "POST", Path: "/app/account/sessions/" + leaderSession + "/end",
					Header: admin.header(), Body: form(admin), ContentType: webForm, WantStatus: 303},
				{Name: "OtherOrgCannotEndTheLeadersSession", Method: "POST", Path: "/app/account/sessions/" + leaderSession + "/end",
					Header: theirs.header(), Body: form(theirs), ContentType: webForm, WantStatus: 303},
				{Name: "LeaderStillSignedIn", Method: "GET", Path: "/app/account", Header: leader.header(), WantStatus: 200},
			})
		})
	}
}

var sessionIDPattern = regexp.MustCompile(`/app/account/sessions/([0-9a-f]+)/end`)

// sessionIDs are the IDs of the person's sessions, the most recently
// used first.
func sessionIDs(t *testing.T, env *apitest.Env, p person) []string {
	t.Helper()
	sessions, err := env.Services.Access.Sessions(asUser(p))
	if err != nil || len(sessions) == 0 {
		t.Fatalf("sessions of %s: %v, %v", p.User.Email, sessions, err)
	}
	var ids []string
	for _, s := range sessions {
		ids = append(ids, s.ID())
	}
	return ids
}

// A person signed in on a phone and a laptop sees both, names the
// browsers, marks this one, and ends the other; "sign out everywhere"
// ends the other browser's session on its next request.
func TestAccountSessions(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := mustStartSignIn(t, driver, apitest.Options{})
			ctx := apitest.AsAdmin(t.Context(), env.Org)
			u := &surveys.User{Email: "ada@acme.test", Name: "Ada Admin", Role: surveys.RoleAdmin}
			if _, err := env.Services.Directory.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			signIn := func(ua string) string {
				token, err := env.Services.Directory.IssueSignInLink(ctx, u.Email)
				if err != nil {
					t.Fatal(err)
				}
				res, err := env.Send(apitest.Scenario{Method: "POST", Path: "/signin/" + token, Header: map[string]string{"User-Agent": ua}})
				if err != nil || res.Status != http.StatusSeeOther {
					t.Fatalf("sign in: %d, %v", res.Status, err)
				}
				cookie, _, _ := strings.Cut(res.Header.Get("Set-Cookie"), ";")
				return cookie
			}
			phone := signIn("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36")
			laptop := signIn("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0")
			third := signIn("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0")
			res, _ := env.Send(apitest.Scenario{Method: "GET", Path: "/app/account", Header: map[string]string{"Cookie": laptop}})
			page := string(res.Body)
			for _, want := range []string{"Ada Admin", "Chrome on Android", "Firefox on macOS", "Edge on Windows", "this browser", "Sign out everywhere"} {
				if !strings.Contains(page, want) {
					t.Errorf("the account page lacks %q", want)
				}
			}
			if got := len(sessionIDPattern.FindAllString(page, -1)); got != 2 {
				t.Errorf("%d buttons to end a session, want 2 (not for this browser)", got)
			}
			laptopCSRF := csrfPattern.FindStringSubmatch(page)[1]
			ids := sessionIDPattern.FindAllStringSubmatch(page, -1)
			edge := ids[0][1] // the most recently used other session: the third
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "EndTheThird", Method: "POST", Path: "/app/account/sessions/" + edge + "/end", Header: map[string]string{"Cookie": laptop},
					Body: "csrf=" + laptopCSRF, ContentType: webForm, WantStatus: 303, WantHeader: map[string]string{"Location": "/app/account"}},
				{Name: "TheThirdIsSignedOut", Method: "GET", Path: "/app", Header: map[string]string{"Cookie": third}, WantStatus: 303,
					WantHeader: map[string]string{"Location": "/signin"}},
				{Name: "SignOutEverywhere", Method: "POST", Path: "/app/account/sign-out-everywhere", Header: map[string]string{"Cookie": laptop},
					Body: "csrf=" + laptopCSRF, ContentType: webForm, WantStatus: 303, WantHeader: map[string]string{"Location": "/", "Set-Cookie": "tc_session=;"}},
				{Name: "ThePhoneIsSignedOut", Method: "GET", Path: "/app", Header: map[string]string{"Cookie": phone}, WantStatus: 303,
					WantHeader: map[string]string{"Location": "/signin"}},
				{Name: "TheLaptopIsSignedOut", Method: "GET", Path: "/app/account", Header: map[string]string{"Cookie": laptop}, WantStatus: 303},
			})
		})
	}
}

// Every form of the web app — every POST route that is not one of the
// signed-out forms or the JSON API — refuses a signed-in request without
// the session's CSRF token, or with a wrong one, with 403 and no effect.
func TestCSRFOnEveryWebAppForm(t *testing.T) {
	env := mustStartSignIn(t, "sqlite", apitest.Options{})
	ada := mustPerson(t, env, "ada@acme.test", surveys.RoleAdmin, 0)
	signedOut := map[string]bool{"/signin": true, "/signin/:token": true, "/s/:token": true, "/u/:token": true, "/p/:token": true}
	var forms []string
	for _, r := range env.Server.App.GetRoutes(true) {
		if r.Method == http.MethodPost && !signedOut[r.Path] && !strings.HasPrefix(r.Path, "/api/") {
			forms = append(forms, r.Path)
		}
	}
	for _, want := range []string{"/signout", "/app/account/sign-out-everywhere", "/app/account/sessions/:id/end"} {
		if !slices.Contains(forms, want) {
			t.Fatalf("the route walk found %v, not %s", forms, want)
		}
	}
	someoneElse := mustPerson(t, env, "lee@acme.test", surveys.RoleAdmin, 0)
	var scenarios []apitest.Scenario
	for _, path := range forms {
		path = strings.ReplaceAll(path, ":id", "0123456789abcdef")
		for name, body := range map[string]string{"NoToken": "", "WrongToken": "csrf=forged", "EmptyToken": "csrf="} {
			scenarios = append(scenarios, apitest.Scenario{Name: name + path, Method: "POST", Path: path, Header: ada.header(),
				Body: body, ContentType: webForm, WantStatus: 403, WantContains: []string{"reload the page"}})
		}
		scenarios = append(scenarios, apitest.Scenario{Name: "OtherSessionsToken" + path, Method: "POST", Path: path,
			Header: ada.header(), Body: "csrf=" + url.QueryEscape(someoneElse.CSRF), ContentType: webForm, WantStatus: 403})
	}
	apitest.Run(t, env, scenarios)
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "StillSignedIn", Method: "GET", Path: "/app/account", Header: ada.header(), WantStatus: 200},
		{Name: "HeaderTokenAccepted", Method: "POST", Path: "/signout", Header: map[string]string{"Cookie": ada.Cookie, "X-CSRF-Token": ada.CSRF},
			WantStatus: 303},
	})
}

// asUser is a context acting as the person.
func asUser(p person) context.Context {
	return surveys.NewContextWithActor(context.Background(), &surveys.Actor{OrgID: p.User.OrgID, UserID: p.User.ID, Role: p.User.Role})
}
