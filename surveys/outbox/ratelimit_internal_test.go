package outbox

import (
	"slices"
	"testing"
	"time"
)

// An org's bucket lets a second's worth of emails go at once, then one
// every 60/send_per_minute seconds; a changed setting changes its rate, and
// each org has its own. Reservations are made at fixed instants, so no clock is
// read.
func TestLimitsFor(t *testing.T) {
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	turns := func(l *limits, org int64, perMinute, n int) []time.Duration {
		var got []time.Duration
		for range n {
			got = append(got, l.For(org, perMinute).ReserveN(t0, 1).DelayFrom(t0))
		}
		return got
	}
	var l limits
	if got, want := turns(&l, 1, 60, 3), []time.Duration{0, time.Second, 2 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("60 a minute: turns %v, want %v", got, want)
	}
	if got, want := turns(&l, 2, 600, 11)[9:], []time.Duration{0, 100 * time.Millisecond}; !slices.Equal(got, want) {
		t.Errorf("600 a minute: the 10th and 11th turns %v, want %v", got, want)
	}
	if b := l.For(1, 120); b != l.For(1, 120) || b.Limit() != 2 {
		t.Errorf("60 then 120 a minute: %v a second, want the same bucket at 2", b.Limit())
	}
	if got, want := turns(&l, 3, 1, 2), []time.Duration{0, time.Minute}; !slices.Equal(got, want) {
		t.Errorf("1 a minute: turns %v, want %v", got, want)
	}
}
