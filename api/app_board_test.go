package api_test

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// Texts the boards are checked for.
const (
	ivoName        = `Ivo <i>Markup</i> "Quote"`
	formulaComment = `=HYPERLINK("http://evil.test","click")`
)

// boardWorld is a repWorld with a sub-team, North, inside Sales, and Ivo
// in it, with two perfect answers, one a comment a spreadsheet would run.
type boardWorld struct {
	*repWorld
	north *surveys.Team
	ivo   *surveys.Rep
}

func mustBoardWorld(t *testing.T, driver, tz string) *boardWorld {
	t.Helper()
	w := &boardWorld{repWorld: mustRepWorld(t, driver, tz)}
	ctx := apitest.AsAdmin(context.Background(), w.env.Org)
	w.north = &surveys.Team{Name: "North", ParentID: w.sales.ID}
	if err := w.env.Services.Directory.CreateTeam(ctx, w.north); err != nil {
		t.Fatal(err)
	}
	w.ivo = mustUpsertRep(t, ctx, w.env, "i", ivoName, "North")
	perfect := map[string]int{surveys.QUnderstood: 5, surveys.QDiagnosed: 5, surveys.QInterest: 5, surveys.QPrepared: 5, surveys.QRecommend: 10}
	now := time.Now().UTC()
	w.mustAnswer(t, w.env.Services, now, "ivo-0", repAnswer{rep: "i", buyer: "Ivo buyer", ratings: perfect, comment: formulaComment})
	w.mustAnswer(t, w.env.Services, now, "ivo-1", repAnswer{rep: "i", buyer: "Ivo buyer 2", ratings: perfect})
	return w
}

// inBoardWorlds runs test on a boardWorld of each driver.
func inBoardWorlds(t *testing.T, tz string, test func(*testing.T, *boardWorld, map[string]*http.Client, surveys.Window)) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := mustBoardWorld(t, driver, tz)
			test(t, w, w.browsers(t), w.window(t))
		})
	}
}

// boardRowLink finds the rows of a board's table, in order.
var boardRowLink = regexp.MustCompile(`<th scope="row" class="board-name"><a href="/app/(?:reps|teams)/(\d+)"`)

// rowIDs are the ids the board's rows link to, in order.
func rowIDs(body string) []int64 {
	var out []int64
	for _, m := range boardRowLink.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, id)
	}
	return out
}

