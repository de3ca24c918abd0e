package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
)

// consoleWorld is what the admin console's authorization rows are about:
// one org's interaction, key, captured message with a file, and upload.
type consoleWorld struct {
	key    *surveys.APIKey
	mailID int64
	upload string
}

func mustConsoleWorld(t *testing.T, env *apitest.Env) consoleWorld {
	t.Helper()
	ctx := apitest.AsAdmin(context.Background(), env.Org)
	env.MustDo(t, http.MethodPost, "/api/v1/interactions", env.MustKey(t), `{"external_id":"mtg-77","rep":"r-dima","buyer":{"email":"quinn@buyer.test"},"occurred_at":"`+
		time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)+`","kind":"call"}`, http.StatusCreated, nil)
	w := consoleWorld{key: &surveys.APIKey{Name: "crm-sync"}}
	if _, err := env.Services.Directory.CreateAPIKey(ctx, w.key); err != nil {
		t.Fatal(err)
	}
	m := &surveys.CapturedMail{OrgID: env.Org.ID, MessageID: "<m1@test>", To: "quinn@buyer.test", Subject: "Acme's report for May",
		HTML: "<p>Hi</p>", Text: "Hi", CreatedAt: time.Now().UTC(),
		Files: []surveys.MailFile{{Name: "card.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 card")}}}
	if err := env.DB.CaptureMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	w.mailID = m.ID
	var err error
	if w.upload, err = env.Services.Directory.KeepUpload(ctx, surveys.UploadReps, []byte("external_id,name,email\nq-1,Quinn,q@acme.test\n")); err != nil {
		t.Fatal(err)
	}
	return w
}

// Every page and action of the admin console added here: admins of the
// org only; a leader or a rep is refused, someone signed out is sent to
// sign in, and another org's admin sees none of this org's data.
func TestAdminConsoleAuthorization(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	p := mustPeople(t, env)
	w := mustConsoleWorld(t, env)
	mail := fmt.Sprintf("/app/admin/mail/%d", w.mailID)
	revoke := fmt.Sprintf("/app/admin/keys/%d/revoke", w.key.ID)
	var cases []pageCase
	refused := func(method, path string, form url.Values) {
		for _, who := range []string{asLeader, asRep} {
			cases = append(cases, pageCase{name: who + " " + method + " " + path, who: who, method: method, path: path, form: form, want: http.StatusForbidden})
		}
		cases = append(cases, pageCase{name: "signed out " + method + " " + path, who: asNobody, method: method, path: path, want: http.StatusSeeOther})
	}
	for _, path := range []string{"/app/admin/interactions", "/app/admin/reps/import", "/app/admin/interactions/import", "/app/admin/keys",
		"/app/admin/mail", mail, mail + "/html", mail + "/files/1", "/app/admin/reps/import?file=" + w.upload} {
		refused(http.MethodGet, path, nil)
	}
	for _, path := range []string{"/app/admin/reps/import", "/app/admin/interactions/import", "/app/admin/reps/import/confirm",
		"/app/admin/interactions/import/confirm", "/app/admin/keys", revoke} {
		refused(http.MethodPost, path, url.Values{"file": {w.upload}, "name": {"sneaky"}, "scope_read": {"1"}})
	}
	cases = append(cases,
		pageCase{name: "admin lists interactions", who: asAdmin, method: "GET", path: "/app/admin/interactions", want: 200, contains: []string{"quinn@buyer.test", "mtg-77"}},
		pageCase{name: "other org's interactions", who: asOtherAdmin, method: "GET", path: "/app/admin/interactions?q=quinn", want: 200,
			contains: []string{"0 interactions"}, lacks: []string{"quinn@buyer.test"}},
		pageCase{name: "admin previews the upload", who: asAdmin, method: "GET", path: "/app/admin/reps/import?file=" + w.upload, want: 200, contains: []string{"Import 1 row<"}},
		pageCase{name: "other org's upload", who: asOtherAdmin, method: "GET", path: "/app/admin/reps/import?file=" + w.upload, want: 404, lacks: []string{"Quinn"}},
		pageCase{name: "other org confirms the upload", who: asOtherAdmin, method: "POST", path: "/app/admin/reps/import/confirm", form: url.Values{"file": {w.upload}}, want: 404},
		pageCase{name: "admin lists keys", who: asAdmin, method: "GET", path: "/app/admin/keys", want: 200, contains: []string{"crm-sync", w.key.Prefix}},
		pageCase{name: "other org's keys", who: asOtherAdmin, method: "GET", path: "/app/admin/keys", want: 200, lacks: []string{"crm-sync"}},
		pageCase{name: "other org revokes the key", who: asOtherAdmin, method: "POST", path: revoke, form: url.Values{}, want: 404},
		pageCase{name: "admin lists mail", who: asAdmin, method: "GET", path: "/app/admin/mail", want: 200, contains: []string{"Acme&#39;s report for May", "1 file"}},
		pageCase{name: "other org's mail", who: asOtherAdmin, method: "GET", path: "/app/admin/mail", want: 200, lacks: []string{"report for May"}},
		pageCase{name: "admin reads a message", who: asAdmin, method: "GET", path: mail, want: 200, contains: []string{"card.pdf", mail + "/html"}},
		pageCase{name: "other org reads the message", who: asOtherAdmin, method: "GET", path: mail, want: 404},
		pageCase{name: "other org's HTML", who: asOtherAdmin, method: "GET", path: mail + "/html", want: 404},
		pageCase{name: "other org's file", who: asOtherAdmin, method: "GET", path: mail + "/files/1", want: 404, lacks: []string{"%PDF"}},
		pageCase{name: "admin downloads the file", who: asAdmin, method: "GET", path: mail + "/files/1", want: 200, contains: []string{"%PDF-1.4 card"}},
		pageCase{name: "no second file", who: asAdmin, method: "GET", path: mail + "/files/2", want: 404},
		pageCase{name: "admin revokes the key", who: asAdmin, method: "POST", path: revoke, form: url.Values{}, want: http.StatusSeeOther},
		pageCase{name: "dev mail is the viewer", who: asAdmin, method: "GET", path: "/dev/mail", want: http.StatusMovedPermanently},
	)
	runPages(t, env, p, cases)
	keys, err := env.Services.Directory.FindAPIKeys(apitest.AsAdmin(context.Background(), env.Org))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.Name == "sneaky" {
			t.Errorf("a refused person created the key %q", k.Name)
		}
	}
	if n := repCount(t, env); n != 1 {
		t.Errorf("%d reps: a refused confirmation imported the upload", n)
	}
}

