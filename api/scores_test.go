package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// The list of every rep's figures is sorted as asked and paged, with the
// total; reps without responses come last.
func TestRepScoresSortedAndPaged(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			for _, r := range []struct{ ext, name string }{{"r-a", "Ann"}, {"r-b", "Bob"}, {"r-c", "Cid"}} {
				mustRep(t, env, key, r.ext, r.name, r.ext+"@example.com", http.StatusCreated)
			}
			for i := range 3 {
				mustAnswer(t, env, key, fmt.Sprint("a", i), "r-a", fmt.Sprint("ann-buyer", i), map[string]int{"understood": 2}, "")
				mustAnswer(t, env, key, fmt.Sprint("b", i), "r-b", fmt.Sprint("bob-buyer", i), map[string]int{"understood": 5}, "")
			}
			names := func(query string, wantTotal int) []string {
				t.Helper()
				var body struct {
					Reps []struct {
						Rep struct {
							Name string `json:"name"`
						} `json:"rep"`
					} `json:"reps"`
					Total, Offset, Limit int
				}
				env.MustDo(t, http.MethodGet, "/api/v1/scores/reps"+query, key, "", http.StatusOK, &body)
				if body.Total != wantTotal {
					t.Errorf("%s: total %d, want %d", query, body.Total, wantTotal)
				}
				var out []string
				for _, r := range body.Reps {
					out = append(out, r.Rep.Name)
				}
				return out
			}
			for _, tt := range []struct {
				query string
				want  []string
			}{
				{"", []string{"Bob", "Ann", "Cid"}},
				{"?limit=2", []string{"Bob", "Ann"}},
				{"?limit=2&offset=2", []string{"Cid"}},
				{"?offset=9", nil},
				{"?sort=score", []string{"Ann", "Bob", "Cid"}},
				{"?sort=name&limit=1&offset=1", []string{"Bob"}},
			} {
				if got := names(tt.query, 3); !slices.Equal(got, tt.want) {
					t.Errorf("%s: reps %q, want %q", tt.query, got, tt.want)
				}
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "UnknownSort", Method: "GET", Path: "/api/v1/scores/reps?sort=age", Key: key, WantStatus: 422, WantContains: []string{"sort"}},
				{Name: "ZeroLimit", Method: "GET", Path: "/api/v1/scores/reps?limit=0", Key: key, WantStatus: 422, WantContains: []string{"limit"}},
			})
		})
	}
}
