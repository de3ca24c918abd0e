package surveys

import (
	"context"
	"time"
)

// BuyerStore keeps buyers.
type BuyerStore interface {
	// UpsertBuyer stores b by (org, EmailHash), updating the contact
	// fields given, and sets b to the stored buyer.
	UpsertBuyer(ctx context.Context, b *Buyer) error
	// UpdateBuyerInvited records when b was last invited.
	UpdateBuyerInvited(ctx context.Context, id int64, at time.Time) error
	// SetBuyerStatus records that a buyer unsubscribed, bounced or complained.
	SetBuyerStatus(ctx context.Context, orgID, id int64, st BuyerStatus, at time.Time) error
	// EraseBuyer clears a buyer's personal data and unlinks their
	// responses, keeping the email hash; it returns the buyer's id. ENOTFOUND.
	EraseBuyer(ctx context.Context, orgID int64, emailHash string, at time.Time) (int64, error)
	// EraseBuyersAnsweredBefore erases (as EraseBuyer) every buyer with a
	// response submitted before cutoff, and returns how many.
	EraseBuyersAnsweredBefore(ctx context.Context, orgID int64, cutoff, now time.Time) (int, error)
	// FindBuyerByID returns a buyer. ENOTFOUND.
	FindBuyerByID(ctx context.Context, orgID, id int64) (*Buyer, error)
	// FindBuyersByID returns the buyers of ids, of any org; unknown ids are left out.
	FindBuyersByID(ctx context.Context, ids []int64) ([]*Buyer, error)
}

// InteractionStore keeps interactions.
type InteractionStore interface {
	// CreateInteraction stores an interaction. ECONFLICT on a known external id.
	CreateInteraction(ctx context.Context, i *Interaction) error
	// FindInteraction returns an interaction by id. ENOTFOUND.
	FindInteraction(ctx context.Context, orgID, id int64) (*Interaction, error)
	// FindInteractionByExternalID returns an interaction. ENOTFOUND.
	FindInteractionByExternalID(ctx context.Context, orgID int64, externalID string) (*Interaction, error)
	// UpdateInteractionOutcome writes an interaction's outcome and its time.
	UpdateInteractionOutcome(ctx context.Context, i *Interaction) error
}

// InvitationStore keeps invitations.
type InvitationStore interface {
	// CreateInvitation stores an invitation and sets its ID.
	CreateInvitation(ctx context.Context, inv *Invitation) error
	// UpdateInvitation writes an invitation's status, reason, token hash and times.
	UpdateInvitation(ctx context.Context, inv *Invitation) error
	// FindInvitation returns an invitation by id (orgID zero: any org). ENOTFOUND.
	FindInvitation(ctx context.Context, orgID, id int64) (*Invitation, error)
	// MarkInvitationsSent records that scheduled invitations were sent
	// and returns the ids of those still scheduled, now sent.
	MarkInvitationsSent(ctx context.Context, sent []SentInvitation) ([]int64, error)
	// MoveInvitation moves invitation id to status to from any of the
	// statuses from, in one statement, and reports whether it moved: a
	// concurrent change (an answer) wins. Opening sets opened_at to at;
	// expiring clears the reminder.
	MoveInvitation(ctx context.Context, id int64, to InvitationStatus, at time.Time, from ...InvitationStatus) (bool, error)
	// ClearReminders records that the invitations' reminders went out.
	ClearReminders(ctx context.Context, ids []int64) error
	// FindInvitationsByID returns the invitations of ids, of any org;
	// unknown ids are left out.
	FindInvitationsByID(ctx context.Context, ids []int64) ([]*Invitation, error)
	// FindInvitationByInteraction returns the interaction's invitation. ENOTFOUND.
	FindInvitationByInteraction(ctx context.Context, interactionID int64) (*Invitation, error)
	// FindInvitations returns matching invitations, newest first, and the total.
	FindInvitations(ctx context.Context, f InvitationFilter) ([]*Invitation, int, error)
	// FindInvitationByToken returns the invitation with that token hash. ENOTFOUND.
	FindInvitationByToken(ctx context.Context, tokenHash string) (*Invitation, error)
}

// ResponseStore keeps responses.
type ResponseStore interface {
	// SaveResponse creates the response r with its answers, or replaces
	// the one with r.ID.
	SaveResponse(ctx context.Context, r *Response, trust *float64) error
	// FindResponseByInvitation returns an invitation's response. ENOTFOUND.
	FindResponseByInvitation(ctx context.Context, invitationID int64) (*Response, error)
}

// TemplateStore keeps the versions of each org's survey.
type TemplateStore interface {
	// CreateTemplateVersion stores a new version of the org's survey.
	CreateTemplateVersion(ctx context.Context, v *TemplateVersion) error
	// CurrentTemplateVersion returns the org's newest survey version. ENOTFOUND.
	CurrentTemplateVersion(ctx context.Context, orgID int64) (*TemplateVersion, error)
	// FindTemplateVersion returns one version. ENOTFOUND.
	FindTemplateVersion(ctx context.Context, id int64) (*TemplateVersion, error)
}
