package outbox

import (
	"context"
	"time"

	"trustcard/surveys"
)

// The recorder's backoff while the database is away: the first pause, and
// the longest.
const (
	recordRetryFirst = 100 * time.Millisecond
	recordRetryMax   = 2 * time.Second
)

// accepted hands the outcome of an email the mail server accepted to the
// recorder. It waits while the recorder holds Unrecorded outcomes already,
// so memory stays bounded and sending pauses until they are stored.
func (o *Outbox) accepted(sent chan<- surveys.Sent, x surveys.Sent) {
	o.waiting.Add(1)
	sent <- x
}

// recordAll stores the outcomes of accepted emails in the order they came,
// in batches: up to Batch at a time, and at least every flushEvery while
// they arrive. A batch the database cannot take now is kept and tried
// again, with backoff, until it is stored; the claimer pauses meanwhile.
func (o *Outbox) recordAll(sent <-chan surveys.Sent) {
	for x := range sent {
		batch := []surveys.Sent{x}
		flush := time.After(flushEvery)
	more:
		for len(batch) < max(1, o.opts.Batch) {
			select {
			case y, ok := <-sent:
				if !ok {
					break more
				}
				batch = append(batch, y)
			case <-flush:
				break more
			}
		}
		o.keep(context.Background(), batch)
	}
}

// flushEvery bounds how long an accepted email waits to be recorded.
const flushEvery = 50 * time.Millisecond

// keep stores batch, trying again with backoff while the database is
// unavailable, until it is stored or ctx ends; it returns how many
// outcomes it could not store.
func (o *Outbox) keep(ctx context.Context, batch []surveys.Sent) int {
	wait := recordRetryFirst
	for {
		left := o.markSent(ctx, batch)
		o.waiting.Add(-int64(len(batch) - len(left)))
		if len(left) == 0 {
			if o.waiting.Load() == 0 { // what waited while the database was away is stored too
				o.stalled.Store(false)
			}
			return 0
		}
		o.stalled.Store(true)
		o.counters.recordRetried.Inc()
		o.Logger.Warn("sent emails not recorded yet, will retry", "emails", len(left), "retry_in", wait)
		select {
		case <-ctx.Done():
			return len(left)
		case <-time.After(wait):
		}
		batch, wait = left, min(2*wait, recordRetryMax)
	}
}

// markSent records outcomes in one transaction; when the batch fails for
// another reason than the database being away, one at a time, so that one
// bad row cannot hold back the rest. It returns the outcomes the database
// could not take now, in order; one refused for another reason is logged
// and dropped.
func (o *Outbox) markSent(ctx context.Context, sent []surveys.Sent) []surveys.Sent {
	err := o.store(ctx, sent)
	if err == nil || len(sent) == 0 {
		return nil
	}
	if surveys.ErrorCode(err) == surveys.EUNAVAILABLE {
		return sent
	}
	var left []surveys.Sent
	for _, x := range sent {
		err := o.store(ctx, []surveys.Sent{x})
		if surveys.ErrorCode(err) == surveys.EUNAVAILABLE {
			left = append(left, x)
			continue
		}
		o.record(x.Job, err)
	}
	return left
}

// store records sent within the workers' database deadline.
func (o *Outbox) store(ctx context.Context, sent []surveys.Sent) error {
	if len(sent) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, o.dbTimeout())
	defer cancel()
	return o.Worker.MarkSent(ctx, sent)
}

// dbTimeout bounds each of the workers' database calls: a quarter of the
// lease, so that a claim, a read and a record fit in half of it.
func (o *Outbox) dbTimeout() time.Duration {
	return max(o.opts.Lease/4, time.Second)
}
