package surveys

import (
	"context"
	"time"
)

// AuditEntry records who changed what.
type AuditEntry struct {
	ID        int64
	OrgID     int64
	Actor     string // an email or "key:NAME"
	Action    string // e.g. "rep.upsert"
	Target    string // e.g. "rep:42"
	Detail    string
	CreatedAt time.Time
}

// AuditStore keeps the audit log.
type AuditStore interface {
	// AddAudit appends an entry to the audit log.
	AddAudit(ctx context.Context, e *AuditEntry) error
	// FindAuditEntries returns an org's entries, newest first, and the total.
	FindAuditEntries(ctx context.Context, orgID int64, p Page) ([]*AuditEntry, int, error)
}
