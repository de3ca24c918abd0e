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

// Outgoing returns what job should send, or nil when there is nothing to
// send any more: the buyer opted out or bounced since (the invitation is
// then suppressed with the reason), or it was answered or expired. It is
// for the delivery workers; it takes no actor.
func (s *Service) Outgoing(ctx context.Context, job *Job) (*Outgoing, error) {
	var out *Outgoing
	err := s.Store.InTx(ctx, func(tx Store) error {
		inv, err := tx.FindInvitation(ctx, job.OrgID, job.Ref)
		if err != nil {
			return err
		}
		wanted := InvitationScheduled
		if job.Kind == JobReminder {
			wanted = InvitationSent
		}
		if inv.Status != wanted && !(job.Kind == JobReminder && inv.Status == InvitationOpened) {
			return nil // answered, expired or suppressed meanwhile
		}
		o := &Outgoing{Invitation: inv, Reminder: job.Kind == JobReminder}
		if o.Org, err = tx.FindOrgByID(ctx, inv.OrgID); err != nil {
			return err
		}
		if o.Buyer, err = tx.FindBuyerByID(ctx, inv.OrgID, inv.BuyerID); err != nil {
			return err
		}
		if reason := buyerReason(o.Buyer); reason != "" {
			if job.Kind == JobInvitation {
				inv.Status, inv.Reason = InvitationSuppressed, reason
				return tx.UpdateInvitation(ctx, inv)
			}
			return nil
		}
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: inv.OrgID, IDs: []int64{inv.RepID}})
		if err != nil || len(reps) == 0 {
			return Errorf(ENOTFOUND, "", "rep %d of invitation %d: %v", inv.RepID, inv.ID, err)
		}
		o.Rep = reps[0]
		if o.Template, err = tx.FindTemplateVersion(ctx, inv.TemplateVersionID); err != nil {
			return err
		}
		o.Token = InvitationToken(o.Org.Secret, inv.ID)
		out = o
		return nil
	})
	return out, err
}

// MarkSent records, with the job done, that the mail server accepted job's
// email at `at`: the invitation is sent, its reminder queued and its
// expiry set.
func (s *Service) MarkSent(ctx context.Context, job *Job, at time.Time) error {
	return s.Store.InTx(ctx, func(tx Store) error {
		inv, err := finishJob(ctx, tx, job, at)
		if err != nil {
			return err
		}
		if job.Kind == JobReminder {
			inv.RemindAt = time.Time{}
			return tx.UpdateInvitation(ctx, inv)
		}
		org, err := tx.FindOrgByID(ctx, inv.OrgID)
		if err != nil {
			return err
		}
		b, err := tx.FindBuyerByID(ctx, inv.OrgID, inv.BuyerID)
		if err != nil {
			return err
		}
		inv.Status, inv.SentAt = InvitationSent, at
		inv.RemindAt, inv.ExpiresAt = AfterSend(org.Settings.Delivery, b.TimeZone, at)
		if err := tx.UpdateInvitation(ctx, inv); err != nil {
			return err
		}
		if err := tx.ApplyRollups(ctx, []RollupDelta{SentDelta(inv, org.Settings.TimeZone)}); err != nil {
			return err
		}
		if err := tx.EnqueueJob(ctx, &Job{OrgID: inv.OrgID, Kind: JobExpire, Ref: inv.ID, RunAt: inv.ExpiresAt}); err != nil {
			return err
		}
		if inv.RemindAt.IsZero() {
			return nil
		}
		return tx.EnqueueJob(ctx, &Job{OrgID: inv.OrgID, Kind: JobReminder, Ref: inv.ID, RunAt: inv.RemindAt})
	})
}

// Expire marks job's invitation expired, with the job done, unless it was
// answered: answers already given stay, and no more are accepted.
func (s *Service) Expire(ctx context.Context, job *Job) error {
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx Store) error {
		inv, err := finishJob(ctx, tx, job, now)
		if err != nil || (inv.Status != InvitationSent && inv.Status != InvitationOpened) {
			return err
		}
		inv.Status, inv.RemindAt = InvitationExpired, time.Time{}
		return tx.UpdateInvitation(ctx, inv)
	})
}

// MarkBounced records, with the job done, that the mail server refused the
// buyer's address for good: the buyer is never mailed again.
func (s *Service) MarkBounced(ctx context.Context, job *Job, at time.Time, reason string) error {
	return s.Store.InTx(ctx, func(tx Store) error {
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

// finishJob marks job done, in tx, and returns its invitation.
func finishJob(ctx context.Context, tx Store, job *Job, at time.Time) (*Invitation, error) {
	if err := tx.FinishJob(ctx, job.ID, at); err != nil {
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
