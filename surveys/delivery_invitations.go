package surveys

import (
	"context"
	"slices"
)

// InvitationFilter selects invitations.
type InvitationFilter struct {
	OrgID   int64
	Status  *InvitationStatus
	RepIDs  []int64 // nil: any
	TeamIDs []int64 // nil: any
	Page    Page
}

// InvitationStatuses lists every status, for validation.
var InvitationStatuses = []InvitationStatus{InvitationScheduled, InvitationSuppressed, InvitationSent,
	InvitationOpened, InvitationAnswered, InvitationExpired, InvitationFailed}

// FindInteraction returns an interaction and its invitation, if the actor
// may see the rep. Needs ScopeRead. ENOTFOUND.
func (d *Delivery) FindInteraction(ctx context.Context, id int64) (*InteractionResult, error) {
	_, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	in, err := d.store.FindInteraction(ctx, v.OrgID, id)
	if err != nil {
		return nil, err
	}
	rep, err := findRep(ctx, d.store, v, in.RepID)
	if err != nil {
		return nil, Errorf(ENOTFOUND, "id", "no interaction %d", id)
	}
	inv, err := d.store.FindInvitationByInteraction(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	diag, err := findDiagnosis(ctx, d.store, in)
	if err != nil {
		return nil, err
	}
	return &InteractionResult{Interaction: in, Invitation: inv, Rep: rep, Diagnosis: diag}, nil
}

// FindInvitations lists invitations of the reps the actor may see, newest
// first. Needs ScopeRead. EINVALID on an unknown status.
func (d *Delivery) FindInvitations(ctx context.Context, f InvitationFilter) ([]*Invitation, int, error) {
	_, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	if f.Status != nil && !slices.Contains(InvitationStatuses, *f.Status) {
		return nil, 0, Errorf(EINVALID, "status", "unknown status %q", *f.Status)
	}
	f = v.Invitations(f)
	f.Page = f.Page.Normalize()
	return d.store.FindInvitations(ctx, f)
}
