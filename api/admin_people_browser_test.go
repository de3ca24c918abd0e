package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"trustcard/api/apitest"
	"trustcard/api/apitest/browsertest"
	"trustcard/surveys"
)

// An admin in Chromium creates a rep (after a refused address), moves them
// to another team, looks at the tree of teams, and deactivates a leader,
// whose own browser, signed in beside, is sent to /signin at its next
// click; every page is checked at 390 and 1280 px (screenshot, axe-core,
// no sideways scroll, 44 px controls), the audit log last.
func TestAdminPeopleBrowserJourney(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	ctx := apitest.AsAdmin(context.Background(), env.Org)
	for _, name := range []string{"North", "South"} {
		if err := env.Services.Directory.CreateTeam(ctx, &surveys.Team{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	_, adminToken, _ := strings.Cut(mustSignInLink(t, env, "ada@acme.test", surveys.RoleAdmin), "/signin/")
	_, leaderToken, _ := strings.Cut(mustSignInLink(t, env, "lee@acme.test", surveys.RoleLeader), "/signin/")
	tab, leader := newTab(t), newTab(t)
	browsertest.SignIn(t, tab, env.URL, adminToken)
	browsertest.SignIn(t, leader, env.URL, leaderToken)

	browsertest.Run(t, tab, "open the console", chromedp.Navigate(env.URL+"/app/admin"), chromedp.WaitVisible(`a[href="/app/admin/reps"]`, chromedp.ByQuery))
	checkBothSizes(t, tab, "admin-index")
	browsertest.Run(t, tab, "open the reps", chromedp.Click(`.admin-index a[href="/app/admin/reps"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.admin-filter`, chromedp.ByQuery))
	checkBothSizes(t, tab, "admin-reps-empty")

	browsertest.Run(t, tab, "add a rep with a bad address", chromedp.Click(`a[href="/app/admin/reps/new"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#external_id`, chromedp.ByQuery),
		chromedp.SendKeys(`#external_id`, "crm-42", chromedp.ByQuery), chromedp.SendKeys(`#name`, "Rita Rep", chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "rita-at-acme", chromedp.ByQuery), chromedp.SetValue(`#team`, "North", chromedp.ByQuery),
		chromedp.Click(`.admin-form button[type=submit]`, chromedp.ByQuery), chromedp.WaitVisible(`.admin-error`, chromedp.ByQuery))
	wantText(t, tab, ".admin-error", "Not saved: must be an email address")
	checkBothSizes(t, tab, "admin-rep-refused")

	browsertest.Run(t, tab, "fix the address", chromedp.SetValue(`#email`, "rita@acme.test", chromedp.ByQuery),
		chromedp.Click(`.admin-form button[type=submit]`, chromedp.ByQuery), chromedp.WaitVisible(`.admin-notice[role=status]`, chromedp.ByQuery))
	wantText(t, tab, ".admin-notice", "Rep created.")
	checkBothSizes(t, tab, "admin-rep-created")

	browsertest.Run(t, tab, "move Rita to South", chromedp.SetValue(`#team`, "South", chromedp.ByQuery),
		chromedp.Click(`.admin-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[@role="status"][contains(., "Saved.")]`))
	var team string
	browsertest.Run(t, tab, "read Rita's team", chromedp.Value(`#team`, &team, chromedp.ByQuery))
	if team != "South" {
		t.Errorf("Rita's team reads %q after the move, want South", team)
	}
	browsertest.Run(t, tab, "find Rita", chromedp.Navigate(env.URL+"/app/admin/reps?q=crm-4"), chromedp.WaitVisible(`.admin-list`, chromedp.ByQuery))
	wantText(t, tab, ".admin-list", "rita@acme.test · external id crm-42 · South")
	checkBothSizes(t, tab, "admin-reps")

	browsertest.Run(t, tab, "open South", chromedp.Navigate(env.URL+"/app/admin/teams"),
		chromedp.Click(`//a[normalize-space(.)="South"]`), chromedp.WaitVisible(`#parent`, chromedp.ByQuery))
	browsertest.Run(t, tab, "put South inside North", chooseOption("#parent", "North"),
		chromedp.Click(`.admin-form button[type=submit]`, chromedp.ByQuery), chromedp.WaitVisible(`//p[@role="status"][contains(., "Saved.")]`))
	browsertest.Run(t, tab, "make Lee a leader of South", chooseOption("#leader", "lee@acme.test"),
		chromedp.Click(`.admin-inline button`, chromedp.ByQuery), chromedp.WaitVisible(`//p[@role="status"][contains(., "Leaders saved")]`))
	wantText(t, tab, ".admin-list", "lee@acme.test")
	checkBothSizes(t, tab, "admin-team")
	browsertest.Run(t, tab, "open the tree", chromedp.Navigate(env.URL+"/app/admin/teams"), chromedp.WaitVisible(`.team-tree .team-tree`, chromedp.ByQuery))
	wantText(t, tab, ".team-tree .team-tree", "South · led by lee@acme.test")
	checkBothSizes(t, tab, "admin-teams")

	wantOnPage(t, leader, env.URL+"/app/account", "/app/account")
	browsertest.Run(t, tab, "open Lee's user", chromedp.Navigate(env.URL+"/app/admin/users"),
		chromedp.WaitVisible(`.admin-list`, chromedp.ByQuery))
	checkBothSizes(t, tab, "admin-users")
	browsertest.Run(t, tab, "open Lee", chromedp.Click(`//a[normalize-space(.)="lee@acme.test"]`), chromedp.WaitVisible(`.admin-danger`, chromedp.ByQuery))
	checkBothSizes(t, tab, "admin-user")
	browsertest.Run(t, tab, "deactivate Lee", chromedp.Click(`//button[contains(., "Deactivate lee@acme.test")]`),
		chromedp.WaitVisible(`//p[@role="status"][contains(., "Deactivated")]`))
	checkBothSizes(t, tab, "admin-user-deactivated")
	wantOnPage(t, leader, env.URL+"/app/account", "/signin")

	browsertest.Run(t, tab, "read the audit log", chromedp.Navigate(env.URL+"/app/admin/audit?actor=ada"), chromedp.WaitVisible(`.audit-log`, chromedp.ByQuery))
	wantText(t, tab, ".audit-log li:first-child", "user.deactivate")
	wantText(t, tab, ".audit-log", "team North South")
	checkBothSizes(t, tab, "admin-audit")
}

// wantOnPage opens address in tab and fails unless the browser ends on
// path.
func wantOnPage(t *testing.T, tab context.Context, address, path string) {
	t.Helper()
	var got string
	browsertest.Run(t, tab, "open "+address, chromedp.Navigate(address), chromedp.WaitReady("main", chromedp.ByQuery),
		chromedp.Evaluate(`location.pathname`, &got))
	if got != path {
		t.Errorf("%s ended on %s, want %s", address, got, path)
	}
}

// chooseOption picks the option of the select sel whose text is label.
func chooseOption(sel, label string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => { const s = document.querySelector(%q);
		s.value = [...s.options].find(o => o.text === %q).value; return s.value; })()`, sel, label), nil)
}
