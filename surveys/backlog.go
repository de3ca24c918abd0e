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

// Backlog reads the queue's backlog now, for monitoring. EUNAVAILABLE.
func (w *Worker) Backlog(ctx context.Context) (Backlog, error) {
	now := w.clock.Now()
	due, oldest, err := w.store.DueJobStats(ctx, now)
	if err != nil || due == 0 {
		return Backlog{}, err
	}
	return Backlog{Due: due, Oldest: now.Sub(oldest)}, nil
}
