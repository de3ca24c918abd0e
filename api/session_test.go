package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// A browser with cookies that does not follow redirects.
func newBrowser(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// goTo answers method u with form in browser c: the status, where a
// redirect points, and the page.
func goTo(t *testing.T, c *http.Client, method, u string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", webForm)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func visit(t *testing.T, c *http.Client, method, u string, form url.Values) (int, string) {
	t.Helper()
	status, _, body := goTo(t, c, method, u, form)
	return status, body
}

func mustSignInLink(t *testing.T, env *apitest.Env, email string, role surveys.Role) string {
	t.Helper()
	u := &surveys.User{Email: email, Role: role}
	token, err := env.Services.Directory.CreateUser(apitest.AsAdmin(context.Background(), env.Org), u)
	if err != nil {
		t.Fatal(err)
	}
	return env.URL + "/signin/" + token
}

func TestSignInOutAndDevMail(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			admin, leader := newBrowser(t), newBrowser(t)

			if got, _ := visit(t, admin, "GET", env.URL+"/dev/mail", nil); got != http.StatusUnauthorized {
				t.Errorf("anonymous /dev/mail = %d, want 401", got)
			}
			link := mustSignInLink(t, env, "ada@acme.test", surveys.RoleAdmin)
			if got, _ := visit(t, admin, "GET", link, nil); got != http.StatusOK {
				t.Errorf("GET sign-in link = %d, want 200 (a confirm page)", got)
			}
			if got, _ := visit(t, admin, "GET", env.URL+"/dev/mail", nil); got != http.StatusUnauthorized {
				t.Errorf("after a GET of the link, /dev/mail = %d, want 401: a GET signs nobody in", got)
			}
			if got, _ := visit(t, admin, "POST", link, url.Values{}); got != http.StatusSeeOther {
				t.Fatalf("POST sign-in link = %d, want 303", got)
			}
			if got, _ := visit(t, admin, "GET", env.URL+"/dev/mail", nil); got != http.StatusMovedPermanently {
				t.Errorf("admin /dev/mail = %d, want 301 to /app/admin/mail", got)
			}
			if got, body := visit(t, admin, "GET", env.URL+"/app/admin/mail", nil); got != http.StatusOK || !strings.Contains(body, "Captured mail") {
				t.Errorf("admin /app/admin/mail = %d", got)
			}
			if got, _ := visit(t, newBrowser(t), "POST", link, url.Values{}); got != http.StatusNotFound {
				t.Errorf("second use of the link = %d, want 404", got)
			}

			visit(t, leader, "POST", mustSignInLink(t, env, "lee@acme.test", surveys.RoleLeader), url.Values{})
			if got, _ := visit(t, leader, "GET", env.URL+"/dev/mail", nil); got != http.StatusForbidden {
				t.Errorf("leader /dev/mail = %d, want 403", got)
			}

			_, page := visit(t, admin, "GET", env.URL+"/app/admin/mail", nil)
			csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
			if csrf == nil {
				t.Fatalf("the web app's page has no sign-out form:\n%s", page)
			}
			if got, _ := visit(t, admin, "POST", env.URL+"/signout", url.Values{"csrf": {"forged"}}); got != http.StatusForbidden {
				t.Errorf("sign-out with a forged CSRF token = %d, want 403", got)
			}
			u, _ := url.Parse(env.URL)
			stolen := admin.Jar.Cookies(u)
			if got, _ := visit(t, admin, "POST", env.URL+"/signout", url.Values{"csrf": {csrf[1]}}); got != http.StatusSeeOther {
				t.Errorf("sign-out = %d, want 303", got)
			}
			replay := newBrowser(t)
			replay.Jar.SetCookies(u, stolen)
			if got, _ := visit(t, replay, "GET", env.URL+"/dev/mail", nil); got != http.StatusUnauthorized {
				t.Errorf("the old session cookie after sign-out = %d, want 401: the session must end on the server", got)
			}
		})
	}
}

// The home page tells visitors nothing about the org; a signed-in person
// is sent on to the web app.
func TestHomeSendsSignedInPeopleToTheApp(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	key := env.MustKey(t, surveys.ScopeManage)
	env.MustDo(t, http.MethodPost, "/api/v1/reps", key, `{"external_id":"r1","name":"Ann Lee","email":"ann@acme.test"}`, http.StatusCreated, nil)
	if got, body := visit(t, newBrowser(t), "GET", env.URL+"/", nil); got != http.StatusOK || strings.Contains(body, "Ann Lee") {
		t.Errorf("anonymous home = %d, or it names a rep", got)
	}
	admin := newBrowser(t)
	visit(t, admin, "POST", mustSignInLink(t, env, "ada@acme.test", surveys.RoleAdmin), url.Values{})
	for path, want := range map[string]string{"/": "/app", "/app": "/app/org"} {
		resp, err := admin.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("signed-in GET %s = %d to %q, want 303 to %q", path, resp.StatusCode, got, want)
		}
	}
}
