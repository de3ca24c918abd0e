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
	Created     bool       // false: the same interaction was posted before
	Diagnosis   *Diagnosis // nil: none
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
		if quick, ok := d.store.(InteractionRecorder); ok {
			if res, err = d.recordQuickly(ctx, quick, a.OrgID, n, now); err != errNotQuick {
				return err
			}
		}
		return d.inTx(ctx, func(tx deliveryStore) error {
			hash := n.bodyHash()
			if prev, err := tx.FindInteractionByExternalID(ctx, a.OrgID, n.ExternalID); err == nil {
				res, err = repeated(ctx, tx, prev, hash)
				return err
			} else if ErrorCode(err) != ENOTFOUND {
				return err
			}
			rec, err := d.newRecording(ctx, tx, a.OrgID, false)
			if err == nil {
				res, err = d.createInteraction(ctx, tx, rec, n, now)
			}
			return err
		})
	})
	return res, err
}

// recording is what recording interactions reads once however many are
// recorded: the org, the survey new invitations get, and, for an import,
// every rep.
type recording struct {
	org   *Org
	texts QuestionTexts    // the default survey's, for an org without a survey
	tv    *TemplateVersion // read (or created) at the first invitation
	reps  map[string]*Rep  // by "id:" external id and "email:" address; nil: looked up one by one
}

// newRecording reads what recording interactions of org orgID needs;
// allReps reads every rep at once, for an import.
func (d *Delivery) newRecording(ctx context.Context, tx deliveryStore, orgID int64, allReps bool) (*recording, error) {
	org, err := tx.FindOrgByID(ctx, orgID)
	if err != nil || !allReps {
		return &recording{org: org, texts: d.questionTexts}, err
	}
	reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: orgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	rec := &recording{org: org, texts: d.questionTexts, reps: make(map[string]*Rep, 2*len(reps))}
	for _, r := range reps {
		rec.reps["email:"+r.Email] = r
	}
	for _, r := range reps { // an external id wins over another rep's email
		rec.reps["id:"+r.ExternalID] = r
	}
	return rec, nil
}

// rep finds a rep by external id, else by email. EINVALID naming "rep".
func (rec *recording) rep(ctx context.Context, tx repTeamLister, ref string) (*Rep, error) {
	if rec.reps == nil {
		return findRepByRef(ctx, tx, rec.org.ID, ref)
	}
	if r := rec.reps["id:"+ref]; r != nil {
		return r, nil
	}
	if r := rec.reps["email:"+NormalizeEmail(ref)]; r != nil {
		return r, nil
	}
	return nil, Errorf(EINVALID, "rep", "no rep has the external_id or email %q", ref)
}

// createInteraction stores a new interaction, its buyer and its
// invitation, and queues the email.
func (d *Delivery) createInteraction(ctx context.Context, tx deliveryStore, rec *recording, n NewInteraction, now time.Time) (*InteractionResult, error) {
	rep, err := rec.rep(ctx, tx, n.Rep)
	if err != nil {
		return nil, err
	}
	b := n.Buyer
	b.OrgID, b.EmailHash, b.CreatedAt = rec.org.ID, EmailHash(b.Email), now
	if err := tx.UpsertBuyer(ctx, &b); err != nil {
		return nil, err
	}
	in := &Interaction{OrgID: rec.org.ID, ExternalID: n.ExternalID, RepID: rep.ID, TeamID: rep.TeamID, BuyerID: b.ID,
		Kind: n.Kind, OccurredAt: n.OccurredAt, BodyHash: n.bodyHash(), CreatedAt: now, Outcome: n.Outcome}
	if in.Outcome != "" {
		in.OutcomeAt = now
	}
	if err := tx.CreateInteraction(ctx, in); err != nil {
		return nil, err
	}
	diag, err := saveCRMDiagnosis(ctx, tx, rec.org, in, n.Diagnosis, now)
	if err != nil {
		return nil, err
	}
	inv, err := planInvitation(ctx, tx, rec, rep, &b, in, now)
	if err != nil {
		return nil, err
	}
	if err := schedulePromise(ctx, tx, rec.org, in, &b); err != nil {
		return nil, err
	}
	return &InteractionResult{Interaction: in, Invitation: inv, Rep: rep, Created: true, Diagnosis: diag}, nil
}

// planInvitation creates the interaction's invitation and, unless it is
// suppressed, its email job and the buyer's throttle mark.
func planInvitation(ctx context.Context, tx deliveryStore, rec *recording, rep *Rep, b *Buyer, in *Interaction, now time.Time) (*Invitation, error) {
	org := rec.org
	if rec.tv == nil {
		tv, err := currentTemplate(ctx, tx, org.ID, now, rec.texts)
		if err != nil {
			return nil, err
		}
		rec.tv = tv
	}
	inv := newInvitation(org, rep, b, in, rec.tv.ID, now)
	if err := tx.CreateInvitation(ctx, inv); err != nil {
		return nil, err
	}
	if inv.Status == InvitationSuppressed {
		return inv, emitSuppressed(ctx, tx, inv, now)
	}
	inv.TokenHash = HashSecret(InvitationToken(org.Secret, inv.ID))
	if err := tx.UpdateInvitation(ctx, inv); err != nil {
		return nil, err
	}
	if err := tx.UpdateBuyerInvited(ctx, b.ID, inv.DueAt); err != nil {
		return nil, err
	}
	return inv, tx.EnqueueJob(ctx, invitationJob(inv))
}

// newInvitation is the invitation of a new interaction by the org's
// delivery rules: scheduled, or suppressed with the reason. It has no id
// and no token yet.
func newInvitation(org *Org, rep *Rep, b *Buyer, in *Interaction, templateVersionID int64, now time.Time) *Invitation {
	plan := PlanInvitation(org.Settings.Delivery, rep, b, in.OccurredAt, now)
	locale := b.Locale
	if locale == "" {
		locale = "en"
	}
	inv := &Invitation{OrgID: org.ID, InteractionID: in.ID, RepID: rep.ID, TeamID: in.TeamID, BuyerID: b.ID,
		TemplateVersionID: templateVersionID, Status: InvitationScheduled, Locale: locale, DueAt: plan.DueAt, CreatedAt: now}
	if plan.Suppressed() {
		inv.Status, inv.Reason, inv.DueAt = InvitationSuppressed, plan.Reason, now
	}
	return inv
}

// invitationJob is the job that sends a scheduled invitation.
func invitationJob(inv *Invitation) *Job {
	return &Job{OrgID: inv.OrgID, Kind: JobInvitation, Ref: inv.ID, RunAt: inv.DueAt}
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
	diag, err := findDiagnosis(ctx, tx, prev)
	if err != nil {
		return nil, err
	}
	return &InteractionResult{Interaction: prev, Invitation: inv, Rep: reps[0], Diagnosis: diag}, nil
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
	if d := n.Diagnosis; d != nil { // only then: the hashes of interactions without one stay as they were
		fmt.Fprintf(h, " diagnosis %q %q", d.Category, d.Note)
	}
	if n.Outcome != "" { // bodies posted without one keep the hash they had
		fmt.Fprintf(h, " %q", n.Outcome)
	}
	return hex.EncodeToString(h.Sum(nil))
}
