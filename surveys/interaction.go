package surveys

import (
	"slices"
	"strings"
	"time"
)

// InteractionKinds are the kinds of sales interaction a CRM may post.
var InteractionKinds = []string{"meeting", "call", "demo", "deal_won", "deal_lost", "other"}

// Interaction is one meeting between a rep and a buyer, posted by a CRM.
type Interaction struct {
	ID         int64
	OrgID      int64
	ExternalID string // idempotency key; unique per org
	RepID      int64
	TeamID     int64 // the rep's team when it happened; scores count it there
	BuyerID    int64
	Kind       string
	OccurredAt time.Time
	BodyHash   string // of the request, to tell a repeat from a conflict
	CreatedAt  time.Time
	Outcome    string    // one of Outcomes, or "" until the CRM reports one
	OutcomeAt  time.Time // when Outcome was set; zero without one
}

// NewInteraction is what a CRM posts: the rep by external id or email, and
// the buyer by email.
type NewInteraction struct {
	ExternalID string
	Rep        string
	Buyer      Buyer
	OccurredAt time.Time
	Kind       string
	Diagnosis  *DiagnosisInput // nil: the CRM sent none
	Outcome    string          // optional: one of Outcomes
}

// Validate normalises and checks the posted fields; now bounds occurred_at.
func (n *NewInteraction) Validate(now time.Time) error {
	n.Buyer.Email = NormalizeEmail(n.Buyer.Email)
	for _, f := range []struct {
		field string
		s     *string
		max   int
		req   bool
	}{
		{"external_id", &n.ExternalID, 200, true},
		{"rep", &n.Rep, 254, true},
		{"buyer.name", &n.Buyer.Name, 200, false},
		{"buyer.company", &n.Buyer.Company, 200, false},
	} {
		if err := checkText(f.field, f.s, f.max, f.req, false); err != nil {
			return err
		}
	}
	switch {
	case !validEmail(n.Buyer.Email):
		return Errorf(EINVALID, "buyer.email", "must be an email address")
	case n.Buyer.Locale != "" && !validLocale(n.Buyer.Locale):
		return Errorf(EINVALID, "buyer.locale", "must be a language tag such as de or de-AT")
	case n.OccurredAt.IsZero():
		return Errorf(EINVALID, "occurred_at", "is required (RFC 3339)")
	case n.OccurredAt.After(now.Add(5 * time.Minute)):
		return Errorf(EINVALID, "occurred_at", "is in the future")
	case !slices.Contains(InteractionKinds, n.Kind):
		return Errorf(EINVALID, "kind", "must be one of %s", strings.Join(InteractionKinds, ", "))
	}
	if err := checkOutcome("outcome", n.Outcome, true); err != nil {
		return err
	}
	if n.Buyer.TimeZone != "" {
		if _, err := time.LoadLocation(n.Buyer.TimeZone); err != nil {
			return Errorf(EINVALID, "buyer.timezone", "%q is not an IANA time zone", n.Buyer.TimeZone)
		}
	}
	n.OccurredAt = n.OccurredAt.UTC()
	return nil
}
