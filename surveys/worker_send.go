package surveys

import (
	"context"
	"time"
)

// Outgoing is an invitation ready to be emailed, with all it needs.
type Outgoing struct {
	Org        *Org
	Invitation *Invitation
	Rep        *Rep
	Buyer      *Buyer
	Template   *TemplateVersion
	Token      string // the survey link's token, in clear
	Reminder   bool
}

// Outgoing returns, for each of jobs (invitations and reminders), what to
// send, or nil where there is nothing to send any more: the buyer opted out
// or bounced since (the invitation is then suppressed with the reason), or
// it was answered or expired; those jobs are finished. One transaction for
// the whole batch.
func (w *Worker) Outgoing(ctx context.Context, jobs []*Job) ([]*Outgoing, error) {
	var outs []*Outgoing
	err := w.inTx(ctx, func(tx workerStore) error {
		b, err := loadBatch(ctx, tx, jobs)
		if err != nil {
			return err
		}
		b.now = w.clock.Now()
		outs = make([]*Outgoing, len(jobs))
		var done []int64
		for i, job := range jobs {
			if outs[i], err = b.outgoing(ctx, tx, job); err != nil {
				return err
			}
			if outs[i] == nil {
				done = append(done, job.ID)
			}
		}
		return tx.FinishJob(ctx, w.clock.Now(), done...)
	})
	return outs, err
}

// outgoing is what job should send, or nil; it suppresses an invitation
// whose buyer may no longer be mailed.
func (b *batch) outgoing(ctx context.Context, tx workerStore, job *Job) (*Outgoing, error) {
	inv, buyer := b.invs[job.Ref], (*Buyer)(nil)
	if inv != nil {
		buyer = b.buyers[inv.BuyerID]
	}
	if inv == nil || buyer == nil {
		return nil, Errorf(ENOTFOUND, "", "invitation %d of job %d", job.Ref, job.ID)
	}
	wanted := inv.Status == InvitationScheduled
	if job.Kind == JobReminder {
		wanted = inv.Status == InvitationSent || inv.Status == InvitationOpened
	}
	if !wanted {
		return nil, nil // answered, expired or suppressed meanwhile
	}
	if reason := buyerReason(buyer); reason != "" {
		if job.Kind != JobInvitation {
			return nil, nil
		}
		inv.Status, inv.Reason = InvitationSuppressed, reason
		if err := tx.UpdateInvitation(ctx, inv); err != nil {
			return nil, err
		}
		return nil, emitSuppressed(ctx, tx, inv, b.now)
	}
	o := &Outgoing{Invitation: inv, Buyer: buyer, Reminder: job.Kind == JobReminder}
	var err error
	if o.Org, err = b.org(ctx, tx, inv.OrgID); err != nil {
		return nil, err
	}
	if o.Rep, err = b.rep(inv.RepID); err != nil {
		return nil, err
	}
	if o.Template, err = b.template(ctx, tx, inv.TemplateVersionID); err != nil {
		return nil, err
	}
	o.Token = InvitationToken(o.Org.Secret, inv.ID)
	return o, nil
}

// Sent is a job whose email, Out, the mail server accepted at At. Out is
// nil for an email that marks no invitation (a sign-in link, a test
// survey, a report): its job is done, and that is all.
type Sent struct {
	Job *Job
	Out *Outgoing
	At  time.Time
}

// MarkSent records, with the jobs done, that the mail server accepted
// their emails: each invitation is sent, its reminder queued and its expiry
// set; a reminder is no longer due. It writes from what Outgoing read, with
// a handful of statements for the whole batch, in one transaction.
func (w *Worker) MarkSent(ctx context.Context, sent []Sent) error {
	ids := make([]int64, len(sent))
	var invs []SentInvitation
	var reminded []int64
	for i, x := range sent {
		ids[i] = x.Job.ID
		if x.Out == nil {
			continue
		}
		if x.Out.Reminder {
			reminded = append(reminded, x.Out.Invitation.ID)
			continue
		}
		remind, expires := AfterSend(x.Out.Org.Settings.Delivery, x.Out.Buyer.TimeZone, x.At)
		invs = append(invs, SentInvitation{ID: x.Out.Invitation.ID, SentAt: x.At, RemindAt: remind, ExpiresAt: expires})
	}
	return w.inTx(ctx, func(tx workerStore) error {
		if err := tx.FinishJob(ctx, w.clock.Now(), ids...); err != nil {
			return err
		}
		if err := tx.ClearReminders(ctx, reminded); err != nil {
			return err
		}
		changed, err := tx.MarkInvitationsSent(ctx, invs)
		if err != nil {
			return err
		}
		deltas, next := followUps(sent, invs, changed)
		if err := tx.ApplyRollups(ctx, deltas); err != nil {
			return err
		}
		return tx.EnqueueJob(ctx, next...)
	})
}

