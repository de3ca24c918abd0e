package store_test

import (
	"slices"
	"strings"
	"testing"

	"trustcard/surveys"
)

// What the admin console changes, against each database: users invited,
// changed, deactivated and reactivated; reps created, found and moved;
// teams kept free of cycles; and the audit log of it all.
func TestDirectoryAdmin(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"DeactivatedUserSignedOutEverywhere", testDeactivatedUserSignedOut},
		{"InvitedUserMailedALink", testInviteMailsLink},
		{"UserChangesThatLockPeopleOutRefused", testUserGuards},
		{"RepsCreatedFoundAndMoved", testRepsFoundAndMoved},
		{"TeamCyclesRefusedByName", testTeamCycles},
		{"AuditKeepsBeforeAndAfter", testAuditFilter},
		{"AuditOfKeysAndSSOWithoutSecrets", testAuditSecrets},
	})
}

// asUser is p's context acting as the admin user u.
func (p *pipeline) asUser(u *surveys.User) *pipeline {
	q := *p
	q.ctx = surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: p.org.ID, UserID: u.ID, Role: u.Role, Name: u.Email})
	return &q
}

func testDeactivatedUserSignedOut(t *testing.T, p *pipeline) {
	lee, link := p.mustUser(t, "lee@acme.test", surveys.RoleLeader, 0)
	first := p.mustSignIn(t, link)
	_, second := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	p.mustSignIn(t, second)
	leeAgain, err := p.svc.Directory.IssueSignInLink(p.ctx, lee.Email)
	if err != nil {
		t.Fatal(err)
	}
	other := p.mustSignIn(t, leeAgain)
	unused, err := p.svc.Directory.IssueSignInLink(p.ctx, lee.Email)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.svc.Directory.SetUserActive(p.ctx, lee.ID, false)
	if err != nil || got.Active {
		t.Fatalf("deactivate: %+v, %v", got, err)
	}
	p.wantSignedOut(t, lee.Email, first, unused)
	if _, _, err := p.svc.Access.Authenticate(ctx, other); surveys.ErrorCode(err) != surveys.EUNAUTHORIZED {
		t.Errorf("the second session of the deactivated user: %v", err)
	}
	_, _, err = p.svc.Directory.SendSignInLink(p.ctx, lee.ID)
	wantCode(t, "an emailed link for the deactivated user", err, surveys.ECONFLICT)
	if _, err := p.svc.Directory.SetUserActive(p.ctx, lee.ID, true); err != nil {
		t.Fatal(err)
	}
	again, err := p.svc.Directory.IssueSignInLink(p.ctx, lee.Email)
	if err != nil {
		t.Fatalf("a link once reactivated: %v", err)
	}
	p.mustSignIn(t, again)
}

