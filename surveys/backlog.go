package surveys

import (
	"context"
	"time"
)

// Backlog is the delivery queue as operators watch it: how many jobs are
// due, and how long the longest-waiting of them has waited.
type Backlog struct {
	Due    int
	Oldest time.Duration // zero when nothing is due
}

// ReadBacklog reads the queue's backlog at now. It is for monitoring and
// takes no actor; it returns the store's errors (EUNAVAILABLE).
func ReadBacklog(ctx context.Context, jobs JobStore, now time.Time) (Backlog, error) {
	due, oldest, err := jobs.DueJobStats(ctx, now)
	if err != nil || due == 0 {
		return Backlog{}, err
	}
	return Backlog{Due: due, Oldest: now.Sub(oldest)}, nil
}
