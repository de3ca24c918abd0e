package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// The method page shows the worked example with the numbers the scoring
// code computes, and the home page and every score answer link to it.
func TestTrustScorePage(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ShowsWorkedExample", Method: "GET", Path: "/trust-score", WantStatus: 200,
					WantContains: []string{"How the trust score works", "447.92 / 6 = 74.65", "21.43 / √6 = 8.75", "2.0150",
						"74.65 ± 2.0150 × 8.75 = 57.03 to 92.28", "(6 × 74.65 + 5 × 64.00) / (6 + 5) = 69.81", "66.67",
						"mean 4.00, top-2 box 83%, n 6", "3 promoters − 1 detractors of 5 = 40.0"},
					WantHeader: map[string]string{"Content-Type": "text/html"}},
				{Name: "HomeLinksToIt", Method: "GET", Path: "/", WantStatus: 200, WantContains: []string{`href="/trust-score"`}},
			})
		})
	}
}

// trendPoint is a trend period as the API writes it.
type trendPoint struct {
	Month string   `json:"month"`
	Week  string   `json:"week"`
	N     int64    `json:"n"`
	Score *float64 `json:"score"`
}

func TestScoreTrends(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage, write := env.MustKey(t, surveys.ScopeManage), env.MustKey(t, surveys.ScopeInteractions)
			read := env.MustKey(t, surveys.ScopeRead)
			var team struct{ ID int64 }
			env.MustDo(t, http.MethodPost, "/api/v1/teams", manage, `{"name":"East"}`, http.StatusCreated, &team)
			var rep struct{ ID int64 }
			env.MustDo(t, http.MethodPost, "/api/v1/reps", manage, `{"external_id":"crm-1","name":"Ada","email":"ada@example.com","team":"East"}`, http.StatusCreated, &rep)
			mustAnswer(t, env, write, "i-1", "crm-1", "Bo", map[string]int{"understood": 5}, "")
			now := time.Now().In(time.UTC)
			monday := now.AddDate(0, 0, -(int(now.Weekday())+6)%7).Format(time.DateOnly)
			for _, path := range []string{fmt.Sprintf("/api/v1/scores/reps/%d", rep.ID), fmt.Sprintf("/api/v1/scores/teams/%d", team.ID)} {
				var body struct {
					HowURL      string       `json:"how_url"`
					Trend       []trendPoint `json:"trend"`
					WeeklyTrend []trendPoint `json:"weekly_trend"`
				}
				env.MustDo(t, http.MethodGet, path, read, "", http.StatusOK, &body)
				if body.HowURL != "/trust-score" || len(body.Trend) != 12 || len(body.WeeklyTrend) != 12 {
					t.Fatalf("%s: how_url %q, %d months, %d weeks; want /trust-score, 12, 12", path, body.HowURL, len(body.Trend), len(body.WeeklyTrend))
				}
				last, month := body.WeeklyTrend[11], body.Trend[11]
				if last.Week != monday || last.N != 1 || last.Score == nil || month.Month != now.Format("2006-01") || month.N != 1 {
					t.Errorf("%s: last week %+v, last month %+v; want the week of %s and this month, each n 1", path, last, month, monday)
				}
			}
			env.MustDo(t, http.MethodGet, "/api/v1/scores/org", read, "", http.StatusOK, nil)
		})
	}
}
