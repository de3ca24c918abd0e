package surveys

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"
)

// InvitationStatus is where an invitation stands.
type InvitationStatus string

// Invitation statuses.
const (
	InvitationScheduled  InvitationStatus = "scheduled"  // waiting for DueAt
	InvitationSuppressed InvitationStatus = "suppressed" // never sent; Reason says why
	InvitationSent       InvitationStatus = "sent"
	InvitationOpened     InvitationStatus = "opened"
	InvitationAnswered   InvitationStatus = "answered"
	InvitationExpired    InvitationStatus = "expired"
	InvitationFailed     InvitationStatus = "failed" // not delivered; Reason says why
)

// Suppression reasons, recorded on suppressed invitations.
const (
	ReasonThrottled    = "throttled"    // the buyer was invited recently
	ReasonUnsubscribed = "unsubscribed" // the buyer opted out
	ReasonBounced      = "bounced"      // the address does not exist
	ReasonComplained   = "complained"   // the buyer reported spam
	ReasonRepInactive  = "rep_inactive" // the rep is deactivated
	ReasonStale        = "stale"        // the interaction is too old
	ReasonErased       = "erased"       // the buyer's data was erased
	ReasonError        = "error"        // the email could not be built; the job's error says why
)

// Invitation is the survey offered for one interaction: at most one each.
type Invitation struct {
	ID                int64
	OrgID             int64
	InteractionID     int64
	RepID             int64
	TeamID            int64
	BuyerID           int64
	TemplateVersionID int64
	TokenHash         string // the link's token, hashed
	Status            InvitationStatus
	Reason            string // for InvitationSuppressed
	Locale            string
	DueAt             time.Time
	SentAt            time.Time
	OpenedAt          time.Time
	AnsweredAt        time.Time
	RemindAt          time.Time // zero: no reminder pending
	ExpiresAt         time.Time
	CreatedAt         time.Time
}

// InvitationToken is the survey link's token for invitation id: an HMAC
// under the org's secret, so a resent email carries the same link while
// only its hash is stored.
func InvitationToken(secret string, id int64) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "invitation:%d", id)
	return "s" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Answerable reports whether the buyer may still answer at now.
func (inv *Invitation) Answerable(now time.Time) bool {
	switch inv.Status {
	case InvitationSent, InvitationOpened, InvitationAnswered: // expiry is checked by time, before the job runs
		return inv.ExpiresAt.IsZero() || now.Before(inv.ExpiresAt)
	}
	return false
}

// SentInvitation is a scheduled invitation the mail server accepted at
// SentAt, with its reminder (zero: none) and expiry times.
type SentInvitation struct {
	ID                          int64
	SentAt, RemindAt, ExpiresAt time.Time
}