// A team's board lists every rep of the team and its sub-teams, ranked by
// the shrunk score unless sorted otherwise; it names the weakest question,
// lists the comments with who wrote them, and links the downloads of the
// period shown.
func TestTeamBoardContent(t *testing.T) {
	inBoardWorlds(t, "Pacific/Auckland", func(t *testing.T, w *boardWorld, b map[string]*http.Client, win surveys.Window) {
		admin := apitest.AsAdmin(context.Background(), w.env.Org)
		report, err := w.env.Services.Scores.TeamReport(admin, w.sales.ID, win)
		if err != nil {
			t.Fatal(err)
		}
		score := map[int64]float64{}
		for _, r := range report.Detail.Reps {
			score[r.Rep.ID] = r.Figures.Score
		}
		if score[w.ivo.ID] <= score[w.zoe.ID] {
			t.Fatalf("Ivo's two perfect answers score %.1f, Zoë's %.1f; want Ivo's higher, for the ranking to be tested", score[w.ivo.ID], score[w.zoe.ID])
		}
		board := fmt.Sprintf("/app/teams/%d", w.sales.ID)
		period := "from=" + win.From.Format(time.DateOnly) + "&amp;to=" + win.To.Format(time.DateOnly)
		for _, c := range []struct {
			name, query string
			want        []int64
		}{
			// Ivo's shrunk score is the higher, but rests on two answers.
			{"ConfidentScoresFirst", "", []int64{w.zoe.ID, w.ivo.ID}},
			{"WeakestFirstStillConfidentFirst", "?sort=score", []int64{w.zoe.ID, w.ivo.ID}},
			{"ByNameAZ", "?sort=name", []int64{w.ivo.ID, w.zoe.ID}},
			{"ByNameZA", "?sort=-name", []int64{w.zoe.ID, w.ivo.ID}},
			{"MostAnswersFirst", "?sort=-n", []int64{w.zoe.ID, w.ivo.ID}},
			{"FewestAnswersFirst", "?sort=n", []int64{w.ivo.ID, w.zoe.ID}},
			{"ByNPS", "?sort=-nps", []int64{w.ivo.ID, w.zoe.ID}},
		} {
			t.Run(c.name, func(t *testing.T) {
				status, _, body := fetch(t, b["leader"], w.env.URL+board+c.query)
				if got := rowIDs(body); status != 200 || !slices.Equal(got, c.want) {
					t.Errorf("GET %s = %d with rows %v, want 200 with %v", board+c.query, status, got, c.want)
				}
			})
		}
		t.Run("OrgBesideWithItsChange", func(t *testing.T) {
			orgNow, err1 := w.env.Services.Scores.ScoreOrg(admin, win)
			orgThen, err2 := w.env.Services.Scores.ScoreOrg(admin, win.Previous())
			if err := cmp.Or(err1, err2); err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(api.NewChange(orgNow, orgThen, "en").Text, "+", "&#43;")
			_, _, body := fetch(t, b["leader"], w.env.URL+board)
			_, block, _ := strings.Cut(body, ">Org</dt>")
			block, _, _ = strings.Cut(block, "</div>")
			if !strings.Contains(block, `<span class="change-value">`+want+`</span>`) {
				t.Errorf("the org's figure beside the team's reads %q, want its change %s", block, want)
			}
		})
		weakest := weakestKey(report.Detail.Figures)
		newest, _, err := w.env.Services.Scores.FindResponses(admin, win, surveys.ResponseFilter{TeamIDs: []int64{w.sales.ID},
			Comments: true, Page: surveys.Page{Limit: 1}})
		if err != nil || len(newest) != 1 {
			t.Fatalf("the newest comment: %v, %v", newest, err)
		}
		zone, _ := time.LoadLocation("Pacific/Auckland")
		runRepPageCases(t, w.repWorld, b, []repPageCase{
			{"FiguresAndSubTeams", "leader", board, 200, []string{"Team board", "<h1>Sales</h1>", ">North<",
				"n = " + strconv.FormatInt(report.Detail.Figures.N, 10), `aria-sort="descending"`, "Response rate", "NPS"}, nil},
			{"DateInTheOrgsZone", "leader", board, 200, []string{`datetime="` + newest[0].SubmittedAt.In(zone).Format(time.DateOnly) + `"`}, nil},
			{"WeakestQuestion", "leader", board, 200, []string{"Weakest question", weakestLabel(weakest)}, nil},
			{"Downloads", "leader", board, 200, []string{
				fmt.Sprintf(`/reports/teams/%d.pdf?%s`, w.sales.ID, period),
				fmt.Sprintf(`/reports/teams/%d/cards.zip?%s`, w.sales.ID, period),
				fmt.Sprintf(`/reports/teams/%d/responses.csv?%s`, w.sales.ID, period)}, []string{"Admin console"}},
			{"AdminConsoleLink", "admin", board, 200, []string{`href="/app/admin"`}, nil},
			{"LeadersSeeWhoCommented", "leader", board, 200, []string{"Comments 1–3, newest first", unsharedBuyer + ", Secret Co", "not shown to the rep",
				fmt.Sprintf(`href="/app/reps/%d"`, w.zoe.ID)}, nil},
			{"MarkupIsText", "leader", board, 200, []string{"Ivo &lt;i&gt;Markup&lt;/i&gt; &#34;Quote&#34;",
				"great call 👍 &lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<i>Markup", "<script>alert"}},
			{"SortLinksKeepThePeriod", "leader", board + "?from=" + win.From.Format(time.DateOnly) + "&to=" + win.To.Format(time.DateOnly), 200,
				[]string{"?from=" + win.From.Format(time.DateOnly) + "&amp;sort=name&amp;to=" + win.To.Format(time.DateOnly) + "#board"}, nil},
			{"SubTeamBoard", "leader", fmt.Sprintf("/app/teams/%d", w.north.ID), 200, []string{"part of <a href=\"" + board + "\">Sales</a>", "Comments 1–1, newest first"},
				[]string{unsharedBuyer}},
			{"EmptyPeriod", "otherLeader", fmt.Sprintf("/app/teams/%d", w.other.ID), 200, []string{
				"No answers in this period yet — surveys go out 2 hours after a meeting the CRM reports.",
				"No buyer wrote a comment in this period.", "The weakest question shows once buyers have answered"}, nil},
			{"BadSort", "leader", board + "?sort=best", 422, []string{"sort: must be one of name, group, score, n, rate, nps, change"}, nil},
			{"BadPage", "leader", board + "?page=0", 422, []string{"page:"}, nil},
			{"BadPeriod", "leader", board + "?to=tomorrow", 422, []string{"to:"}, nil},
			{"NoSuchTeam", "admin", "/app/teams/999999", 404, nil, nil},
		})
	})
}

