package surveys

import (
	"context"
	"fmt"
)

// OutcomeChange is what setting an interaction's outcome did.
type OutcomeChange struct {
	Interaction *Interaction
	From        string // the outcome before ("" for none)
	Changed     bool   // false: it already had this outcome
}

// outcomeState is an interaction's outcome as the audit log records it.
type outcomeState struct {
	Outcome string `json:"outcome"`
}

// SetOutcome records what became of interaction id, as the CRM reports it
// later: its answered survey moves to the figures of the new outcome, its
// promise follow-up is scheduled (won) or cancelled (no longer won, if not
// yet sent), and the change is audited with who, when, from and to. Setting
// the outcome it has changes nothing. Needs ScopeInteractions. EINVALID
// naming "outcome", ENOTFOUND (no such interaction in the actor's org).
func (d *Delivery) SetOutcome(ctx context.Context, id int64, outcome string) (*OutcomeChange, error) {
	a, err := authorize(ctx, ScopeInteractions)
	if err != nil {
		return nil, err
	}
	if err := checkOutcome("outcome", outcome, false); err != nil {
		return nil, err
	}
	now := d.clock.Now()
	var ch *OutcomeChange
	err = retryConflicts(func() error {
		return d.inTx(ctx, func(tx deliveryStore) error {
			in, err := tx.FindInteraction(ctx, a.OrgID, id)
			if ErrorCode(err) == ENOTFOUND {
				return Errorf(ENOTFOUND, "id", "no interaction %d", id)
			}
			if err != nil {
				return err
			}
			ch = &OutcomeChange{Interaction: in, From: in.Outcome}
			if in.Outcome == outcome {
				return nil
			}
			ch.Changed = true
			in.Outcome, in.OutcomeAt = outcome, now
			if err := tx.UpdateInteractionOutcome(ctx, in); err != nil {
				return err
			}
			if err := d.moveOutcome(ctx, tx, in, ch.From); err != nil {
				return err
			}
			return auditChange(ctx, tx, now, a, "interaction.outcome", fmt.Sprintf("interaction:%d", in.ID), in.ExternalID,
				outcomeState{ch.From}, outcomeState{outcome})
		})
	})
	return ch, err
}

// moveOutcome moves in's answered response from the figures of outcome
// from to those of in's, and schedules or cancels its follow-up.
func (d *Delivery) moveOutcome(ctx context.Context, tx deliveryStore, in *Interaction, from string) error {
	org, err := tx.FindOrgByID(ctx, in.OrgID)
	if err != nil {
		return err
	}
	if in.Outcome == OutcomeWon {
		b, err := tx.FindBuyerByID(ctx, in.OrgID, in.BuyerID)
		if err != nil {
			return err
		}
		if err := schedulePromise(ctx, tx, org, in, b); err != nil {
			return err
		}
	} else if err := cancelPromise(ctx, tx, in); err != nil {
		return err
	}
	inv, err := tx.FindInvitationByInteraction(ctx, in.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	r, err := tx.FindResponseByInvitation(ctx, inv.ID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && r.Provisional) {
		return nil // a provisional answer counts in no score
	}
	if err != nil {
		return err
	}
	tz := org.Settings.TimeZone
	deltas := append(outcomeDeltas(r, r.TrustValue, from, tz, -1), outcomeDeltas(r, r.TrustValue, in.Outcome, tz, 1)...)
	return tx.ApplyRollups(ctx, deltas)
}
