package reports

import (
	"fmt"
	"strings"

	"trustcard/surveys"
)

// alertRows draws how fast the alerts opened in the window were followed
// up: the share resolved within the org's target, with its counts, and
// the median hours to acknowledge and to resolve.
func (p *page) alertRows(x, w float64, t surveys.AlertTiming) {
	share, target := "–", "none opened"
	if t.ShareWithinTarget != nil {
		share = pct(*t.ShareWithinTarget)
	}
	if t.Opened > 0 {
		target = fmt.Sprintf("%d of %d within %s", t.WithinTarget, t.Measured, workingDays(t.TargetWorkingDays))
	}
	p.figureRow(x, w, "Alerts on target", share, target)
	if t.Opened == 0 {
		return
	}
	medians := []string{medianHours(t.MedianHoursToAcknowledge), medianHours(t.MedianHoursToResolve)}
	p.figureRow(x, w, "Median to ack / resolve", strings.Join(medians, " / "),
		fmt.Sprintf("%d opened, %d acknowledged, %d resolved", t.Opened, t.Acknowledged, t.Resolved))
}

// medianHours is a median as "3.5 h", or "–" without one.
func medianHours(h *float64) string {
	if h == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f h", *h)
}

// workingDays is "1 working day" or "2 working days".
func workingDays(n int) string {
	if n == 1 {
		return "1 working day"
	}
	return fmt.Sprintf("%d working days", n)
}
