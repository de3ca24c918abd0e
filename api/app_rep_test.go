package api_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/reports/reporttest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// cardLink is the card's download link on a page.
var cardLink = regexp.MustCompile(`href="(/reports/reps/[^"]+)"`)

// browsers signs a browser in with each of w's tokens; "anonymous" is
// signed out.
func (w *repWorld) browsers(t *testing.T) map[string]*http.Client {
	t.Helper()
	out := map[string]*http.Client{"anonymous": newBrowser(t)}
	for who, token := range w.tokens {
		out[who] = newBrowser(t)
		if got, _ := visit(t, out[who], http.MethodPost, w.env.URL+"/signin/"+token, url.Values{}); got != http.StatusSeeOther {
			t.Fatalf("sign in %s = %d, want 303", who, got)
		}
	}
	return out
}

// fetch GETs u with c and returns the status, the headers and the body.
func fetch(t *testing.T, c *http.Client, u string) (int, http.Header, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// window is the org's default window, as an admin reads it.
func (w *repWorld) window(t *testing.T) surveys.Window {
	t.Helper()
	win, err := w.env.Services.Scores.ParseWindow(apitest.AsAdmin(context.Background(), w.env.Org), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return win
}

// inRepWorlds runs test on a repWorld of each driver, in time zone tz,
// with a browser signed in as each person and the default window.
func inRepWorlds(t *testing.T, tz string, test func(*testing.T, *repWorld, map[string]*http.Client, surveys.Window)) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := mustRepWorld(t, driver, tz)
			test(t, w, w.browsers(t), w.window(t))
		})
	}
}

// Who may open Zoë's page and the card it links to: the rep herself, a
// leader of her team and admins; for anyone else it is not there.
func TestRepPageAccess(t *testing.T) {
	inRepWorlds(t, "UTC", func(t *testing.T, w *repWorld, b map[string]*http.Client, win surveys.Window) {
		card := fmt.Sprintf("/reports/reps/%d.pdf?from=%s&to=%s", w.zoe.ID, win.From.Format(time.DateOnly), win.To.Format(time.DateOnly))
		for _, c := range []struct {
			who        string
			page, pdf  int
			location   string
			wantShowns bool
		}{
			{"admin", 200, 200, "", true}, {"leader", 200, 200, "", true}, {"zoe", 200, 200, "", true},
			{"otherLeader", 404, 404, "", false}, {"dima", 404, 404, "", false}, {"loner", 404, 404, "", false},
			{"stranger", 404, 404, "", false}, {"anonymous", 303, 401, "/signin?next=" + url.QueryEscape(repPath(w.zoe, "")), false},
		} {
			t.Run(c.who, func(t *testing.T) {
				status, header, body := fetch(t, b[c.who], w.env.URL+repPath(w.zoe, ""))
				if status != c.page || header.Get("Location") != c.location {
					t.Fatalf("GET the page = %d to %q, want %d to %q", status, header.Get("Location"), c.page, c.location)
				}
				link := card
				if c.wantShowns {
					m := cardLink.FindStringSubmatch(body)
					if m == nil || html.UnescapeString(m[1]) != card {
						t.Fatalf("the page links the card as %v, want %q", m, card)
					}
					link = html.UnescapeString(m[1])
				}
				if strings.Contains(body, "Zoë") != c.wantShowns {
					t.Errorf("the page names Zoë: %v, want %v", !c.wantShowns, c.wantShowns)
				}
				status, _, pdf := fetch(t, b[c.who], w.env.URL+link)
				if status != c.pdf {
					t.Fatalf("GET %s = %d, want %d", link, status, c.pdf)
				}
				if status == 200 && !strings.Contains(reporttest.MustText(t, []byte(pdf)), "Zoë Łukasiewicz") {
					t.Errorf("the card does not name Zoë")
				}
			})
		}
	})
}

// repPageCase is one request for a rep's page and what it must show.
type repPageCase struct {
	name, who, path string
	status          int
	want, wantNot   []string
}

func runRepPageCases(t *testing.T, w *repWorld, b map[string]*http.Client, cases []repPageCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := fetch(t, b[c.who], w.env.URL+c.path)
			if status != c.status {
				t.Errorf("GET %s as %s = %d, want %d", c.path, c.who, status, c.status)
			}
			for _, s := range c.want {
				if !strings.Contains(body, s) {
					t.Errorf("GET %s as %s: the page lacks %q", c.path, c.who, s)
				}
			}
			for _, s := range c.wantNot {
				if strings.Contains(body, s) {
					t.Errorf("GET %s as %s: the page shows %q", c.path, c.who, s)
				}
			}
			if t.Failed() {
				t.Logf("page:\n%s", body)
			}
		})
	}
}

