package surveys

import (
	"context"
	"time"
)

// PromiseOutgoing is a promise follow-up ready to be emailed.
type PromiseOutgoing struct {
	Org      *Org
	FollowUp *PromiseFollowUp
	Rep      *Rep
	Buyer    *Buyer
	Token    string // the follow-up link's token, in clear
}

// PromiseOutgoing returns what a promise job should send, or nil when there
// is nothing to send, with the job then done: the follow-up is no longer
// scheduled, or is due later (it was scheduled again, with its own job);
// its interaction is no longer won (cancelled); or the buyer may not be
// mailed under the survey's delivery rules — unsubscribed, bounced,
// complained, erased, invited within the throttle, or the rep inactive
// (suppressed with that reason).
func (w *Worker) PromiseOutgoing(ctx context.Context, job *Job) (*PromiseOutgoing, error) {
	now := w.clock.Now()
	var out *PromiseOutgoing
	err := w.inTx(ctx, func(tx workerStore) error {
		o, err := promiseOutgoing(ctx, tx, job, now)
		if err != nil || o != nil {
			out = o
			return err
		}
		return tx.FinishJob(ctx, now, job.ID)
	})
	return out, err
}

// promiseOutgoing is PromiseOutgoing in tx; nil when the job is done.
func promiseOutgoing(ctx context.Context, tx workerStore, job *Job, now time.Time) (*PromiseOutgoing, error) {
	f, err := tx.FindPromiseFollowUp(ctx, job.OrgID, job.Ref)
	if err != nil {
		return nil, err
	}
	if f.Status != PromiseScheduled || f.DueAt.After(now) {
		return nil, nil
	}
	in, err := tx.FindInteraction(ctx, f.OrgID, f.InteractionID)
	if err != nil {
		return nil, err
	}
	if in.Outcome != OutcomeWon {
		f.Status = PromiseCancelled
		return nil, tx.UpdatePromiseFollowUp(ctx, f)
	}
	o := &PromiseOutgoing{FollowUp: f}
	if o.Org, err = tx.FindOrgByID(ctx, f.OrgID); err != nil {
		return nil, err
	}
	if o.Buyer, err = tx.FindBuyerByID(ctx, f.OrgID, f.BuyerID); err != nil {
		return nil, err
	}
	reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: f.OrgID, IDs: []int64{f.RepID}, Page: Page{Limit: -1}})
	if err != nil || len(reps) != 1 {
		return nil, Errorf(ENOTFOUND, "", "rep %d of follow-up %d: %v", f.RepID, f.ID, err)
	}
	o.Rep = reps[0]
	// The survey's rules, as of now: the follow-up is due now, and its
	// interaction's age does not matter.
	rules := o.Org.Settings.Delivery
	rules.DelayMinutes, rules.QuietHours, rules.MaxAgeDays = 0, false, 0
	if reason := PlanInvitation(rules, o.Rep, o.Buyer, now, now).Reason; reason != "" {
		f.Status, f.Reason = PromiseSuppressed, reason
		return nil, tx.UpdatePromiseFollowUp(ctx, f)
	}
	o.Token = PromiseToken(o.Org.Secret, f.ID)
	return o, nil
}

// MarkPromiseSent records, with the job done, that the mail server accepted
// o's email at at: the follow-up is sent, its link expires as a survey's
// does, and the buyer counts as invited for the throttle.
func (w *Worker) MarkPromiseSent(ctx context.Context, job *Job, o *PromiseOutgoing, at time.Time) error {
	return w.inTx(ctx, func(tx workerStore) error {
		if err := tx.FinishJob(ctx, w.clock.Now(), job.ID); err != nil {
			return err
		}
		f := o.FollowUp
		f.Status, f.SentAt = PromiseSent, at
		f.ExpiresAt = at.Add(time.Duration(o.Org.Settings.Delivery.ExpireAfterDays) * day).UTC()
		if err := tx.UpdatePromiseFollowUp(ctx, f); err != nil {
			return err
		}
		return tx.UpdateBuyerInvited(ctx, o.Buyer.ID, at)
	})
}

// FailPromise gives up on job's follow-up for good, failed with reason:
// ReasonError (the email could not be built) or ReasonBounced (the mail
// server refused the address for good: the buyer is never mailed again).
func (w *Worker) FailPromise(ctx context.Context, job *Job, reason, cause string) error {
	return w.inTx(ctx, func(tx workerStore) error {
		if err := tx.RetryJob(ctx, job.ID, cause, time.Time{}); err != nil {
			return err
		}
		f, err := tx.FindPromiseFollowUp(ctx, job.OrgID, job.Ref)
		if err != nil || f.Status != PromiseScheduled {
			return err
		}
		f.Status, f.Reason = PromiseFailed, reason
		if err := tx.UpdatePromiseFollowUp(ctx, f); err != nil || reason != ReasonBounced {
			return err
		}
		return tx.SetBuyerStatus(ctx, f.OrgID, f.BuyerID, BuyerBounced, w.clock.Now())
	})
}
