package outbox

import (
	"sync"

	"golang.org/x/time/rate"
)

// limits holds one token bucket per org, sized by the org's
// send_per_minute setting. Each process keeps its own: N worker processes
// may together send up to N times the rate.
type limits struct {
	mu      sync.Mutex
	buckets map[int64]*rate.Limiter
}

// For returns the org's limiter, resized when the setting has changed.
func (l *limits) For(orgID int64, perMinute int) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[int64]*rate.Limiter{}
	}
	every := rate.Limit(float64(max(1, perMinute)) / 60)
	b := l.buckets[orgID]
	if b == nil {
		b = rate.NewLimiter(every, max(1, perMinute/60)) // a second's worth at once
		l.buckets[orgID] = b
	} else if b.Limit() != every {
		b.SetLimit(every)
	}
	return b
}
