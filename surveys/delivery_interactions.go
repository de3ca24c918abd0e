package surveys

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// InteractionResult is what recording an interaction did.
type InteractionResult struct {
	Interaction *Interaction
	Invitation  *Invitation
	Rep         *Rep
	Created     bool // false: the same interaction was posted before
}

// RecordInteraction stores an interaction, its buyer and its invitation
// (scheduled or suppressed, with the reason) and queues the email, all in
// one transaction. Posting the same interaction again returns the first
// result. Needs ScopeInteractions. EINVALID, ECONFLICT (same external id,
// different body).
func (d *Delivery) RecordInteraction(ctx context.Context, n NewInteraction) (*InteractionResult, error) {
	a, err := authorize(ctx, ScopeInteractions)
	if err != nil {
		return nil, err
	}
	now := d.clock.Now()
	if err := n.Validate(now); err != nil {
		return nil, err
	}
	var res *InteractionResult
	err = retryConflicts(func() error {
		return d.inTx(ctx, func(tx deliveryStore) error {
			res, err = d.recordInteraction(ctx, tx, a.OrgID, n, now)
			return err
		})
	})
	return res, err
}

func (d *Delivery) recordInteraction(ctx context.Context, tx deliveryStore, orgID int64, n NewInteraction, now time.Time) (*InteractionResult, error) {
	hash := n.bodyHash()
	if prev, err := tx.FindInteractionByExternalID(ctx, orgID, n.ExternalID); err == nil {
		return repeated(ctx, tx, prev, hash)
	} else if ErrorCode(err) != ENOTFOUND {
		return nil, err
	}
	rep, err := findRepByRef(ctx, tx, orgID, n.Rep)
	if err != nil {
		return nil, err
	}
	org, err := tx.FindOrgByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	b := n.Buyer
	b.OrgID, b.EmailHash, b.CreatedAt = orgID, EmailHash(b.Email), now
	if err := tx.UpsertBuyer(ctx, &b); err != nil {
		return nil, err
	}
	in := &Interaction{OrgID: orgID, ExternalID: n.ExternalID, RepID: rep.ID, TeamID: rep.TeamID, BuyerID: b.ID,
		Kind: n.Kind, OccurredAt: n.OccurredAt, BodyHash: hash, CreatedAt: now}
	if err := tx.CreateInteraction(ctx, in); err != nil {
		return nil, err
	}
	inv, err := d.planInvitation(ctx, tx, org, rep, &b, in, now)
	if err != nil {
		return nil, err
	}
	return &InteractionResult{Interaction: in, Invitation: inv, Rep: rep, Created: true}, nil
}

// planInvitation creates the interaction's invitation and, unless it is
// suppressed, its email job and the buyer's throttle mark.
func (d *Delivery) planInvitation(ctx context.Context, tx deliveryStore, org *Org, rep *Rep, b *Buyer, in *Interaction, now time.Time) (*Invitation, error) {
	tv, err := currentTemplate(ctx, tx, org.ID, now, d.questionTexts)
	if err != nil {
		return nil, err
	}
	plan := PlanInvitation(org.Settings.Delivery, rep, b, in.OccurredAt, now)
	locale := b.Locale
	if locale == "" {
		locale = "en"
	}
	inv := &Invitation{OrgID: org.ID, InteractionID: in.ID, RepID: rep.ID, TeamID: in.TeamID, BuyerID: b.ID,
		TemplateVersionID: tv.ID, Status: InvitationScheduled, Locale: locale, DueAt: plan.DueAt, CreatedAt: now}
	if plan.Suppressed() {
		inv.Status, inv.Reason, inv.DueAt = InvitationSuppressed, plan.Reason, now
	}
	if err := tx.CreateInvitation(ctx, inv); err != nil {
		return nil, err
	}
	if plan.Suppressed() {
		return inv, nil
	}
	inv.TokenHash = HashSecret(InvitationToken(org.Secret, inv.ID))
	if err := tx.UpdateInvitation(ctx, inv); err != nil {
		return nil, err
	}
	if err := tx.UpdateBuyerInvited(ctx, b.ID, inv.DueAt); err != nil {
		return nil, err
	}
	return inv, tx.EnqueueJob(ctx, &Job{OrgID: org.ID, Kind: JobInvitation, Ref: inv.ID, RunAt: inv.DueAt})
}

// repeated answers a second post of an interaction: the first result when
// the body is the same, ECONFLICT when it differs.
func repeated(ctx context.Context, tx deliveryStore, prev *Interaction, hash string) (*InteractionResult, error) {
	if prev.BodyHash != hash {
		return nil, Errorf(ECONFLICT, "external_id", "interaction %q was posted before with a different body", prev.ExternalID)
	}
	inv, err := tx.FindInvitationByInteraction(ctx, prev.ID)
	if err != nil {
		return nil, err
	}
	reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: prev.OrgID, IDs: []int64{prev.RepID}, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 {
		return nil, fmt.Errorf("rep %d of interaction %d is missing", prev.RepID, prev.ID)
	}
	return &InteractionResult{Interaction: prev, Invitation: inv, Rep: reps[0]}, nil
}

// findRepByRef finds a rep by external id, else by email. EINVALID naming "rep".
func findRepByRef(ctx context.Context, tx repTeamLister, orgID int64, ref string) (*Rep, error) {
	reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: orgID, ExternalID: &ref, Page: Page{Limit: -1}})
	if err == nil && len(reps) == 0 {
		email := NormalizeEmail(ref)
		reps, _, err = tx.FindReps(ctx, RepFilter{OrgID: orgID, Email: &email, Page: Page{Limit: -1}})
	}
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 {
		return nil, Errorf(EINVALID, "rep", "no rep has the external_id or email %q", ref)
	}
	return reps[0], nil
}

// currentTemplate returns the org's survey, creating the default one,
// worded by texts, for an org that has none yet.
func currentTemplate(ctx context.Context, tx TemplateStore, orgID int64, now time.Time, texts QuestionTexts) (*TemplateVersion, error) {
	tv, err := tx.CurrentTemplateVersion(ctx, orgID)
	if ErrorCode(err) != ENOTFOUND {
		return tv, err
	}
	tv = &TemplateVersion{OrgID: orgID, Version: 1, Name: "Trust check", Questions: DefaultQuestions(texts), CreatedAt: now}
	return tv, tx.CreateTemplateVersion(ctx, tv)
}

// bodyHash identifies the posted content, to tell a repeat from a conflict.
func (n *NewInteraction) bodyHash() string {
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %q %q %q %q %q %s %q", n.ExternalID, n.Rep, n.Buyer.Email, n.Buyer.Name, n.Buyer.Company,
		n.Buyer.Locale, n.Buyer.TimeZone, n.OccurredAt.UTC().Format(time.RFC3339Nano), n.Kind)
	return hex.EncodeToString(h.Sum(nil))
}
