package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// adminWorld is what the people pages' tests change: a team, a rep in it
// and the leader's user, of the env's org.
type adminWorld struct {
	team, rep, lee int64
}

// inAdminWorlds runs test on a server of each database, with people
// signed in and an adminWorld.
func inAdminWorlds(t *testing.T, test func(t *testing.T, env *apitest.Env, p people, w adminWorld)) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			test(t, env, mustPeople(t, env), mustAdminWorld(t, env))
		})
	}
}

func mustAdminWorld(t *testing.T, env *apitest.Env) adminWorld {
	t.Helper()
	ctx := apitest.AsAdmin(context.Background(), env.Org)
	d := env.Services.Directory
	west := &surveys.Team{Name: "West <b>"}
	if err := d.CreateTeam(ctx, west); err != nil {
		t.Fatal(err)
	}
	rep, _, err := d.UpsertRep(ctx, surveys.RepInput{ExternalID: "r-wes", Name: "Wes <i>Rep</i>", Email: "wes@acme.test", Team: west.Name, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	email := "lee@acme.test"
	users, _, err := d.FindUsers(ctx, surveys.UserFilter{Email: &email})
	if err != nil || len(users) != 1 {
		t.Fatalf("find lee: %v, %v", users, err)
	}
	return adminWorld{team: west.ID, rep: rep.ID, lee: users[0].ID}
}

// Every page and form of reps, teams, users and the audit log: admins
// only; leaders and reps are refused, the signed-out sent to sign in, and
// another org's admin finds nothing of this org.
func TestAdminPeopleAuthorization(t *testing.T) {
	inAdminWorlds(t, func(t *testing.T, env *apitest.Env, p people, w adminWorld) {
		rep, team, lee := fmt.Sprintf("/app/admin/reps/%d", w.rep), fmt.Sprintf("/app/admin/teams/%d", w.team), fmt.Sprintf("/app/admin/users/%d", w.lee)
		var cases []pageCase
		for _, path := range []string{"/app/admin/reps", "/app/admin/reps/new", rep, "/app/admin/teams", team, "/app/admin/users", "/app/admin/users/new", lee, "/app/admin/audit"} {
			cases = append(cases,
				pageCase{name: "SignedOut " + path, who: asNobody, method: "GET", path: path, want: http.StatusSeeOther},
				pageCase{name: "Leader " + path, who: asLeader, method: "GET", path: path, want: http.StatusForbidden, lacks: []string{"wes@acme.test"}},
				pageCase{name: "Rep " + path, who: asRep, method: "GET", path: path, want: http.StatusForbidden, lacks: []string{"wes@acme.test"}},
				pageCase{name: "Admin " + path, who: asAdmin, method: "GET", path: path, want: http.StatusOK, lacks: []string{"<b>", "<i>"}})
		}
		for _, path := range []string{rep, team, lee} {
			cases = append(cases, pageCase{name: "OtherOrg " + path, who: asOtherAdmin, method: "GET", path: path, want: http.StatusNotFound,
				lacks: []string{"wes@acme.test", "West", "lee@acme.test"}})
		}
		for _, path := range []string{"/app/admin/reps", "/app/admin/teams", "/app/admin/users", "/app/admin/audit"} {
			cases = append(cases, pageCase{name: "OtherOrgList " + path, who: asOtherAdmin, method: "GET", path: path, want: http.StatusOK,
				lacks: []string{"wes@acme.test", "West &lt;b&gt;", "lee@acme.test", "r-wes"}})
		}
		posts := map[string]url.Values{
			"/app/admin/reps":  {"external_id": {"r-x"}, "name": {"X"}, "email": {"x@acme.test"}},
			rep:                {"name": {"Wes"}, "email": {"wes@acme.test"}, "team": {""}},
			rep + "/active":    {"active": {"false"}},
			"/app/admin/teams": {"name": {"Mallory's"}},
			team:               {"name": {"Renamed"}, "parent": {""}},
			team + "/leaders":  {"action": {"add"}, "user": {fmt.Sprint(w.lee)}},
			"/app/admin/users": {"email": {"m@acme.test"}, "role": {"admin"}},
			lee:                {"name": {"Lee"}, "role": {"admin"}},
			lee + "/link":      {},
			lee + "/active":    {"active": {"false"}},
		}
		for path, form := range posts {
			cases = append(cases,
				pageCase{name: "SignedOutPost " + path, who: asNobody, method: "POST", path: path, form: clone(form), want: http.StatusSeeOther},
				pageCase{name: "LeaderPost " + path, who: asLeader, method: "POST", path: path, form: clone(form), want: http.StatusForbidden},
				pageCase{name: "RepPost " + path, who: asRep, method: "POST", path: path, form: clone(form), want: http.StatusForbidden},
				pageCase{name: "ForgedCSRF " + path, who: asAdmin, method: "POST", path: path, form: withCSRF(clone(form), "forged"), want: http.StatusForbidden})
			if path != "/app/admin/reps" && path != "/app/admin/teams" && path != "/app/admin/users" {
				cases = append(cases, pageCase{name: "OtherOrgPost " + path, who: asOtherAdmin, method: "POST", path: path, form: clone(form), want: http.StatusNotFound})
			}
		}
		runPages(t, env, p, cases)
		ctx := apitest.AsAdmin(context.Background(), env.Org)
		if r, err := env.Services.Directory.FindRepByID(ctx, w.rep); err != nil || !r.Active || r.TeamID != w.team || r.Name != "Wes <i>Rep</i>" {
			t.Errorf("after refused posts the rep is %+v, %v", r, err)
		}
		if _, total, _ := env.Services.Directory.FindUsers(ctx, surveys.UserFilter{Search: "m@acme"}); total != 0 {
			t.Errorf("a refused invitation left %d users", total)
		}
	})
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}

// What an admin does on the people pages, and what bad input gets: a
// clear message beside its field, the form as typed, and nothing written.
func TestAdminPeoplePages(t *testing.T) {
	inAdminWorlds(t, func(t *testing.T, env *apitest.Env, p people, w adminWorld) {
		ctx := apitest.AsAdmin(context.Background(), env.Org)
		north := &surveys.Team{Name: "North"}
		if err := env.Services.Directory.CreateTeam(ctx, north); err != nil {
			t.Fatal(err)
		}
		rep, team, lee := fmt.Sprintf("/app/admin/reps/%d", w.rep), fmt.Sprintf("/app/admin/teams/%d", w.team), fmt.Sprintf("/app/admin/users/%d", w.lee)
		ada := mustUserID(t, env, "ada@acme.test")
		runPages(t, env, p, []pageCase{
			{name: "ListEscapesNames", who: asAdmin, method: "GET", path: "/app/admin/reps", want: 200,
				contains: []string{"Wes &lt;i&gt;Rep&lt;/i&gt;", "West &lt;b&gt;", `href="/app/admin/reps/new"`, `class="button secondary" href="/app/admin/reps/import"`, "Reps 1–2 of 2"}},
			{name: "SearchByExternalID", who: asAdmin, method: "GET", path: "/app/admin/reps?q=R-WES", want: 200,
				contains: []string{"wes@acme.test", "Reps 1–1 of 1"}, lacks: []string{"dima@acme.test"}},
			{name: "FilterByTeam", who: asAdmin, method: "GET", path: fmt.Sprintf("/app/admin/reps?team=%d&active=true", w.team), want: 200,
				contains: []string{"wes@acme.test"}, lacks: []string{"dima@acme.test"}},
			{name: "BadFilter", who: asAdmin, method: "GET", path: "/app/admin/reps?active=maybe", want: 422, contains: []string{"must be true or false"}},
			{name: "BadPage", who: asAdmin, method: "GET", path: "/app/admin/users?page=0", want: 422, contains: []string{"page number"}},
			{name: "CreateRepBadEmail", who: asAdmin, method: "POST", path: "/app/admin/reps", want: 422,
				form:     url.Values{"external_id": {"r-new"}, "name": {"Nia"}, "email": {"not-an-address"}, "team": {"North"}},
				contains: []string{"Not saved: must be an email address", `aria-invalid="true"`, `value="not-an-address"`, `<option value="North" selected>`}},
			{name: "CreateRepTakenID", who: asAdmin, method: "POST", path: "/app/admin/reps", want: 409,
				form: url.Values{"external_id": {"r-wes"}, "name": {"Nia"}, "email": {"nia@acme.test"}}, contains: []string{"already has the external id"}},
			{name: "CreateRep", who: asAdmin, method: "POST", path: "/app/admin/reps", want: 303,
				form: url.Values{"external_id": {"r-nia"}, "name": {"Nia"}, "email": {"nia@acme.test"}, "team": {"North"}}},
			{name: "MoveRep", who: asAdmin, method: "POST", path: rep, want: 303, form: url.Values{"name": {"Wes"}, "email": {"wes@acme.test"}, "team": {"North"}}},
			{name: "Moved", who: asAdmin, method: "GET", path: rep + "?saved=saved", want: 200, contains: []string{`<option value="North" selected>`, "Saved."}},
			{name: "MoveToUnknownTeam", who: asAdmin, method: "POST", path: rep, want: 422,
				form: url.Values{"name": {"Wes"}, "email": {"wes@acme.test"}, "team": {"Gone"}}, contains: []string{"no team is named &#34;Gone&#34;"}},
			{name: "DeactivateRep", who: asAdmin, method: "POST", path: rep + "/active", want: 303, form: url.Values{"active": {"false"}}},
			{name: "RepDeactivated", who: asAdmin, method: "GET", path: rep + "?saved=deactivated", want: 200, contains: []string{"Reactivate Wes", "no longer surveyed"}},
			{name: "TeamTree", who: asAdmin, method: "GET", path: "/app/admin/teams", want: 200, contains: []string{"West &lt;b&gt;", "North", "no leader"}},
			{name: "NestWestInNorth", who: asAdmin, method: "POST", path: team, want: 303, form: url.Values{"name": {"West"}, "parent": {fmt.Sprint(north.ID)}}},
			{name: "CycleRefused", who: asAdmin, method: "POST", path: fmt.Sprintf("/app/admin/teams/%d", north.ID), want: 422,
				form: url.Values{"name": {"North"}, "parent": {fmt.Sprint(w.team)}}, contains: []string{"West is inside this team", `aria-invalid="true"`}},
			{name: "AddLeader", who: asAdmin, method: "POST", path: team + "/leaders", want: 303, form: url.Values{"action": {"add"}, "user": {fmt.Sprint(w.lee)}}},
			{name: "RepUserCannotLead", who: asAdmin, method: "POST", path: team + "/leaders", want: 422,
				form: url.Values{"action": {"add"}, "user": {fmt.Sprint(mustUserID(t, env, "dima.user@acme.test"))}}, contains: []string{"is not a leader or admin"}},
			{name: "Led", who: asAdmin, method: "GET", path: team, want: 200, contains: []string{"Remove lee@acme.test as a leader", fmt.Sprintf(`<option value="%d" selected>North`, north.ID)}},
			{name: "LeaderCannotBecomeRep", who: asAdmin, method: "POST", path: lee, want: 409,
				form: url.Values{"name": {"Lee"}, "role": {"rep"}, "rep": {"r-nia"}}, contains: []string{"leads West: remove them as its leader"}},
			{name: "RemoveLeader", who: asAdmin, method: "POST", path: team + "/leaders", want: 303, form: url.Values{"action": {"remove"}, "user": {fmt.Sprint(w.lee)}}},
			{name: "InviteWithoutRep", who: asAdmin, method: "POST", path: "/app/admin/users", want: 422,
				form: url.Values{"email": {"nia.user@acme.test"}, "role": {"rep"}, "rep": {"nobody"}}, contains: []string{"no rep has the external id or email"}},
			{name: "InviteTaken", who: asAdmin, method: "POST", path: "/app/admin/users", want: 409,
				form: url.Values{"email": {"LEE@acme.test"}, "role": {"leader"}}, contains: []string{"a user with the email lee@acme.test exists"}},
			{name: "InviteRepUser", who: asAdmin, method: "POST", path: "/app/admin/users", want: 303,
				form: url.Values{"email": {"nia.user@acme.test"}, "role": {"rep"}, "rep": {"nia@acme.test"}}},
			{name: "CannotDeactivateSelf", who: asAdmin, method: "POST", path: fmt.Sprintf("/app/admin/users/%d/active", ada), want: 409,
				form: url.Values{"active": {"false"}}, contains: []string{"you cannot deactivate yourself"}},
			{name: "LeaderStillIn", who: asLeader, method: "GET", path: "/app/account", want: 200, contains: []string{"lee@acme.test"}},
			{name: "DeactivateLeader", who: asAdmin, method: "POST", path: lee + "/active", want: 303, form: url.Values{"active": {"false"}}},
			{name: "LeaderSignedOut", who: asLeader, method: "GET", path: "/app/account", want: 303},
			{name: "NoLinkWhileDeactivated", who: asAdmin, method: "POST", path: lee + "/link", want: 409, form: url.Values{}, contains: []string{"reactivate them"}},
			{name: "Reactivate", who: asAdmin, method: "POST", path: lee + "/active", want: 303, form: url.Values{"active": {"true"}}},
			{name: "ResendLink", who: asAdmin, method: "POST", path: lee + "/link", want: 303, form: url.Values{}},
			{name: "UsersList", who: asAdmin, method: "GET", path: "/app/admin/users?role=rep", want: 200,
				contains: []string{"nia.user@acme.test", "Rep: Nia (r-nia)"}, lacks: []string{"lee@acme.test"}},
			{name: "AuditOfReps", who: asAdmin, method: "GET", path: "/app/admin/audit?kind=rep&actor=ada", want: 200,
				contains: []string{"rep.create", "rep.update", "rep.active", "<td>West &lt;b&gt;</td><td>North</td>"}, lacks: []string{"team.create"}},
			{name: "AuditOfUsers", who: asAdmin, method: "GET", path: "/app/admin/audit?kind=user", want: 200,
				contains: []string{"user.invite", "user.deactivate", "user.reactivate", "user.sign_in_link"}},
			{name: "AuditBadDays", who: asAdmin, method: "GET", path: "/app/admin/audit?from=2026-03-10&to=2026-03-01", want: 422,
				contains: []string{"from: must be on or before to"}},
		})
		runPages(t, env, p, []pageCase{
			{name: "RepPageNamesItsUser", who: asAdmin, method: "GET", path: "/app/admin/reps/" + fmt.Sprint(mustRepID(t, env, "r-nia")), want: 200,
				contains: []string{"Who signs in as Nia", "nia.user@acme.test", `href="/app/admin/users/new?email=nia%40acme.test&amp;name=Nia&amp;rep=r-nia&amp;role=rep"`}},
			{name: "InviteFilledFromRep", who: asAdmin, method: "GET", path: "/app/admin/users/new?email=nia%40acme.test&name=Nia&rep=r-nia&role=rep", want: 200,
				contains: []string{`value="nia@acme.test"`, `value="r-nia"`, `<option value="rep" selected>`}},
		})
		if jobs := env.MustTotal(t, "/api/v1/audit?kind=user&actor=ada", env.MustKey(t)); jobs < 4 {
			t.Errorf("user changes audited = %d", jobs)
		}
	})
}

func mustUserID(t *testing.T, env *apitest.Env, email string) int64 {
	t.Helper()
	users, _, err := env.Services.Directory.FindUsers(apitest.AsAdmin(context.Background(), env.Org), surveys.UserFilter{Email: &email})
	if err != nil || len(users) != 1 {
		t.Fatalf("find %s: %v, %v", email, users, err)
	}
	return users[0].ID
}

func mustRepID(t *testing.T, env *apitest.Env, externalID string) int64 {
	t.Helper()
	reps, _, err := env.Services.Directory.FindReps(apitest.AsAdmin(context.Background(), env.Org), surveys.RepFilter{ExternalID: &externalID})
	if err != nil || len(reps) != 1 {
		t.Fatalf("find rep %s: %v, %v", externalID, reps, err)
	}
	return reps[0].ID
}
