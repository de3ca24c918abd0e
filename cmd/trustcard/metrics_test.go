package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"trustcard/surveys/store/storetest"
)

// The whole program serves the metrics worth alerting on: requests, the
// outbox and its backlog, the database pool, the Go runtime and the
// process.
func TestMetricsServed(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			m := mustRun(t, storetest.MustDSN(t, driver), false)
			mustGet(t, m.URL()+"/healthz", "")
			res, err := http.Get(m.URL() + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			if err != nil || res.StatusCode != http.StatusOK {
				t.Fatalf("GET /metrics = %d, %v", res.StatusCode, err)
			}
			for _, want := range []string{
				`trustcard_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1`,
				"\ntrustcard_outbox_due_jobs ", "\ntrustcard_outbox_oldest_due_seconds ", // the workers may be busy with the month's reports
				"\ntrustcard_outbox_sent_total ", "\ntrustcard_outbox_failed_total ",
				`go_sql_open_connections{db_name="trustcard"}`, `go_sql_in_use_connections{db_name="trustcard"}`,
				`go_sql_idle_connections{db_name="trustcard"}`, `go_sql_wait_count_total{db_name="trustcard"}`,
				`go_sql_wait_duration_seconds_total{db_name="trustcard"}`,
				"go_goroutines", "process_start_time_seconds",
			} {
				if !strings.Contains(string(body), want) {
					t.Errorf("/metrics lacks %q", want)
				}
			}
			if t.Failed() {
				t.Logf("/metrics:\n%s", body)
			}
		})
	}
}
