package surveys

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Integrity is what admins do about the integrity of the scores: put a
// flagged response back into them, and exclude an interaction from
// surveying, on the record and within a cap.
type Integrity struct {
	clock Clock
	inTx  txRunner[integrityTxStore]
}

// integrityTxStore is what Integrity's transactions use.
type integrityTxStore interface {
	integrityStore
	OrgStore
	RollupStore
	AuditStore
	InteractionStore
	InvitationStore
	ExclusionStore
}

// ReinstateResponse puts a response that the org's rules excluded back
// into the scores; its flags stay on the record. Admins and keys with
// ScopeManage. ENOTFOUND, ECONFLICT (the response counts already).
func (s *Integrity) ReinstateResponse(ctx context.Context, id int64) (*Response, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *Response
	err = s.inTx(ctx, func(tx integrityTxStore) error {
		org, err := tx.LockOrg(ctx, a.OrgID)
		if err != nil {
			return err
		}
		sr, err := tx.FindScoredResponse(ctx, a.OrgID, id)
		if err != nil {
			return Errorf(ENOTFOUND, "id", "no response %d", id)
		}
		if len(sr.ExcludedBy) == 0 {
			return Errorf(ECONFLICT, "id", "response %d is not excluded: it counts in the scores already", id)
		}
		before := *sr.Response
		sr.Reinstated, sr.ExcludedBy = true, nil
		deltas, err := rescore(ctx, tx, org, &before, sr)
		if err != nil {
			return err
		}
		if err := tx.ApplyRollups(ctx, deltas); err != nil {
			return err
		}
		out = sr.Response
		return audit(ctx, tx, now, a, "response.reinstate", fmt.Sprintf("response:%d", id),
			"reinstated; it had been excluded as "+strings.Join(before.ExcludedBy, ", "))
	})
	return out, err
}

// InteractionExclusion is an admin's decision, with its reason, that an
// interaction's buyer is not to be surveyed.
type InteractionExclusion struct {
	ID            int64
	OrgID         int64
	InteractionID int64
	RepID         int64
	Reason        string
	Actor         string // who decided, as the audit log names them
	OccurredAt    time.Time
	CreatedAt     time.Time
}

// ExclusionCap is where a rep stands against the cap on excluded
// interactions in one calendar quarter.
type ExclusionCap struct {
	Quarter      string // e.g. "2026-Q4"
	Interactions int64  // the rep's interactions that occurred in the quarter
	Excluded     int64  // of them, excluded from surveying
	Percent      int    // the org's cap
	Allowed      int64  // ⌊Interactions × Percent / 100⌋
}

// ExclusionStore keeps interaction exclusions.
type ExclusionStore interface {
	// CreateInteractionExclusion records an exclusion. ECONFLICT when the
	// interaction is excluded already.
	CreateInteractionExclusion(ctx context.Context, e *InteractionExclusion) error
	// CountQuarter counts a rep's interactions that occurred in [from, to)
	// and how many of them are excluded.
	CountQuarter(ctx context.Context, orgID, repID int64, from, to time.Time) (interactions, excluded int64, err error)
}

// ReasonExcluded suppresses an invitation an admin excluded from surveying.
const ReasonExcluded = "excluded"

// MaxExclusionReasonLen bounds an exclusion's reason.
const MaxExclusionReasonLen = 500

// ExcludeInteraction keeps an interaction's buyer from being surveyed,
// before the survey is sent, for a reason that is kept on the record. Per
// rep and calendar quarter (of the interaction, in the org's time zone) at
// most the org's cap percent of the rep's interactions may be excluded.
// Admins and keys with ScopeManage. EINVALID (no reason), ENOTFOUND,
// ECONFLICT (already sent, not to be sent, or the cap reached).
func (s *Integrity) ExcludeInteraction(ctx context.Context, id int64, reason string) (*InteractionExclusion, *ExclusionCap, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, nil, err
	}
	if err := checkText("reason", &reason, MaxExclusionReasonLen, true, true); err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	var e *InteractionExclusion
	var quota *ExclusionCap
	err = s.inTx(ctx, func(tx integrityTxStore) error {
		org, err := tx.LockOrg(ctx, a.OrgID) // one admin's count at a time
		if err != nil {
			return err
		}
		in, inv, err := excludableInteraction(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		if quota, err = quarterCap(ctx, tx, org, in); err != nil {
			return err
		}
		if quota.Excluded+1 > quota.Allowed {
			return Errorf(ECONFLICT, "integrity.exclusion_cap_percent",
				"the cap on excluded interactions is reached: at most %d%% of a rep's interactions per quarter, %d of this rep's %d in %s, and %d are excluded",
				quota.Percent, quota.Allowed, quota.Interactions, quota.Quarter, quota.Excluded)
		}
		e = &InteractionExclusion{OrgID: a.OrgID, InteractionID: in.ID, RepID: in.RepID, Reason: reason, Actor: a.Name,
			OccurredAt: in.OccurredAt, CreatedAt: now}
		if err := tx.CreateInteractionExclusion(ctx, e); err != nil {
			return err
		}
		quota.Excluded++
		inv.Status, inv.Reason = InvitationSuppressed, ReasonExcluded
		if err := tx.UpdateInvitation(ctx, inv); err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "interaction.exclude", fmt.Sprintf("interaction:%d", in.ID),
			fmt.Sprintf("excluded from surveying (%d of %d allowed in %s): %s", quota.Excluded, quota.Allowed, quota.Quarter, reason))
	})
	return e, quota, err
}

// excludableInteraction returns an interaction whose survey is still to
// be sent, with its invitation.
func excludableInteraction(ctx context.Context, tx integrityTxStore, orgID, id int64) (*Interaction, *Invitation, error) {
	in, err := tx.FindInteraction(ctx, orgID, id)
	if err != nil {
		return nil, nil, Errorf(ENOTFOUND, "id", "no interaction %d", id)
	}
	inv, err := tx.FindInvitationByInteraction(ctx, in.ID)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case inv.Status == InvitationSuppressed && inv.Reason == ReasonExcluded:
		return nil, nil, Errorf(ECONFLICT, "id", "interaction %d is excluded already", id)
	case inv.Status == InvitationSuppressed:
		return nil, nil, Errorf(ECONFLICT, "id", "interaction %d is not to be surveyed anyway (%s)", id, inv.Reason)
	case inv.Status != InvitationScheduled:
		return nil, nil, Errorf(ECONFLICT, "id", "the survey of interaction %d was sent already: only an unsent survey may be excluded", id)
	}
	return in, inv, nil
}

// quarterCap counts the rep's interactions and exclusions in the calendar
// quarter of in.
func quarterCap(ctx context.Context, tx integrityTxStore, org *Org, in *Interaction) (*ExclusionCap, error) {
	t := in.OccurredAt.In(orgLocation(org.Settings.TimeZone))
	q := (int(t.Month()) - 1) / 3
	from := time.Date(t.Year(), time.Month(3*q+1), 1, 0, 0, 0, 0, t.Location())
	c := &ExclusionCap{Quarter: fmt.Sprintf("%d-Q%d", t.Year(), q+1), Percent: org.Settings.Integrity.ExclusionCapPercent}
	var err error
	c.Interactions, c.Excluded, err = tx.CountQuarter(ctx, org.ID, in.RepID, from, from.AddDate(0, 3, 0))
	c.Allowed = c.Interactions * int64(c.Percent) / 100
	return c, err
}