// An admin creates a key with one scope on the page, sees its secret once,
// and uses it: it may read but not manage; the list then shows its last
// use, and once revoked it no longer works. Both changes are audited.
func TestAPIKeyPage(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	p := mustPeople(t, env)
	admin := p[asAdmin]
	csrf := csrfOf(t, env, admin)
	if got, body := visit(t, admin, "POST", env.URL+"/app/admin/keys", url.Values{"csrf": {csrf}, "name": {"Reader"}}); got != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Choose at least one scope") {
		t.Errorf("a key without scopes = %d", got)
	}
	got, body := visit(t, admin, "POST", env.URL+"/app/admin/keys", url.Values{"csrf": {csrf}, "name": {"<b>Reader</b>"}, "scope_read": {"1"}})
	secret := regexp.MustCompile(`value="(tck_[A-Za-z0-9_-]+)"`).FindStringSubmatch(body)
	if got != http.StatusCreated || secret == nil || !strings.Contains(body, "&lt;b&gt;Reader&lt;/b&gt;") || !strings.Contains(body, "js/copy.js") {
		t.Fatalf("create a key = %d, want 201 with its secret, its name as text and the copy script\n%s", got, clip(body))
	}
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "ReadsWithIt", Method: "GET", Path: "/api/v1/reps", Key: secret[1], WantStatus: 200, WantContains: []string{"r-dima"}},
		{Name: "MayNotManage", Method: "POST", Path: "/api/v1/reps", Key: secret[1], Body: `{"external_id":"x","name":"X","email":"x@acme.test"}`, WantStatus: 403},
	})
	_, list := visit(t, admin, "GET", env.URL+"/app/admin/keys", nil)
	if strings.Contains(list, secret[1]) || !strings.Contains(list, "last used") || strings.Contains(list, "never used") {
		t.Errorf("the list shows the secret again, or not the last use\n%s", clip(list))
	}
	id := regexp.MustCompile(`action="/app/admin/keys/(\d+)/revoke"`).FindStringSubmatch(list)
	if id == nil {
		t.Fatalf("no revoke form\n%s", clip(list))
	}
	if got, _ := visit(t, admin, "POST", env.URL+"/app/admin/keys/"+id[1]+"/revoke", url.Values{"csrf": {csrf}}); got != http.StatusSeeOther {
		t.Fatalf("revoke = %d", got)
	}
	apitest.Run(t, env, []apitest.Scenario{{Name: "RevokedKey", Method: "GET", Path: "/api/v1/reps", Key: secret[1], WantStatus: 401}})
	entries, _, _ := env.Services.Directory.FindAuditEntries(apitest.AsAdmin(context.Background(), env.Org), surveys.AuditFilter{})
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action+" by "+e.Actor)
	}
	wantAll(t, "the audit log", strings.Join(actions, "\n"), "apikey.create by ada@acme.test", "apikey.revoke by ada@acme.test")
}

