package surveys

import (
	"context"
	"strings"
	"time"
)

// Rep is a salesperson whose buyers are surveyed.
type Rep struct {
	ID         int64
	OrgID      int64
	ExternalID string // the CRM's id; unique per org
	Name       string
	Email      string
	TeamID     int64 // zero: no team
	Active     bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// FirstName is what the survey calls the rep.
func (r *Rep) FirstName() string {
	name := strings.TrimSpace(r.Name)
	if i := strings.IndexAny(name, " \t"); i > 0 {
		return name[:i]
	}
	return name
}

// Validate normalises and checks the rep's own fields.
func (r *Rep) Validate() error {
	r.Email = NormalizeEmail(r.Email)
	if err := checkText("external_id", &r.ExternalID, 200, true, false); err != nil {
		return err
	}
	if err := checkText("name", &r.Name, 200, true, false); err != nil {
		return err
	}
	if !validEmail(r.Email) {
		return Errorf(EINVALID, "email", "must be an email address")
	}
	return nil
}

// NormalizeEmail trims and lower-cases an address.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// RepFilter selects reps. Nil fields match anything.
type RepFilter struct {
	OrgID      int64
	IDs        []int64 // nil: any; empty: none
	TeamIDs    []int64 // nil: any; empty: none
	ExternalID *string
	Email      *string
	Active     *bool
	Search     string // part of the name, email or external id, any case
	Sort       string // "name" (default), "created_at", "external_id"
	Page       Page
}

// RepSorts are the accepted values of RepFilter.Sort.
var RepSorts = []string{"name", "-name", "created_at", "-created_at", "external_id", "-external_id"}

// RepStore keeps reps.
type RepStore interface {
	// UpsertRep creates the rep, or updates the one with the same external
	// id. created tells which. ECONFLICT when the email belongs to another rep.
	UpsertRep(ctx context.Context, r *Rep) (created bool, err error)
	// FindReps returns the matching reps and the total count.
	FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error)
	// SetRepActive activates or deactivates a rep. ENOTFOUND.
	SetRepActive(ctx context.Context, orgID, id int64, active bool) error
}