// followUps are the rollup deltas and the reminder and expiry jobs of the
// invitations MarkSent changed.
func followUps(sent []Sent, invs []SentInvitation, changed []int64) ([]RollupDelta, []*Job) {
	byID := make(map[int64]SentInvitation, len(invs))
	for _, si := range invs {
		byID[si.ID] = si
	}
	isChanged := make(map[int64]bool, len(changed))
	for _, id := range changed {
		isChanged[id] = true
	}
	var deltas []RollupDelta
	var next []*Job
	for _, x := range sent {
		if x.Out == nil {
			continue
		}
		inv := x.Out.Invitation
		si, ok := byID[inv.ID]
		if !ok || !isChanged[inv.ID] {
			continue
		}
		sentInv := *inv
		sentInv.SentAt = si.SentAt
		deltas = append(deltas, SentDelta(&sentInv, x.Out.Org.Settings.TimeZone))
		next = append(next, &Job{OrgID: inv.OrgID, Kind: JobExpire, Ref: inv.ID, RunAt: si.ExpiresAt})
		if !si.RemindAt.IsZero() {
			next = append(next, &Job{OrgID: inv.OrgID, Kind: JobReminder, Ref: inv.ID, RunAt: si.RemindAt})
		}
	}
	return deltas, next
}

// Expire marks job's invitation expired, with the job done, unless it was
// answered, even at the same moment: answers already given stay, and no
// more are accepted.
func (w *Worker) Expire(ctx context.Context, job *Job) error {
	now := w.clock.Now()
	return w.inTx(ctx, func(tx workerStore) error {
		if err := tx.FinishJob(ctx, now, job.ID); err != nil {
			return err
		}
		_, err := tx.MoveInvitation(ctx, job.Ref, InvitationExpired, now, InvitationSent, InvitationOpened)
		return err
	})
}

// MarkBounced records, with the job done, that the mail server refused the
// buyer's address for good: the buyer is never mailed again.
func (w *Worker) MarkBounced(ctx context.Context, job *Job, at time.Time, reason string) error {
	return w.inTx(ctx, func(tx workerStore) error {
		inv, err := finishJob(ctx, tx, job, at)
		if err != nil {
			return err
		}
		if job.Kind == JobInvitation {
			inv.Status, inv.Reason = InvitationFailed, ReasonBounced
			if err := tx.UpdateInvitation(ctx, inv); err != nil {
				return err
			}
		}
		return tx.SetBuyerStatus(ctx, inv.OrgID, inv.BuyerID, BuyerBounced, at)
	})
}

// FailInvitation gives up on job's email for good, for a cause that is not
// the buyer's address (the email could not be built): the job fails with
// cause, and its invitation, if still scheduled, fails with ReasonError.
func (w *Worker) FailInvitation(ctx context.Context, job *Job, cause string) error {
	return w.inTx(ctx, func(tx workerStore) error {
		if err := tx.RetryJob(ctx, job.ID, cause, time.Time{}); err != nil {
			return err
		}
		inv, err := tx.FindInvitation(ctx, job.OrgID, job.Ref)
		if err != nil || job.Kind != JobInvitation || inv.Status != InvitationScheduled {
			return err
		}
		inv.Status, inv.Reason = InvitationFailed, ReasonError
		return tx.UpdateInvitation(ctx, inv)
	})
}

// finishJob marks job done, in tx, and returns its invitation.
func finishJob(ctx context.Context, tx workerStore, job *Job, at time.Time) (*Invitation, error) {
	if err := tx.FinishJob(ctx, at, job.ID); err != nil {
		return nil, err
	}
	return tx.FindInvitation(ctx, job.OrgID, job.Ref)
}

// buyerReason is why a buyer may not be mailed, or "".
func buyerReason(b *Buyer) string {
	switch {
	case !b.ErasedAt.IsZero() || b.Email == "":
		return ReasonErased
	case b.Status == BuyerComplained:
		return ReasonComplained
	case b.Status == BuyerBounced:
		return ReasonBounced
	case b.Status == BuyerUnsubscribed:
		return ReasonUnsubscribed
	}
	return ""
}
