package surveys

import (
	"context"
	"errors"
	"time"
)

// InteractionQuery is what recording a new interaction looks up: the org,
// whether the external id is taken, the rep by external id or else by
// email, and the buyer, whom it stores.
type InteractionQuery struct {
	OrgID      int64
	ExternalID string
	RepRef     string // the rep's external id or email, as posted
	RepEmail   string // RepRef as an email address
	Buyer      *Buyer // stored by (org, email hash) as UpsertBuyer does
}

// InteractionFacts are what an InteractionRecorder read, in one snapshot.
type InteractionFacts struct {
	Org               *Org
	Taken             bool   // the org has an interaction with the external id
	Rep               *Rep   // nil: no rep has the reference
	Buyer             *Buyer // as stored
	TemplateVersionID int64  // the org's survey; 0: none yet
	InteractionID     int64  // reserved for the new interaction
	InvitationID      int64  // reserved for its invitation
}

// InteractionRows are what recording a new interaction writes: the
// interaction, its invitation and, unless the invitation is suppressed,
// the email's job and the buyer's throttle mark (the invitation's DueAt).
type InteractionRows struct {
	Interaction *Interaction
	Invitation  *Invitation
	Job         *Job // nil when suppressed
}

// InteractionRecorder is a store that records a new interaction in two
// round trips: RecordNewInteraction stores the buyer and reads the facts,
// lets decide plan the rows by the rules, and writes them, all in one
// transaction. An error from decide rolls everything back and is returned.
// A store that cannot returns ok false from QuickInteractions.
type InteractionRecorder interface {
	QuickInteractions() bool
	RecordNewInteraction(ctx context.Context, q InteractionQuery, decide func(*InteractionFacts) (*InteractionRows, error)) error
}

// errNotQuick sends an interaction down the general path: it was posted
// before, its org has no survey yet, it carries the rep's diagnosis or its
// outcome, or its invitation is suppressed.
var errNotQuick = errors.New("not a plain new interaction")

// recordQuickly records a new interaction through an InteractionRecorder,
// by the same rules as createInteraction. errNotQuick: use the general path.
func (d *Delivery) recordQuickly(ctx context.Context, r InteractionRecorder, orgID int64, n NewInteraction, now time.Time) (*InteractionResult, error) {
	if !r.QuickInteractions() || n.Diagnosis != nil || n.Outcome != "" {
		return nil, errNotQuick
	}
	b := n.Buyer
	b.OrgID, b.EmailHash, b.CreatedAt = orgID, EmailHash(b.Email), now
	q := InteractionQuery{OrgID: orgID, ExternalID: n.ExternalID, RepRef: n.Rep, RepEmail: NormalizeEmail(n.Rep), Buyer: &b}
	var res *InteractionResult
	err := r.RecordNewInteraction(ctx, q, func(f *InteractionFacts) (*InteractionRows, error) {
		switch {
		case f.Taken || f.TemplateVersionID == 0:
			return nil, errNotQuick
		case f.Rep == nil:
			return nil, Errorf(EINVALID, "rep", "no rep has the external_id or email %q", n.Rep)
		}
		var rows *InteractionRows
		if rows, res = planNew(f.Org, f.TemplateVersionID, f.Rep, f.Buyer, f.InteractionID, f.InvitationID, &n, now); rows == nil {
			return nil, errNotQuick
		}
		return rows, nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// planNew plans the new interaction n of rep for buyer b under the org's
// survey tvID, with the ids reserved for it and its invitation: its rows
// and result, or nil for both when its invitation is suppressed, an event
// for the org's webhooks, which the general path writes.
func planNew(org *Org, tvID int64, rep *Rep, b *Buyer, interactionID, invitationID int64, n *NewInteraction, now time.Time) (*InteractionRows, *InteractionResult) {
	in := &Interaction{ID: interactionID, OrgID: org.ID, ExternalID: n.ExternalID, RepID: rep.ID, TeamID: rep.TeamID,
		BuyerID: b.ID, Kind: n.Kind, OccurredAt: n.OccurredAt, BodyHash: n.bodyHash(), CreatedAt: now}
	inv := newInvitation(org, rep, b, in, tvID, now)
	inv.ID = invitationID
	if inv.Status == InvitationSuppressed {
		return nil, nil
	}
	inv.TokenHash = HashSecret(InvitationToken(org.Secret, inv.ID))
	rows := &InteractionRows{Interaction: in, Invitation: inv, Job: invitationJob(inv)}
	return rows, &InteractionResult{Interaction: in, Invitation: inv, Rep: rep, Created: true}
}
