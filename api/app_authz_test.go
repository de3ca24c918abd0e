package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
)

// The people of the authorization matrix, in the order of its columns:
// an admin, the leader of the team (Sales), the leader of another team
// (Other), the rep (Zoë, in Sales), another rep (Dima, in Other), an admin
// of another company, and a signed-out visitor. See repWorld.
var accessPeople = [7]string{"admin", "leader", "otherLeader", "zoe", "dima", "stranger", "anonymous"}

// accessRow is one request of the matrix: the route it exercises, a path
// to it, and what each of accessPeople gets.
type accessRow struct {
	route string // the route's pattern, as the route table lists it
	path  string // {zoe}, {dima}, {sales}, {other} and {period} (from=&to=) stand for the world's
	want  [7]int // status, in the order of accessPeople
	to    [7]string
	// shows is a text that the people named in seenBy find in the body,
	// and nobody else does.
	shows  string
	seenBy []string
}

// Statuses that recur in the matrix.
var (
	adminPage = [7]int{200, 403, 403, 403, 403, 200, 303} // another company's admin sees their own company's
	adminItem = [7]int{200, 403, 403, 403, 403, 404, 303} // another company's admin finds nothing of ours
	teamPage  = [7]int{200, 200, 404, 404, 404, 404, 303}
	teamFile  = [7]int{200, 200, 404, 404, 404, 404, 401}
)

// appAccess is the authorization matrix of the web app: a row for every
// page and download (TestAppAccessCoversEveryRoute fails when a GET route
// under /app, /reports or /dev has none). Add a row with each new route.
var appAccess = []accessRow{
	{route: "/app", path: "/app", want: [7]int{303, 303, 303, 303, 303, 303, 303},
		to: [7]string{"/app/org", "/app/teams/{sales}", "/app/teams/{other}", "/app/reps/{zoe}", "/app/reps/{dima}", "/app/org", "/signin"}},
	{route: "/app/reps/:id", path: "/app/reps/{zoe}", want: [7]int{200, 200, 404, 200, 404, 404, 303},
		to: [7]string{6: "/signin?next=%2Fapp%2Freps%2F{zoe}"}, shows: "Zoë Łukasiewicz", seenBy: []string{"admin", "leader", "zoe"}},
	{route: "/app/teams/:id", path: "/app/teams/{sales}", want: teamPage, to: [7]string{6: "/signin?next=%2Fapp%2Fteams%2F{sales}"},
		shows: "Zoë Łukasiewicz", seenBy: []string{"admin", "leader"}},
	{route: "/app/org", path: "/app/org", want: [7]int{200, 200, 200, 404, 404, 200, 303},
		shows: ">Sales</a>", seenBy: []string{"admin", "leader"}},
	{route: "/app/alerts", path: "/app/alerts", want: [7]int{200, 200, 200, 200, 200, 200, 303},
		shows: "Zoë Łukasiewicz", seenBy: []string{"admin", "leader", "zoe"}},
	{route: "/app/alerts/:id", path: "/app/alerts/{zoeAlert}", want: [7]int{200, 200, 404, 200, 404, 404, 303},
		to: [7]string{6: "/signin?next=%2Fapp%2Falerts%2F{zoeAlert}"}, shows: "Zoë Łukasiewicz", seenBy: []string{"admin", "leader", "zoe"}},
	{route: "/app/account", path: "/app/account", want: [7]int{200, 200, 200, 200, 200, 200, 303},
		shows: "zoe@acme.test", seenBy: []string{"zoe"}},
	{route: "/app/account/digest", path: "/app/account/digest", want: [7]int{200, 200, 200, 403, 403, 200, 303}},
	{route: "/reports/reps/:id.pdf", path: "/reports/reps/{zoe}.pdf?{period}", want: [7]int{200, 200, 404, 200, 404, 404, 401}},
	{route: "/reports/teams/:id.pdf", path: "/reports/teams/{sales}.pdf?{period}", want: teamFile},
	{route: "/reports/teams/:id/cards.zip", path: "/reports/teams/{sales}/cards.zip?{period}", want: teamFile},
	{route: "/reports/teams/:id/responses.csv", path: "/reports/teams/{sales}/responses.csv?{period}", want: teamFile,
		shows: "Zoë Łukasiewicz", seenBy: []string{"admin", "leader"}},
	// Everyone signed in gets a ZIP of the cards they may see (each named after its rep): a rep their own, another
	// company nothing of ours.
	{route: "/reports/org/cards.zip", path: "/reports/org/cards.zip?{period}", want: [7]int{200, 200, 200, 200, 200, 200, 401},
		shows: "-zoë-łukasiewicz.pdf", seenBy: []string{"admin", "leader", "zoe"}},
	{route: "/app/admin/", path: "/app/admin", want: adminPage},
	{route: "/app/admin/mail", path: "/app/admin/mail", want: adminPage},
	{route: "/app/admin/sso", path: "/app/admin/sso", want: adminPage},
	{route: "/app/admin/integrity", path: "/app/admin/integrity", want: adminPage},
	{route: "/app/admin/settings", path: "/app/admin/settings", want: adminPage},
	{route: "/app/admin/survey", path: "/app/admin/survey", want: adminPage},
	{route: "/app/admin/survey/preview/:lang/page", path: "/app/admin/survey/preview/en/page", want: adminPage},
	{route: "/app/admin/survey/preview/:lang/email", path: "/app/admin/survey/preview/de/email", want: adminPage},
	{route: "/app/admin/reps", path: "/app/admin/reps", want: adminPage, shows: "Zoë Łukasiewicz", seenBy: []string{"admin"}},
	{route: "/app/admin/reps/new", path: "/app/admin/reps/new", want: adminPage},
	{route: "/app/admin/reps/:id<int>", path: "/app/admin/reps/{zoe}", want: adminItem, shows: "Zoë Łukasiewicz", seenBy: []string{"admin"}},
	{route: "/app/admin/teams", path: "/app/admin/teams", want: adminPage, shows: ">Sales</a>", seenBy: []string{"admin"}},
	{route: "/app/admin/teams/:id<int>", path: "/app/admin/teams/{sales}", want: adminItem, shows: "<h1>Sales</h1>", seenBy: []string{"admin"}},
	{route: "/app/admin/users", path: "/app/admin/users", want: adminPage, shows: "zoe@acme.test", seenBy: []string{"admin"}},
	{route: "/app/admin/users/new", path: "/app/admin/users/new", want: adminPage},
	{route: "/app/admin/users/:id<int>", path: "/app/admin/users/{zoeUser}", want: adminItem, shows: "zoe@acme.test", seenBy: []string{"admin"}},
	{route: "/app/admin/audit", path: "/app/admin/audit", want: adminPage, shows: "Zoë Łukasiewicz", seenBy: []string{"admin"}},
	{route: "/app/admin/reps/import", path: "/app/admin/reps/import", want: adminPage},
	{route: "/app/admin/interactions", path: "/app/admin/interactions", want: adminPage, shows: "Zoë Łukasiewicz", seenBy: []string{"admin"}},
	{route: "/app/admin/interactions/import", path: "/app/admin/interactions/import", want: adminPage},
	{route: "/app/admin/keys", path: "/app/admin/keys", want: adminPage},
	{route: "/app/admin/webhooks", path: "/app/admin/webhooks", want: adminPage, shows: "hooks.acme.test", seenBy: []string{"admin"}},
	{route: "/app/admin/webhooks/:id<int>", path: "/app/admin/webhooks/{webhook}", want: adminItem, shows: "hooks.acme.test", seenBy: []string{"admin"}},
	{route: "/app/admin/mail/:id<int>", path: "/app/admin/mail/{mail}", want: adminItem, shows: "Zoë Łukasiewicz&#39;s card", seenBy: []string{"admin"}},
	{route: "/app/admin/mail/:id<int>/html", path: "/app/admin/mail/{mail}/html", want: adminItem, shows: "<p>Card</p>", seenBy: []string{"admin"}},
	{route: "/app/admin/mail/:id<int>/files/:n<int>", path: "/app/admin/mail/{mail}/files/1", want: adminItem, shows: "%PDF", seenBy: []string{"admin"}},
	{route: "/dev/mail", path: "/dev/mail", want: [7]int{301, 403, 403, 403, 403, 301, 401}, to: [7]string{0: "/app/admin/mail", 5: "/app/admin/mail"}},
}

