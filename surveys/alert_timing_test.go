package surveys

import (
	"testing"
	"time"
)

// Working days skip Saturday and Sunday in the org's zone, keeping the
// local clock time across a change to summer time.
func TestAddWorkingDays(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		from time.Time
		days int
		want time.Time
	}{
		{"WithinWeek", time.Date(2026, 3, 2, 9, 0, 0, 0, berlin), 2, time.Date(2026, 3, 4, 9, 0, 0, 0, berlin)},
		{"FridayOverWeekend", time.Date(2026, 3, 6, 17, 0, 0, 0, berlin), 2, time.Date(2026, 3, 10, 17, 0, 0, 0, berlin)},
		{"SaturdayStartsMonday", time.Date(2026, 3, 7, 10, 0, 0, 0, berlin), 1, time.Date(2026, 3, 9, 10, 0, 0, 0, berlin)},
		{"AcrossSummerTime", time.Date(2026, 3, 27, 9, 0, 0, 0, berlin), 1, time.Date(2026, 3, 30, 9, 0, 0, 0, berlin)},
		// 23:30 UTC on Friday is already Saturday in Berlin.
		{"ZoneDecidesTheDay", time.Date(2026, 3, 6, 23, 30, 0, 0, time.UTC), 1, time.Date(2026, 3, 9, 0, 30, 0, 0, berlin)},
	}
	for _, c := range cases {
		if got := addWorkingDays(c.from, c.days, berlin); !got.Equal(c.want) {
			t.Errorf("%s: %v + %d working days = %v; want %v", c.name, c.from, c.days, got, c.want)
		}
	}
}

// With no alerts there is nothing to measure; an alert resolved exactly at
// its target counts within it.
func TestAlertTimingEdges(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	if got := alertTiming(nil, time.UTC, 2, now); got.Opened != 0 || got.MedianHoursToAcknowledge != nil ||
		got.MedianHoursToResolve != nil || got.ShareWithinTarget != nil {
		t.Errorf("no alerts: %+v; want nothing measured", got)
	}
	opened := time.Date(2026, 3, 13, 12, 0, 0, 0, time.UTC) // a Friday
	due := time.Date(2026, 3, 17, 12, 0, 0, 0, time.UTC)
	a := &Alert{OpenedAt: opened, Steps: []AlertStep{{To: AlertAcknowledged, At: opened.Add(time.Hour)}, {To: AlertResolved, At: due}}}
	got := alertTiming([]*Alert{a}, time.UTC, 2, now)
	if got.ShareWithinTarget == nil || *got.ShareWithinTarget != 1 || *got.MedianHoursToResolve != 96 || *got.MedianHoursToAcknowledge != 1 {
		t.Errorf("resolved at its target: %+v", got)
	}
}
