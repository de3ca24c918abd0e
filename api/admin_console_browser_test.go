package api_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/surveys"
)

// An admin imports reps from a CSV file with one bad row in Chromium at a
// phone's and a desktop's size: the preview names the row, nothing is
// saved, the fixed file's preview offers the import, and confirming it
// saves both reps. Each page is checked (screenshot, axe-core, no sideways
// scroll), and so are the interactions pages beside it.
func TestImportRepsBrowser(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	dir := t.TempDir()
	for _, v := range browsertest.Viewports {
		_, token, _ := strings.Cut(mustSignInLink(t, env, "ada-"+v.Name+"@acme.test", surveys.RoleAdmin), "/signin/")
		bad := filepath.Join(dir, v.Name+"-bad.csv")
		good := filepath.Join(dir, v.Name+"-good.csv")
		writeFile(t, bad, "external_id;name;email\n"+v.Name+"-1;Ann Example;ann-"+v.Name+"@acme.test\n"+v.Name+"-2;Bea Example;not an address\n")
		writeFile(t, good, "external_id;name;email\n"+v.Name+"-1;Ann Example;ann-"+v.Name+"@acme.test\n"+v.Name+"-2;Bea Example;bea-"+v.Name+"@acme.test\n")
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, env.URL, token)
			browsertest.Run(t, tab, "open the import", chromedp.Navigate(env.URL+"/app/admin/reps/import"), chromedp.WaitVisible("#file", chromedp.ByQuery))
			browsertest.CheckPage(t, tab, "import-reps-"+v.Name)

			browsertest.Run(t, tab, "upload the file with a bad row", chromedp.SetUploadFiles("#file", []string{bad}, chromedp.ByQuery),
				chromedp.Click(`.import-form button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible(`//li[contains(., "Line 3") and contains(., "must be an email address")]`))
			browsertest.CheckPage(t, tab, "import-reps-problems-"+v.Name)
			if n := repsNamed(t, env, v.Name+"-"); n != 0 {
				t.Fatalf("%d of the file's reps saved by a preview, want none", n)
			}

			browsertest.Run(t, tab, "upload the fixed file", chromedp.SetUploadFiles("#file", []string{good}, chromedp.ByQuery),
				chromedp.Click(`.import-form button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible(`//button[contains(., "Import 2 rows")]`))
			browsertest.CheckPage(t, tab, "import-reps-preview-"+v.Name)

			browsertest.Run(t, tab, "confirm", chromedp.Click(`.import-confirm button`, chromedp.ByQuery),
				chromedp.WaitVisible(`//p[contains(., "Imported: 2 created")]`))
			browsertest.CheckPage(t, tab, "import-reps-done-"+v.Name)
			if found := repsNamed(t, env, v.Name+"-"); found != 2 {
				t.Errorf("%d of the file's reps saved, want 2", found)
			}
			for _, path := range []string{"/app/admin/interactions", "/app/admin/interactions/import"} {
				browsertest.Run(t, tab, "open "+path, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("h1", chromedp.ByQuery))
				browsertest.CheckPage(t, tab, strings.ReplaceAll(strings.TrimPrefix(path, "/app/admin/"), "/", "-")+"-"+v.Name)
			}
		})
	}
}

// An admin creates an API key in Chromium, reads it off the page that
// shows it once, and calls the API with it; the list then shows its use.
func TestAPIKeyBrowser(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	for _, v := range browsertest.Viewports {
		_, token, _ := strings.Cut(mustSignInLink(t, env, "ada-"+v.Name+"@acme.test", surveys.RoleAdmin), "/signin/")
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, env.URL, token)
			browsertest.Run(t, tab, "open the keys", chromedp.Navigate(env.URL+"/app/admin/keys"), chromedp.WaitVisible("#name", chromedp.ByQuery))
			browsertest.CheckPage(t, tab, "keys-"+v.Name)
			var key string
			browsertest.Run(t, tab, "create a key that may only read", chromedp.SendKeys("#name", "CRM on a "+v.Name, chromedp.ByQuery),
				chromedp.Click(`input[name="scope_manage"]`, chromedp.ByQuery), chromedp.Click(`input[name="scope_interactions:write"]`, chromedp.ByQuery),
				chromedp.Click(`.key-form button[type=submit]`, chromedp.ByQuery),
				chromedp.WaitVisible("#new-key", chromedp.ByQuery), chromedp.Value("#new-key", &key, chromedp.ByQuery))
			browsertest.CheckPage(t, tab, "keys-created-"+v.Name)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ReadWithTheKey", Method: "GET", Path: "/api/v1/reps", Key: key, WantStatus: http.StatusOK},
				{Name: "NotManage", Method: "GET", Path: "/api/v1/api-keys", Key: key, WantStatus: http.StatusForbidden},
			})
			browsertest.Run(t, tab, "see its use", chromedp.Navigate(env.URL+"/app/admin/keys"),
				chromedp.WaitVisible(`//li[contains(., "CRM on a `+v.Name+`") and contains(., "last used")]`))
			browsertest.CheckPage(t, tab, "keys-used-"+v.Name)
		})
	}
}