// Every page and download of the web app answers each kind of person as
// the matrix says: what a person may not see is not there (404), admin
// pages are refused to others (403), and a signed-out visitor is sent to
// sign in (pages) or refused (downloads).
func TestAppAccess(t *testing.T) {
	inRepWorlds(t, "UTC", func(t *testing.T, w *repWorld, b map[string]*http.Client, win surveys.Window) {
		names := strings.NewReplacer("{zoe}", fmt.Sprint(w.zoe.ID), "{dima}", fmt.Sprint(w.dima.ID),
			"{sales}", fmt.Sprint(w.sales.ID), "{other}", fmt.Sprint(w.other.ID), "{zoeUser}", fmt.Sprint(mustUserID(t, w.env, "zoe@acme.test")), "{mail}", fmt.Sprint(w.mail),
			"{period}", "from="+win.From.Format(time.DateOnly)+"&to="+win.To.Format(time.DateOnly),
			"{zoeAlert}", fmt.Sprint(mustAlertOf(t, w.env, w.zoe.ID)), "{webhook}", fmt.Sprint(mustWebhookOf(t, w.env)))
		for _, row := range appAccess {
			path := names.Replace(row.path)
			for i, who := range accessPeople {
				t.Run(row.route+"/"+who, func(t *testing.T) {
					status, header, body := fetch(t, b[who], w.env.URL+path)
					if status != row.want[i] {
						t.Fatalf("GET %s as %s = %d, want %d", path, who, status, row.want[i])
					}
					if to := names.Replace(row.to[i]); to != "" && header.Get("Location") != to {
						t.Errorf("GET %s as %s goes to %q, want %q", path, who, header.Get("Location"), to)
					}
					if row.shows == "" {
						return
					}
					if seen := strings.Contains(body, row.shows); seen != slices.Contains(row.seenBy, who) {
						t.Errorf("GET %s as %s shows %q: %v, want %v", path, who, row.shows, seen, !seen)
					}
				})
			}
		}
	})
}

// Every GET route of the web app, its downloads and the developers' pages
// has a row in the matrix.
func TestAppAccessCoversEveryRoute(t *testing.T) {
	env := mustRepWorld(t, "sqlite", "UTC").env
	var walked []string
	for _, r := range env.Server.App.GetRoutes(true) {
		if r.Method != http.MethodGet || !(strings.HasPrefix(r.Path, "/app") || strings.HasPrefix(r.Path, "/reports/") || strings.HasPrefix(r.Path, "/dev/")) {
			continue
		}
		walked = append(walked, r.Path)
		if !slices.ContainsFunc(appAccess, func(a accessRow) bool { return a.route == r.Path }) {
			t.Errorf("GET %s has no row in appAccess: add who may open it", r.Path)
		}
	}
	if !slices.Contains(walked, "/app/teams/:id") || !slices.Contains(walked, "/reports/teams/:id/responses.csv") {
		t.Fatalf("the route walk found %v, not the boards' routes", walked)
	}
}
