package api

import (
	"fmt"
	"strconv"
	"strings"

	"trustcard/surveys"
)

// newAlertsFigure is how fast a team's alerts opened in the period were
// followed up: the share resolved within the org's target, and the median
// hours to acknowledge and to resolve.
func newAlertsFigure(t surveys.AlertTiming) *figureView {
	v := &figureView{Label: "Alerts resolved on target", Value: "—"}
	if t.ShareWithinTarget != nil {
		v.Value = percent(*t.ShareWithinTarget)
	}
	if t.Opened == 0 {
		v.Detail = "No alerts opened in this period"
		return v
	}
	parts := []string{plural(int64(t.Opened), "alert", "alerts") + " opened"}
	if t.MedianHoursToAcknowledge != nil {
		parts = append(parts, "median "+hours(*t.MedianHoursToAcknowledge)+" to acknowledge")
	}
	if t.MedianHoursToResolve != nil {
		parts = append(parts, "median "+hours(*t.MedianHoursToResolve)+" to resolve")
	}
	if t.Measured > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d within the target of %s", t.WithinTarget, t.Measured,
			plural(int64(t.TargetWorkingDays), "working day", "working days")))
	}
	v.Detail = strings.Join(parts, " · ")
	return v
}

// hours is h to the tenth of an hour, as "3.5 h".
func hours(h float64) string { return strconv.FormatFloat(h, 'f', 1, 64) + " h" }