func testInviteMailsLink(t *testing.T, p *pipeline) {
	u := &surveys.User{Email: " Ivy@Acme.test ", Name: "Ivy", Role: surveys.RoleRep, RepID: p.rep.ID}
	expires, err := p.svc.Directory.InviteUser(p.ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if want := p.clock.now.Add(surveys.EmailedSignInLinkTTL); !expires.Equal(want) {
		t.Errorf("expires %v, want %v", expires, want)
	}
	mails := p.runSignInJobs(t)
	if len(mails) != 1 || mails[0].User.Email != "ivy@acme.test" || mails[0].Token == "" {
		t.Fatalf("mails = %+v, want one link to ivy@acme.test", mails)
	}
	p.mustSignIn(t, mails[0].Token)
	_, err = p.svc.Directory.InviteUser(p.ctx, &surveys.User{Email: "ivy@acme.test", Role: surveys.RoleLeader})
	wantCode(t, "inviting a taken address", err, surveys.ECONFLICT)
	_, err = p.svc.Directory.InviteUser(p.ctx, &surveys.User{Email: "x@acme.test", Role: surveys.RoleRep, RepID: 999})
	wantCode(t, "inviting the user of an unknown rep", err, surveys.EINVALID)
	if users, _, _ := p.svc.Directory.FindUsers(p.ctx, surveys.UserFilter{Search: "x@acme"}); len(users) != 0 {
		t.Errorf("a refused invitation left a user: %+v", users[0])
	}
	if m := p.runSignInJobs(t); len(m) != 0 {
		t.Errorf("refused invitations mailed %d links", len(m))
	}
}

func testUserGuards(t *testing.T, p *pipeline) {
	ada, _ := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	lee, _ := p.mustUser(t, "lee@acme.test", surveys.RoleLeader, 0)
	asAda := p.asUser(ada)
	_, err := asAda.svc.Directory.SetUserActive(asAda.ctx, ada.ID, false)
	wantCode(t, "deactivating yourself", err, surveys.ECONFLICT)
	_, err = p.svc.Directory.SetUserActive(p.ctx, ada.ID, false)
	wantCode(t, "deactivating the only admin", err, surveys.ECONFLICT)
	leader := surveys.RoleLeader
	_, err = asAda.svc.Directory.UpdateUser(asAda.ctx, ada.ID, surveys.UserUpdate{Role: &leader})
	wantCode(t, "changing your own role", err, surveys.ECONFLICT)
	east := &surveys.Team{Name: "East", LeaderIDs: []int64{lee.ID}}
	if err := p.svc.Directory.CreateTeam(p.ctx, east); err != nil {
		t.Fatal(err)
	}
	rep, repID := surveys.RoleRep, p.rep.ID
	_, err = p.svc.Directory.UpdateUser(p.ctx, lee.ID, surveys.UserUpdate{Role: &rep, RepID: &repID})
	if surveys.ErrorCode(err) != surveys.ECONFLICT || !strings.Contains(err.Error(), "leads East") {
		t.Errorf("a leader of East made a rep: %v", err)
	}
	admin := surveys.RoleAdmin
	if got, err := p.svc.Directory.UpdateUser(p.ctx, lee.ID, surveys.UserUpdate{Role: &admin}); err != nil || got.Role != admin {
		t.Fatalf("make Lee an admin: %+v, %v", got, err)
	}
	if _, err := asAda.svc.Directory.SetUserActive(asAda.ctx, lee.ID, false); err != nil {
		t.Errorf("deactivating one of two admins: %v", err)
	}
	users, _, err := p.svc.Directory.FindUsers(p.ctx, surveys.UserFilter{IDs: []int64{lee.ID}})
	if err != nil || users[0].Role != surveys.RoleAdmin || users[0].Active {
		t.Errorf("Lee = %+v, %v; want an inactive admin", users, err)
	}
}

func testRepsFoundAndMoved(t *testing.T, p *pipeline) {
	for _, name := range []string{"East", "West"} {
		if err := p.svc.Directory.CreateTeam(p.ctx, &surveys.Team{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	bo, err := p.svc.Directory.CreateRep(p.ctx, surveys.RepInput{ExternalID: "crm_100%", Name: "Bo Dean", Email: "bo@acme.test", Team: "East", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.svc.Directory.CreateRep(p.ctx, surveys.RepInput{ExternalID: "crm_100%", Name: "Someone Else", Email: "else@acme.test", Active: true})
	wantCode(t, "a second rep with the same external id", err, surveys.ECONFLICT)
	_, err = p.svc.Directory.CreateRep(p.ctx, surveys.RepInput{ExternalID: "r9", Name: "Cy", Email: "cy@acme.test", Team: "Nowhere", Active: true})
	wantCode(t, "a rep of an unknown team", err, surveys.EINVALID)
	for search, want := range map[string][]string{"DEAN": {"crm_100%"}, "bo@": {"crm_100%"}, "100%": {"crm_100%"}, "0_": {}, "%": {"crm_100%"}, "ann": {"r1"}} {
		reps, _, err := p.svc.Directory.FindReps(p.ctx, surveys.RepFilter{Search: search})
		var got []string
		for _, r := range reps {
			got = append(got, r.ExternalID)
		}
		if err != nil || !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Errorf("search %q = %v, %v; want %v", search, got, err, want)
		}
	}
	west := "West"
	moved, err := p.svc.Directory.UpdateRep(p.ctx, bo.ID, surveys.RepUpdate{Team: &west})
	if err != nil || moved.TeamID == bo.TeamID || moved.Name != "Bo Dean" || !moved.Active {
		t.Fatalf("move Bo to West: %+v, %v", moved, err)
	}
	taken := "ann@acme.test"
	_, err = p.svc.Directory.UpdateRep(p.ctx, bo.ID, surveys.RepUpdate{Email: &taken, Team: &west})
	wantCode(t, "another rep's email", err, surveys.ECONFLICT)
	entries, _, err := p.svc.Directory.FindAuditEntries(p.ctx, surveys.AuditFilter{Kind: "rep"})
	if err != nil || len(entries) != 3 {
		t.Fatalf("rep audit entries = %d, %v; want the upsert, create and update", len(entries), err)
	}
	if e := entries[0]; e.Action != "rep.update" || !strings.Contains(e.Before, `"team":"East"`) || !strings.Contains(e.After, `"team":"West"`) {
		t.Errorf("the move audited as %s %s → %s", e.Action, e.Before, e.After)
	}
	if e := entries[1]; e.Action != "rep.create" || e.Before != "" || !strings.Contains(e.After, `"name":"Bo Dean"`) {
		t.Errorf("the creation audited as %s %q → %s", e.Action, e.Before, e.After)
	}
}

func testTeamCycles(t *testing.T, p *pipeline) {
	north := &surveys.Team{Name: "North"}
	if err := p.svc.Directory.CreateTeam(p.ctx, north); err != nil {
		t.Fatal(err)
	}
	east := &surveys.Team{Name: "East", ParentID: north.ID}
	if err := p.svc.Directory.CreateTeam(p.ctx, east); err != nil {
		t.Fatal(err)
	}
	for parent, want := range map[int64]string{east.ID: "East is inside this team", north.ID: "cannot be inside itself"} {
		_, err := p.svc.Directory.UpdateTeam(p.ctx, north.ID, surveys.TeamUpdate{ParentID: &parent})
		if surveys.ErrorCode(err) != surveys.EINVALID || !strings.Contains(err.Error(), want) {
			t.Errorf("North under %d: %v, want %q", parent, err, want)
		}
	}
	teams, _, _ := p.svc.Directory.FindTeams(p.ctx, surveys.TeamFilter{IDs: []int64{north.ID}})
	if teams[0].ParentID != 0 {
		t.Errorf("a refused move left North under %d", teams[0].ParentID)
	}
}

func testAuditFilter(t *testing.T, p *pipeline) {
	ada, _ := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	if err := p.asUser(ada).svc.Directory.CreateTeam(p.asUser(ada).ctx, &surveys.Team{Name: "East"}); err != nil {
		t.Fatal(err)
	}
	day := p.clock.now.Format("2006-01-02")
	for _, c := range []struct {
		f    surveys.AuditFilter
		want int
	}{
		{surveys.AuditFilter{}, 3}, // the rep, the user, the team
		{surveys.AuditFilter{Actor: "ADA@"}, 1},
		{surveys.AuditFilter{Kind: "user"}, 1},
		{surveys.AuditFilter{Kind: "team", Actor: "key:"}, 0},
		{surveys.AuditFilter{From: day, To: day}, 3},
		{surveys.AuditFilter{To: "2026-03-09"}, 0},
		{surveys.AuditFilter{From: "2026-03-11"}, 0},
	} {
		_, total, err := p.svc.Directory.FindAuditEntries(p.ctx, c.f)
		if err != nil || total != c.want {
			t.Errorf("%+v: %d entries, %v; want %d", c.f, total, err, c.want)
		}
	}
	for _, f := range []surveys.AuditFilter{{Kind: "nope"}, {From: "yesterday"}, {From: "2026-03-11", To: "2026-03-10"}} {
		_, _, err := p.svc.Directory.FindAuditEntries(p.ctx, f)
		wantCode(t, "a bad filter", err, surveys.EINVALID)
	}
	entries, _, _ := p.svc.Directory.FindAuditEntries(p.ctx, surveys.AuditFilter{Kind: "team"})
	if e := entries[0]; e.Actor != "ada@acme.test" || e.After != `{"name":"East","parent":"","leaders":[]}` {
		t.Errorf("the team's entry: %+v", e)
	}
}

func testAuditSecrets(t *testing.T, p *pipeline) {
	k := &surveys.APIKey{Name: "crm", Scopes: surveys.Scopes{surveys.ScopeRead}}
	token, err := p.svc.Directory.CreateAPIKey(p.ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.svc.Directory.RevokeAPIKey(p.ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	const secret = "client-s3cret-value"
	up := surveys.SSOUpdate{Issuer: "https://login.acme.test", ClientID: "trustcard", ClientSecret: secret}
	if err := p.svc.SSO.Configure(p.ctx, up); err != nil {
		t.Fatal(err)
	}
	up.ClientSecret, up.CreateRole = "", surveys.RoleLeader
	if err := p.svc.SSO.Configure(p.ctx, up); err != nil {
		t.Fatal(err)
	}
	if err := p.svc.SSO.TurnOff(p.ctx); err != nil {
		t.Fatal(err)
	}
	entries, _, err := p.svc.Directory.FindAuditEntries(p.ctx, surveys.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"apikey.create": {"", `"name":"crm","prefix":"` + k.Prefix + `","scopes":["read"],"revoked":false}`},
		"apikey.revoke": {`"revoked":false}`, `"revoked":true}`},
		"sso.off":       {`"creates":"leader","secret_set":true}`, ""},
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if strings.Contains(e.Before+e.After, secret) || strings.Contains(e.Before+e.After, token) {
			t.Errorf("%s keeps a secret: %s → %s", e.Action, e.Before, e.After)
		}
		w, ok := want[e.Action]
		if !ok || seen[e.Action] {
			continue
		}
		seen[e.Action] = true
		if !strings.HasSuffix(e.Before, w[0]) || !strings.HasSuffix(e.After, w[1]) {
			t.Errorf("%s: %q → %q, want endings %q → %q", e.Action, e.Before, e.After, w[0], w[1])
		}
	}
	if len(seen) != len(want) {
		t.Errorf("audited %v, want %v", seen, want)
	}
	if e := entries[1]; e.Action != "sso.update" || !strings.Contains(e.Before, `"creates":"nobody"`) || !strings.Contains(e.After, `"creates":"leader"`) {
		t.Errorf("the second SSO change: %s %s → %s", e.Action, e.Before, e.After)
	}
}
