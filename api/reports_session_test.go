package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/reports/reporttest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// Signed-in leaders download their teams' reports and reps their own
// card; nobody else's.
func TestReportDownloadsForSignedInUsers(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			ctx := apitest.AsAdmin(context.Background(), env.Org)
			leaderLink := mustSignInLink(t, env, "lee@acme.test", surveys.RoleLeader)
			users, _, err := env.Services.Directory.FindUsers(ctx, surveys.UserFilter{})
			if err != nil || len(users) != 1 {
				t.Fatalf("users %v, %v", users, err)
			}
			sales := &surveys.Team{Name: "Sales", LeaderIDs: []int64{users[0].ID}}
			other := &surveys.Team{Name: "Other"}
			for _, tm := range []*surveys.Team{sales, other} {
				if err := env.Services.Directory.CreateTeam(ctx, tm); err != nil {
					t.Fatal(err)
				}
			}
			zoe, _, err := env.Services.Directory.UpsertRep(ctx, surveys.RepInput{ExternalID: "z", Name: "Zoë Łukasiewicz", Email: "zoe@acme.test", Team: "Sales", Active: true})
			if err != nil {
				t.Fatal(err)
			}
			dima, _, err := env.Services.Directory.UpsertRep(ctx, surveys.RepInput{ExternalID: "d", Name: "Дмитрий Орлов", Email: "dima@acme.test", Team: "Other", Active: true})
			if err != nil {
				t.Fatal(err)
			}
			token, err := env.Services.Directory.CreateUser(ctx, &surveys.User{Email: "dima@acme.test", Role: surveys.RoleRep, RepID: dima.ID})
			if err != nil {
				t.Fatal(err)
			}
			leader, rep, anonymous := newBrowser(t), newBrowser(t), newBrowser(t)
			for b, link := range map[*http.Client]string{leader: leaderLink, rep: env.URL + "/signin/" + token} {
				if got, _ := visit(t, b, "POST", link, url.Values{}); got != http.StatusSeeOther {
					t.Fatalf("sign in = %d, want 303", got)
				}
			}
			card := func(r *surveys.Rep) string { return fmt.Sprintf("%s/reports/reps/%d.pdf", env.URL, r.ID) }
			team := func(tm *surveys.Team) string { return fmt.Sprintf("%s/reports/teams/%d.pdf", env.URL, tm.ID) }
			for _, c := range []struct {
				name    string
				browser *http.Client
				url     string
				want    int
				text    string
			}{
				{"AnonymousSignsInFirst", anonymous, card(zoe), 401, ""},
				{"LeaderTheirRep", leader, card(zoe), 200, "Zoë Łukasiewicz"},
				{"LeaderTheirTeam", leader, team(sales), 200, "Sales"},
				{"LeaderOtherTeamsRep", leader, card(dima), 404, ""},
				{"LeaderOtherTeam", leader, team(other), 404, ""},
				{"RepOwnCard", rep, card(dima), 200, "Дмитрий Орлов"},
				{"RepOtherRep", rep, card(zoe), 404, ""},
				{"RepOwnTeam", rep, team(other), 404, ""},
				{"RepOwnTeamCards", rep, fmt.Sprintf("%s/reports/teams/%d/cards.zip", env.URL, other.ID), 404, ""},
				{"BadWindow", leader, card(zoe) + "?from=yesterday", 422, ""},
			} {
				t.Run(c.name, func(t *testing.T) {
					got, body := visit(t, c.browser, "GET", c.url, nil)
					if got != c.want {
						t.Fatalf("GET %s = %d, want %d", c.url, got, c.want)
					}
					if c.text != "" && !strings.Contains(reporttest.MustText(t, []byte(body)), c.text) {
						t.Errorf("GET %s: the PDF lacks %q", c.url, c.text)
					}
				})
			}
			t.Run("LeaderZipHoldsTheirRepsOnly", func(t *testing.T) {
				got, body := visit(t, leader, "GET", env.URL+"/reports/org/cards.zip", nil)
				if got != 200 {
					t.Fatalf("org ZIP = %d", got)
				}
				z, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
				if err != nil || len(z.File) != 1 || !strings.Contains(z.File[0].Name, "zoë") {
					t.Errorf("leader's org ZIP = %v, %v; want Zoë's card only", z, err)
				}
			})
		})
	}
}
