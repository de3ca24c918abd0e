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
func (s *Service) FindInteraction(ctx context.Context, id int64) (*InteractionResult, error) {
	a, err := s.authorize(ctx, ScopeRead)
	if err != nil {
		return nil, err
	}
	in, err := s.Store.FindInteraction(ctx, a.OrgID, id)
	if err != nil {
		return nil, err
	}
	rep, err := s.FindRepByID(ctx, in.RepID) // ENOTFOUND when not the actor's
	if err != nil {
		return nil, Errorf(ENOTFOUND, "id", "no interaction %d", id)
	}
	inv, err := s.Store.FindInvitationByInteraction(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &InteractionResult{Interaction: in, Invitation: inv, Rep: rep}, nil
}

// FindInvitations lists invitations of the reps the actor may see, newest
// first. Needs ScopeRead. EINVALID on an unknown status.
func (s *Service) FindInvitations(ctx context.Context, f InvitationFilter) ([]*Invitation, int, error) {
	a, err := s.authorize(ctx, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	if f.Status != nil && !slices.Contains(InvitationStatuses, *f.Status) {
		return nil, 0, Errorf(EINVALID, "status", "unknown status %q", *f.Status)
	}
	f.OrgID, f.Page = a.OrgID, f.Page.Normalize()
	if !a.IsKey() && a.Role == RoleRep {
		f.RepIDs = []int64{a.RepID}
	} else if teams, err := s.visibleTeams(ctx, a); err != nil {
		return nil, 0, err
	} else if teams != nil {
		f.TeamIDs = teams
	}
	return s.Store.FindInvitations(ctx, f)
}
