package outbox

import (
	"context"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// DefaultDigestEvery is how often the workers look for digests due.
const DefaultDigestEvery = time.Minute

// scheduleDigests queues the digests due, every DigestEvery until
// Shutdown: a digest goes out within that much of its hour.
func (o *Outbox) scheduleDigests() {
	every := o.opts.DigestEvery
	if every <= 0 {
		every = DefaultDigestEvery
	}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), o.dbTimeout())
		if err := o.Worker.ScheduleDigests(ctx); err != nil {
			o.Logger.Warn("scheduling digests failed, will retry", "err", err, "retry_in", every)
		}
		cancel()
		select {
		case <-o.stop:
			return
		case <-time.After(every):
		}
	}
}

// sendDigest emails a leader's digest, or finishes the job when there is
// no longer anyone to send it to.
func (o *Outbox) sendDigest(ctx context.Context, job *surveys.Job) (bool, error) {
	m, err := o.Worker.DigestMail(ctx, job)
	if err != nil {
		return false, err
	}
	if m == nil {
		return false, o.Worker.FinishJob(ctx, job)
	}
	msg, err := mail.Digest(m, o.opts.BaseURL)
	return o.deliver(ctx, job, msg, err)
}