// The rep's page shows the figures the domain computes for the window,
// their change since the previous period, and the answers: filtered,
// paged, with names only where the viewer may see them, every buyer's
// and rep's text escaped, dates in the org's time zone.
func TestRepPageContent(t *testing.T) {
	inRepWorlds(t, "Pacific/Auckland", func(t *testing.T, w *repWorld, b map[string]*http.Client, win surveys.Window) {
		admin := apitest.AsAdmin(context.Background(), w.env.Org)
		now, err := w.env.Services.Scores.ScoreRep(admin, w.zoe.ID, win)
		if err != nil {
			t.Fatal(err)
		}
		before, err := w.env.Services.Scores.ScoreRep(admin, w.zoe.ID, win.Previous())
		if err != nil {
			t.Fatal(err)
		}
		if !now.Figures.HasScore || !before.Figures.HasScore {
			t.Fatalf("Zoë's scores: now %+v, before %+v; want both", now.Figures, before.Figures)
		}
		newest, _, err := w.env.Services.Scores.FindResponses(admin, win, surveys.ResponseFilter{RepIDs: []int64{w.zoe.ID}, Page: surveys.Page{Limit: 1}})
		if err != nil || len(newest) != 1 {
			t.Fatalf("Zoë's newest answer: %v, %v", newest, err)
		}
		zone, _ := time.LoadLocation("Pacific/Auckland")
		zoe := repPath(w.zoe, "")
		runRepPageCases(t, w, b, []repPageCase{
			{"ScoreAndN", "zoe", zoe, 200, []string{
				`<p class="rep-score-value">` + strconv.FormatFloat(now.Figures.Score, 'f', 0, 64) + `</p>`,
				"n = " + strconv.FormatInt(now.Figures.N, 10),
				`<span class="change-value">` + strings.ReplaceAll(api.NewChange(now.Figures, before.Figures, "en").Text, "+", "&#43;") + `</span>`,
				"Team Sales", "Would recommend (NPS)", "Response rate", "surveys sent", "Strength"}, nil},
			{"DateInTheOrgsZone", "zoe", zoe, 200, []string{`datetime="` + newest[0].SubmittedAt.In(zone).Format(time.DateOnly) + `"`}, nil},
			{"FirstPage", "zoe", zoe, 200, []string{"Answers 1–20 of 21", "Older answers"}, []string{"Newer answers"}},
			{"SecondPage", "zoe", zoe + "?page=2", 200, []string{"Answers 21–21 of 21", "Newer answers"}, []string{"Older answers"}},
			{"LowRatings", "zoe", zoe + "?rating=low", 200, []string{"Answers 1–1 of 1", unsharedComment}, []string{hostileMarker}},
			{"HighOnAQuestion", "zoe", zoe + "?question=recommend&rating=high", 200, []string{"Answers 1–20 of 20"}, nil},
			{"WithComments", "zoe", zoe + "?comments=1", 200, []string{"Answers 1–2 of 2"}, nil},
			{"NoMatch", "zoe", zoe + "?question=prepared&rating=low", 200, []string{"No answers in this period match these filters."}, nil},
			{"PastTheLastPage", "zoe", zoe + "?page=9", 200, []string{"There are no answers on this page."}, nil},
			{"RepSeesSharedNamesOnly", "zoe", zoe, 200, []string{sharedBuyer + ", Shared Ltd", "Anonymous buyer"}, []string{unsharedBuyer, "Secret Co"}},
			{"LeaderSeesWhoAnswered", "leader", zoe + "?rating=low", 200, []string{unsharedBuyer + ", Secret Co", "not shown to the rep"}, nil},
			{"HostileCommentEscaped", "zoe", zoe, 200, []string{"great call 👍 &lt;script&gt;alert(1)&lt;/script&gt; \u202Eevil"}, []string{"<script>alert"}},
			{"HostileRepNameEscaped", "admin", repPath(w.loner, ""), 200, []string{"&#34;&gt;&lt;img src=x onerror=alert(1)&gt; José Müller"},
				[]string{"<img src=x", `"><img`}},
			{"NoTeam", "loner", repPath(w.loner, ""), 200, []string{"No team", "No buyer wrote a comment in this period"},
				[]string{`<th scope="col">Team</th>`, "Team Sales"}},
			{"LowConfidence", "loner", repPath(w.loner, ""), 200,
				[]string{"Only 2 answers so far — this score may still move a lot.", `<a href="/trust-score">`}, nil},
			{"NoAnswersYet", "admin", repPath(w.dima, ""), 200,
				[]string{"No answers in this period yet — surveys go out 2 hours after a meeting the CRM reports."}, []string{"rep-low"}},
			{"BadRating", "zoe", zoe + "?rating=mid", 422, []string{"rating: must be low or high"}, nil},
			{"BadQuestion", "zoe", zoe + "?question=nope", 422, []string{"question:"}, nil},
			{"BadPage", "zoe", zoe + "?page=0", 422, []string{"page:"}, nil},
			{"BadComments", "zoe", zoe + "?comments=yes", 422, []string{"comments:"}, nil},
			{"BadPeriod", "zoe", zoe + "?from=yesterday", 422, []string{"from:"}, nil},
			{"NoSuchRep", "admin", "/app/reps/999999", 404, nil, nil},
			{"NotAnID", "admin", "/app/reps/zoe", 404, nil, nil},
		})
	})
}

// hostileMarker is a part of the hostile comment, in any escaping.
const hostileMarker = "great call"
