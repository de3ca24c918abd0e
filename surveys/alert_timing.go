package surveys

import (
	"context"
	"slices"
	"time"
)

// DefaultTargetWorkingDays is a new org's target for resolving an alert.
const DefaultTargetWorkingDays = 2

// AlertTiming is how fast the alerts opened in a window were followed up.
// A median or share is nil when there is nothing to measure.
type AlertTiming struct {
	Opened, Acknowledged, Resolved int
	MedianHoursToAcknowledge       *float64
	MedianHoursToResolve           *float64
	// ShareWithinTarget is the share of the alerts resolved within the
	// org's target, of those resolved or past their target unresolved.
	ShareWithinTarget *float64
	// Measured and WithinTarget are the share's counts: the alerts
	// resolved or past their target, and those resolved within it.
	Measured, WithinTarget int
	TargetWorkingDays      int // the org's target the share is measured against
}

// alertTiming measures alerts against a target of days working days
// (Monday to Friday in loc), as of now.
func alertTiming(alerts []*Alert, loc *time.Location, days int, now time.Time) AlertTiming {
	t := AlertTiming{Opened: len(alerts), TargetWorkingDays: days}
	var toAck, toResolve []float64
	measured, within := 0, 0
	for _, a := range alerts {
		if at := a.StepAt(AlertAcknowledged); !at.IsZero() {
			t.Acknowledged++
			toAck = append(toAck, at.Sub(a.OpenedAt).Hours())
		}
		due := addWorkingDays(a.OpenedAt, days, loc)
		if at := a.StepAt(AlertResolved); !at.IsZero() {
			t.Resolved++
			toResolve = append(toResolve, at.Sub(a.OpenedAt).Hours())
			measured++
			if !at.After(due) {
				within++
			}
		} else if now.After(due) {
			measured++
		}
	}
	t.MedianHoursToAcknowledge, t.MedianHoursToResolve = medianOf(toAck), medianOf(toResolve)
	t.Measured, t.WithinTarget = measured, within
	if measured > 0 {
		share := float64(within) / float64(measured)
		t.ShareWithinTarget = &share
	}
	return t
}

// addWorkingDays is t plus days working days in loc: the same clock time
// on the days-th following Monday-to-Friday day.
func addWorkingDays(t time.Time, days int, loc *time.Location) time.Time {
	t = t.In(loc)
	for days > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days--
		}
	}
	return t
}

// medianOf is the median of xs, or nil for none.
func medianOf(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + m) / 2
	}
	return &m
}

// alertTimingOf measures the alerts v sees of f opened in w, in org's
// time zone and against its target.
func alertTimingOf(ctx context.Context, st AlertStore, v *Visibility, org *Org, f AlertFilter, w Window, now time.Time) (AlertTiming, error) {
	loc := orgLocation(org.Settings.TimeZone)
	f.OrgID = org.ID
	f.OpenedFrom = time.Date(w.From.Year(), w.From.Month(), w.From.Day(), 0, 0, 0, 0, loc)
	f.OpenedBefore = time.Date(w.To.Year(), w.To.Month(), w.To.Day()+1, 0, 0, 0, 0, loc)
	f.Page = Page{Limit: -1}
	alerts, _, err := st.FindAlerts(ctx, v.Alerts(f))
	if err != nil {
		return AlertTiming{}, err
	}
	return alertTiming(alerts, loc, org.Settings.Alerts.TargetWorkingDays, now), nil
}