// The captured-mail viewer pages 55 messages by 50, finds one by subject
// or recipient, shows a message's text with its links clickable and its
// HTML in a frame whose policy runs no script and loads nothing, with its
// links opening in a new tab, and hands over its file as a download.
func TestMailViewer(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	p := mustPeople(t, env)
	ctx := context.Background()
	var last int64
	for i := range 55 {
		m := &surveys.CapturedMail{OrgID: env.Org.ID, MessageID: fmt.Sprintf("<m%d@test>", i), To: fmt.Sprintf("buyer%d@buyer.test", i),
			Subject: fmt.Sprintf("Survey number %d", i), CreatedAt: time.Now().UTC(),
			HTML: `<!doctype html><html><head><title>x</title></head><body><script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="https://acme.test/s/tok">Answer</a></body></html>`,
			Text: "Answer here: https://acme.test/s/tok.\nThanks"}
		if i == 54 {
			m.Files = []surveys.MailFile{{Name: "Will's card.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 Will")}}
		}
		if err := env.DB.CaptureMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		last = m.ID
	}
	admin := p[asAdmin]
	_, first := visit(t, admin, "GET", env.URL+"/app/admin/mail", nil)
	wantAll(t, "page 1", first, "55 messages", "Survey number 54", "Survey number 5<", "Messages 1–50 of 55", `href="/app/admin/mail?page=2"`)
	if strings.Contains(first, "Survey number 4<") {
		t.Error("page 1 shows the 51st message")
	}
	_, second := visit(t, admin, "GET", env.URL+"/app/admin/mail?page=2", nil)
	wantAll(t, "page 2", second, "Survey number 4<", "Survey number 0<", "Messages 51–55 of 55")
	_, found := visit(t, admin, "GET", env.URL+"/app/admin/mail?q=BUYER17", nil)
	wantAll(t, "the search", found, "1 message matching", "Survey number 17")
	_, none := visit(t, admin, "GET", env.URL+"/app/admin/mail?q=100%25", nil)
	wantAll(t, "a search for 100%", none, "0 messages", "No message matches")

	path := fmt.Sprintf("%s/app/admin/mail/%d", env.URL, last)
	_, msg := visit(t, admin, "GET", path, nil)
	wantAll(t, "the message", msg, `sandbox="allow-popups allow-popups-to-escape-sandbox"`,
		`<a href="https://acme.test/s/tok" target="_blank" rel="noopener noreferrer">https://acme.test/s/tok</a>.`, "Will&#39;s card.pdf")
	resp, err := admin.Get(path + "/html")
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.HasPrefix(csp, "sandbox allow-popups allow-popups-to-escape-sandbox;") || strings.Contains(csp, "allow-scripts") ||
		!strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "img-src data:;") {
		t.Errorf("the HTML's policy is %q: it must sandbox without script and load nothing from elsewhere", csp)
	}
	if !strings.Contains(string(html), `<head><base target="_blank">`) {
		t.Errorf("the HTML's links do not open in a new tab:\n%s", html)
	}
	resp, err = admin.Get(path + "/files/1")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(data) != "%PDF-1.4 Will" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") ||
		resp.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("the file = %q, %s, %s", data, resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Type"))
	}
}
