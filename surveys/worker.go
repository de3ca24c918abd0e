package surveys

import (
	"context"
	"time"
)

// Worker is the background side of delivery: the queue of jobs, sending
// survey emails and recording what the mail server said, expiring links,
// the monthly report emails and the retention of buyers' data. Its methods
// are called by the workers (surveys/outbox), not on anyone's behalf: they
// take no actor.
type Worker struct {
	store  workerStore
	clock  Clock
	inTx   txRunner[workerStore]
	scores *Scores // the figures of monthly report emails
}

// workerStore is what the Worker reads and writes.
type workerStore interface {
	OrgStore
	repTeamLister
	UserStore
	BuyerStore
	InvitationStore
	TemplateStore
	JobStore
	RollupStore
	AlertStore
	DigestStore
	ResponseLister
	WebhookStore
	InteractionStore
	PromiseStore
}

// Now is the workers' time.
func (w *Worker) Now() time.Time { return w.clock.Now() }

// ClaimJobs leases up to limit due jobs for lease; a job whose lease runs
// out (its worker died) is claimed again. Concurrent workers never get the
// same job.
func (w *Worker) ClaimJobs(ctx context.Context, limit int, lease time.Duration) ([]*Job, error) {
	return w.store.ClaimJobs(ctx, w.clock.Now(), limit, lease)
}

// FinishJob marks a job done.
func (w *Worker) FinishJob(ctx context.Context, job *Job) error {
	return w.store.FinishJob(ctx, w.clock.Now(), job.ID)
}

// RetryJob records that job failed with cause and makes it due again at
// next; a zero next fails it for good.
func (w *Worker) RetryJob(ctx context.Context, job *Job, cause string, next time.Time) error {
	return w.store.RetryJob(ctx, job.ID, cause, next)
}

// ApplyRetention erases the personal data of buyers who answered more than
// each org's retention_days ago (orgs with 0 keep it), and returns how
// many buyers it erased.
func (w *Worker) ApplyRetention(ctx context.Context) (int, error) {
	ids, err := w.store.FindOrgIDs(ctx)
	if err != nil {
		return 0, err
	}
	erased := 0
	for _, id := range ids {
		org, err := w.store.FindOrgByID(ctx, id)
		if err != nil {
			return erased, err
		}
		if org.Settings.RetentionDays == 0 {
			continue
		}
		now := w.clock.Now()
		cutoff := now.AddDate(0, 0, -org.Settings.RetentionDays)
		err = w.inTx(ctx, func(tx workerStore) error {
			n, err := tx.EraseBuyersAnsweredBefore(ctx, id, cutoff, now)
			erased += n
			return err
		})
		if err != nil {
			return erased, err
		}
	}
	return erased, nil
}
