package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"trustcard/reports"
	"trustcard/surveys"
)

// A team report says how fast its alerts were followed up, and says so
// when none opened.
func TestTeamReportAlerts(t *testing.T) {
	ack, resolve, share := 2.25, 30.0, 0.5
	for _, c := range []struct {
		name   string
		timing surveys.AlertTiming
		want   []string
	}{
		{"None", surveys.AlertTiming{TargetWorkingDays: 2}, []string{"Alerts on target", "none opened"}},
		{"Measured", surveys.AlertTiming{Opened: 3, Acknowledged: 2, Resolved: 1, MedianHoursToAcknowledge: &ack,
			MedianHoursToResolve: &resolve, ShareWithinTarget: &share, Measured: 2, WithinTarget: 1, TargetWorkingDays: 1},
			[]string{"50% Alerts on target 1 of 2 within 1 working day", "2.2 h / 30.0 h", "3 opened, 2 acknowledged, 1 resolved"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := teamReport(3)
			r.Detail.Alerts = c.timing
			var buf bytes.Buffer
			if err := reports.TeamReport(&buf, r); err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
			mustContain(t, text, c.want...)
			if c.timing.Opened == 0 && strings.Contains(text, "Median to ack") {
				t.Error("a report without alerts shows medians")
			}
		})
	}
}
