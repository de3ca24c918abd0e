package surveys

import "time"

// Response is a buyer's answers to one invitation.
type Response struct {
	ID           int64
	OrgID        int64
	InvitationID int64
	RepID        int64
	TeamID       int64
	BuyerID      int64 // zero once the buyer is erased
	Answers      map[string]int
	TrustValue   *float64 // nil: no trust item answered
	Comment      string
	ShareName    bool // the buyer agreed to show their name to the rep
	Provisional  bool // a rating tapped in the email, not yet sent with the form: kept, not counted
	Locale       string
	SubmittedAt  time.Time
	UpdatedAt    time.Time
	// Integrity (see Flags): the flags its checks raised, the ones that
	// took it out of the scores under the org's rules (empty: it counts),
	// whether an admin reinstated it, and the keyed hashes the checks
	// compare other responses with.
	Flags, ExcludedBy       []string
	Reinstated              bool
	ClientHash, CommentHash string
}