// weakestKey is the rating question with the lowest mean in f.
func weakestKey(f surveys.Figures) string {
	key, low := "", 6.0
	for k, q := range f.Questions {
		if q.N > 0 && q.Mean < low {
			key, low = k, q.Mean
		}
	}
	return key
}

// weakestLabel is how the board names question key.
func weakestLabel(key string) string {
	return map[string]string{surveys.QUnderstood: "Understood the need", surveys.QDiagnosed: "Asked before proposing",
		surveys.QInterest: "Put the buyer first", surveys.QPrepared: "Came prepared"}[key]
}

// The org board shows the teams a person may see side by side: every team
// for an admin, the led ones for a leader; /app sends each person where
// their role is for.
func TestOrgBoardContent(t *testing.T) {
	inBoardWorlds(t, "UTC", func(t *testing.T, w *boardWorld, b map[string]*http.Client, win surveys.Window) {
		runRepPageCases(t, w.repWorld, b, []repPageCase{
			{"AdminSeesEveryTeam", "admin", "/app/org", 200, []string{"Org board", ">Sales</a>", ">Other</a>", ">North</a>", "2 reps", `href="/app/admin"`,
				"/reports/org/cards.zip?from="}, nil},
			{"LeaderSeesTheirTeams", "leader", "/app/org", 200, []string{">Sales</a>", ">North</a>"}, []string{">Other</a>", `href="/app/admin"`}},
			{"AnotherCompanySeesNothingOfOurs", "stranger", "/app/org", 200, []string{"No teams yet"}, []string{"Sales"}},
			{"RepsHaveNoBoard", "zoe", "/app/org", 404, nil, []string{"Sales"}},
		})
		for who, want := range map[string]string{"admin": "/app/org", "leader": fmt.Sprintf("/app/teams/%d", w.sales.ID),
			"zoe": repPath(w.zoe, ""), "anonymous": "/signin"} {
			status, header, _ := fetch(t, b[who], w.env.URL+"/app")
			if status != http.StatusSeeOther || header.Get("Location") != want {
				t.Errorf("GET /app as %s = %d to %q, want 303 to %q", who, status, header.Get("Location"), want)
			}
		}
	})
}

// The responses CSV of a team holds every response of the period counted
// toward it and its sub-teams, a cell that starts like a formula made
// inert, who answered for leaders.
func TestTeamResponsesCSV(t *testing.T) {
	inBoardWorlds(t, "UTC", func(t *testing.T, w *boardWorld, b map[string]*http.Client, win surveys.Window) {
		path := fmt.Sprintf("/reports/teams/%d/responses.csv?from=%s&to=%s", w.sales.ID, win.From.Format(time.DateOnly), win.To.Format(time.DateOnly))
		status, header, body := fetch(t, b["leader"], w.env.URL+path)
		if status != 200 || !strings.HasPrefix(header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(header.Get("Content-Disposition"), fmt.Sprintf("team-%d-responses-", w.sales.ID)) {
			t.Fatalf("GET %s = %d, %v", path, status, header)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(rows)-1, zoeAnswersNow+2; got != want {
			t.Errorf("the CSV has %d responses, want %d (Zoë's and Ivo's in the period)", got, want)
		}
		if !strings.Contains(body, `'`+formulaComment[:10]) || strings.Contains(body, "\n"+formulaComment) || strings.Contains(body, ","+formulaComment) {
			t.Errorf("the formula comment is not neutralised:\n%s", body)
		}
		if !strings.Contains(body, unsharedBuyer) {
			t.Errorf("a leader's CSV does not say who answered")
		}
		if status, _, _ := fetch(t, b["leader"], w.env.URL+fmt.Sprintf("/reports/teams/%d/responses.csv?from=nope", w.sales.ID)); status != 422 {
			t.Errorf("a bad period = %d, want 422", status)
		}
	})
}
