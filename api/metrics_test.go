package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// routeLabel finds every route label of a scrape.
var routeLabel = regexp.MustCompile(`route="([^"]*)"`)

// /metrics times each request under its route pattern: a survey link's
// token or a rep's id never becomes a label.
func TestMetrics(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			sm := mustSurveyMail(t, env, key, "i-1", "buyer@example.com", "en")
			r := mustRep(t, env, key, "crm-2", "Grace Hopper", "grace@example.com", http.StatusCreated)
			env.MustDo(t, http.MethodGet, "/s/"+sm.Token, "", "", http.StatusOK, nil)
			env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/reps/%d", r.ID), key, "", http.StatusOK, nil)
			env.MustDo(t, http.MethodGet, "/no/such/page", "", "", http.StatusNotFound, nil)

			res := env.MustDo(t, http.MethodGet, "/metrics", "", "", http.StatusOK, nil)
			body := string(res.Body)
			for _, want := range []string{
				"# TYPE trustcard_http_request_duration_seconds histogram",
				`trustcard_http_request_duration_seconds_count{method="GET",route="/s/:token",status="200"} 1`,
				`trustcard_http_request_duration_seconds_bucket{method="GET",route="/s/:token",status="200",le="+Inf"} 1`,
				`trustcard_http_request_duration_seconds_count{method="GET",route="/api/v1/reps/:id",status="200"} 1`,
				`trustcard_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("/metrics lacks %s", want)
				}
			}
			for _, secret := range []string{sm.Token, key, "/no/such/page"} {
				if strings.Contains(body, secret) {
					t.Errorf("/metrics shows %q", secret)
				}
			}
			patterns := map[string]bool{"unmatched": true}
			for _, rt := range env.Server.App.GetRoutes() {
				patterns[rt.Path] = true
			}
			for _, m := range routeLabel.FindAllStringSubmatch(body, -1) {
				if !patterns[m[1]] {
					t.Errorf("route label %q is no route pattern", m[1])
				}
			}
		})
	}
}

// Each server counts its own requests: two in one process share nothing.
func TestMetricsPerServer(t *testing.T) {
	a, b := apitest.MustStart(t, "sqlite"), apitest.MustStart(t, "sqlite")
	a.MustDo(t, http.MethodGet, "/healthz", "", "", http.StatusOK, nil)
	a.MustDo(t, http.MethodGet, "/healthz", "", "", http.StatusOK, nil)
	b.MustDo(t, http.MethodGet, "/healthz", "", "", http.StatusOK, nil)
	for _, tt := range []struct {
		env  *apitest.Env
		want string
	}{{a, "2"}, {b, "1"}} {
		body := string(tt.env.MustDo(t, http.MethodGet, "/metrics", "", "", http.StatusOK, nil).Body)
		want := `trustcard_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} ` + tt.want
		if !strings.Contains(body, want) {
			t.Errorf("%s/metrics lacks %s", tt.env.URL, want)
		}
	}
}
