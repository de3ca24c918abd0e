package surveys

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// AuditEntry records who changed what, and the thing changed as it was
// before and after.
type AuditEntry struct {
	ID     int64
	OrgID  int64
	Actor  string // an email or "key:NAME"
	Action string // kind.verb, e.g. "rep.update"
	Target string // e.g. "rep:42"
	Detail string
	// Before and After are JSON objects of the changed thing's fields; ""
	// when it did not exist before, or for changes recorded without them.
	Before, After string
	CreatedAt     time.Time
}

// Kind is the kind of change: the part of the action before its dot.
func (e *AuditEntry) Kind() string {
	for i := range len(e.Action) {
		if e.Action[i] == '.' {
			return e.Action[:i]
		}
	}
	return e.Action
}

// AuditKinds are the kinds of change the audit log records.
var AuditKinds = []string{"apikey", "buyer", "interaction", "rep", "response", "settings", "sso", "survey", "team", "user"}

// AuditFilter selects audit entries; zero fields match anything.
type AuditFilter struct {
	OrgID int64
	Actor string // part of the actor's email or key name, any case
	Kind  string // one of AuditKinds
	// From and To are the first and last day (YYYY-MM-DD, in the org's time
	// zone), which the Directory turns into Since and Before for the store.
	From, To      string
	Since, Before time.Time // CreatedAt in [Since, Before)
	Page          Page
}

// bound reads the filter's kind and days, the days in loc. EINVALID names
// the field.
func (f *AuditFilter) bound(loc *time.Location) error {
	if f.Kind != "" && !slices.Contains(AuditKinds, f.Kind) {
		return Errorf(EINVALID, "kind", "must be one of %v", AuditKinds)
	}
	for _, d := range []struct {
		field, day string
		at         *time.Time
		days       int
	}{{"from", f.From, &f.Since, 0}, {"to", f.To, &f.Before, 1}} {
		if d.day == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.day, loc)
		if err != nil {
			return Errorf(EINVALID, d.field, "must be a date such as 2026-03-31")
		}
		*d.at = t.AddDate(0, 0, d.days)
	}
	if !f.Since.IsZero() && !f.Before.IsZero() && !f.Since.Before(f.Before) {
		return Errorf(EINVALID, "from", "must be on or before to")
	}
	return checkText("actor", &f.Actor, 254, false, false)
}

// AuditStore keeps the audit log.
type AuditStore interface {
	// AddAudit appends an entry to the audit log.
	AddAudit(ctx context.Context, e *AuditEntry) error
	// FindAuditEntries returns an org's matching entries, newest first,
	// and the total.
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
}

// audit records a change made by a at now, in the transaction tx of the
// change, without its states.
func audit(ctx context.Context, tx AuditStore, now time.Time, a *Actor, action, target, detail string) error {
	return auditChange(ctx, tx, now, a, action, target, detail, nil, nil)
}

// auditChange records a change made by a at now with the changed thing's
// state before and after (nil: none), in the transaction tx of the change.
func auditChange(ctx context.Context, tx AuditStore, now time.Time, a *Actor, action, target, detail string, before, after any) error {
	e := AuditEntry{OrgID: a.OrgID, Actor: a.Name, Action: action, Target: target, Detail: detail, CreatedAt: now}
	var err error
	if e.Before, err = stateJSON(before); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if e.After, err = stateJSON(after); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if err := tx.AddAudit(ctx, &e); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// stateJSON is v as the audit log keeps it; "" for nil.
func stateJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "", err
	}
	return string(b), nil
}
