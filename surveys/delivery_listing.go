package surveys

import (
	"context"
	"time"
)

// InteractionListing is one interaction as the list of recent ones shows
// it: who met whom, and what became of its survey.
type InteractionListing struct {
	Interaction
	RepName          string
	RepExternalID    string
	BuyerEmail       string // "" once the buyer is erased
	InvitationStatus InvitationStatus
	Reason           string // why it was suppressed or failed
	DueAt            time.Time
}

// InteractionFilter selects interactions for the list.
type InteractionFilter struct {
	OrgID   int64
	Query   string  // part of the buyer's email, the rep's name, email or external id, or the interaction's external id
	RepIDs  []int64 // nil: any
	TeamIDs []int64 // nil: any
	Page    Page
}

// InteractionLister lists interactions with their reps, buyers and
// invitations.
type InteractionLister interface {
	// FindInteractionListings returns the matching interactions, newest
	// first, and the total.
	FindInteractionListings(ctx context.Context, f InteractionFilter) ([]*InteractionListing, int, error)
}

// FindInteractions lists the interactions of the reps the actor may see,
// newest first, with their invitations' state. Needs ScopeRead.
func (d *Delivery) FindInteractions(ctx context.Context, f InteractionFilter) ([]*InteractionListing, int, error) {
	_, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	inv := v.Invitations(InvitationFilter{RepIDs: f.RepIDs, TeamIDs: f.TeamIDs})
	f.OrgID, f.RepIDs, f.TeamIDs = inv.OrgID, inv.RepIDs, inv.TeamIDs
	f.Page = f.Page.Normalize()
	return d.store.FindInteractionListings(ctx, f)
}
