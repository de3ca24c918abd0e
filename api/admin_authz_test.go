package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
)

// people are browsers signed in to one test server: an admin, a leader, a
// rep, an admin of another org, and nobody.
type people map[string]*http.Client

// Who may call the admin console's routes.
const (
	asAdmin      = "admin"
	asLeader     = "leader"
	asRep        = "rep"
	asOtherAdmin = "another org's admin"
	asNobody     = "signed out"
)

// mustPeople signs in a browser for each kind of person.
func mustPeople(t *testing.T, env *apitest.Env) people {
	t.Helper()
	ctx := apitest.AsAdmin(context.Background(), env.Org)
	rep, _, err := env.Services.Directory.UpsertRep(ctx, surveys.RepInput{ExternalID: "r-dima", Name: "Dima Rep", Email: "dima@acme.test", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	repToken, err := env.Services.Directory.CreateUser(ctx, &surveys.User{Email: "dima.user@acme.test", Role: surveys.RoleRep, RepID: rep.ID})
	if err != nil {
		t.Fatal(err)
	}
	var other struct {
		SignInURL string `json:"sign_in_url"`
	}
	env.MustDo(t, http.MethodPost, "/api/v1/users", env.MustOtherOrgKey(t), `{"email":"olga@other.test","role":"admin"}`, http.StatusCreated, &other)
	p := people{}
	for who, link := range map[string]string{
		asAdmin:      mustSignInLink(t, env, "ada@acme.test", surveys.RoleAdmin),
		asLeader:     mustSignInLink(t, env, "lee@acme.test", surveys.RoleLeader),
		asRep:        env.URL + "/signin/" + repToken,
		asOtherAdmin: other.SignInURL,
		asNobody:     "",
	} {
		p[who] = newBrowser(t)
		if link != "" {
			if got, _ := visit(t, p[who], http.MethodPost, link, url.Values{}); got != http.StatusSeeOther {
				t.Fatalf("%s: sign in = %d", who, got)
			}
		}
	}
	return p
}

// pageCase is one request of a person to a web-app route and what it must
// answer.
type pageCase struct {
	name, who, method, path string
	form                    url.Values // sent with the person's CSRF token unless it has "csrf"
	want                    int
	contains, lacks         []string
}

// runPages runs the cases in order (later ones may depend on earlier
// writes), each as a subtest.
func runPages(t *testing.T, env *apitest.Env, p people, cases []pageCase) {
	t.Helper()
	for _, pc := range cases {
		t.Run(pc.name, func(t *testing.T) {
			form := pc.form
			if form != nil && !form.Has("csrf") {
				form.Set("csrf", csrfOf(t, env, p[pc.who]))
			}
			got, body := visit(t, p[pc.who], pc.method, env.URL+pc.path, form)
			if got != pc.want {
				t.Errorf("%s %s %s = %d, want %d\n%s", pc.who, pc.method, pc.path, got, pc.want, clip(body))
			}
			for _, s := range pc.contains {
				if !strings.Contains(body, s) {
					t.Errorf("%s %s %s: body lacks %q\n%s", pc.who, pc.method, pc.path, s, clip(body))
				}
			}
			for _, s := range pc.lacks {
				if strings.Contains(body, s) {
					t.Errorf("%s %s %s: body has %q", pc.who, pc.method, pc.path, s)
				}
			}
		})
	}
}

// csrfOf reads a signed-in person's CSRF token off a web-app page.
func csrfOf(t *testing.T, env *apitest.Env, c *http.Client) string {
	t.Helper()
	_, body := visit(t, c, http.MethodGet, env.URL+"/app/admin", nil)
	_, rest, ok := strings.Cut(body, `name="csrf" value="`)
	if !ok {
		return "none"
	}
	token, _, _ := strings.Cut(rest, `"`)
	return token
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}