// An admin browses captured mail on a phone and a desktop: the list pages
// and searches, and a message shows its HTML in its sandboxed frame beside
// its text, with its file to download, without sideways scrolling.
func TestMailBrowser(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	long := "https://trust.example.com/s/" + strings.Repeat("x", 120)
	for i := range 23 {
		m := &surveys.CapturedMail{OrgID: env.Org.ID, MessageID: fmt.Sprintf("<m%d@acme.test>", i), To: fmt.Sprintf("buyer%d@a-rather-long-company-name.example", i),
			Subject: fmt.Sprintf("Acme asks: how was your conversation with Will? (%d)", i), CreatedAt: time.Now().UTC(),
			HTML: `<!doctype html><html><head><style>p{font:16px sans-serif}</style></head><body><p>How was your conversation with Will?</p><p><a href="` + long + `">Answer</a></p><script>document.body.textContent="scripted"</script></body></html>`,
			Text: "How was your conversation with Will?\n\nAnswer: " + long + "\n"}
		if i == 22 {
			m.Files = []surveys.MailFile{{Name: "Will Adams – May 2026.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4")}}
		}
		if err := env.DB.CaptureMail(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range browsertest.Viewports {
		_, token, _ := strings.Cut(mustSignInLink(t, env, "ada-"+v.Name+"@acme.test", surveys.RoleAdmin), "/signin/")
		t.Run(v.Name, func(t *testing.T) {
			tab := browsertest.NewTab(t, v.Width, v.Height)
			browsertest.SignIn(t, tab, env.URL, token)
			browsertest.Run(t, tab, "open the mail", chromedp.Navigate(env.URL+"/dev/mail"), chromedp.WaitVisible(`//span[contains(., "Messages 1–23 of 23")]`))
			browsertest.CheckPage(t, tab, "mail-"+v.Name)
			browsertest.Run(t, tab, "search", chromedp.SendKeys("#q", "buyer7@", chromedp.ByQuery), chromedp.Submit("#q", chromedp.ByQuery),
				chromedp.WaitVisible(`//p[contains(., "1 message matching")]`))
			browsertest.CheckPage(t, tab, "mail-search-"+v.Name)
			var text string
			browsertest.Run(t, tab, "open the message with a file", chromedp.Navigate(env.URL+"/app/admin/mail?q=(22)"),
				chromedp.Click(`.listing-title a`, chromedp.ByQuery), chromedp.WaitVisible(".mail-files a", chromedp.ByQuery),
				chromedp.WaitReady("iframe.preview-frame", chromedp.ByQuery),
				chromedp.Sleep(300*time.Millisecond), // the frame's document
				chromedp.Text(".mail-parts pre", &text, chromedp.ByQuery))
			if !strings.Contains(text, long) {
				t.Errorf("the text part shows %q", text)
			}
			browsertest.CheckPage(t, tab, "mail-message-"+v.Name)
		})
	}
}

// repsNamed counts the reps whose external id starts with prefix.
func repsNamed(t *testing.T, env *apitest.Env, prefix string) int {
	t.Helper()
	reps, _, err := env.Services.Directory.FindReps(apitest.AsAdmin(context.Background(), env.Org), surveys.RepFilter{Page: surveys.Page{Limit: -1}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range reps {
		if strings.HasPrefix(r.ExternalID, prefix) {
			n++
		}
	}
	return n
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
