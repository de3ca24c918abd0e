package surveys

import "context"

// Store is everything the Service keeps. surveys/store implements it on
// PostgreSQL and SQLite.
type Store interface {
	OrgStore
	TeamStore
	RepStore
	UserStore
	APIKeyStore
	AuditStore
	SurveyStore
	JobStore
	MailStore
	RollupStore
	RollupReader
	RollupRebuildStore
	ResponseLister
	SessionStore
	ReportStore

	// InTx runs fn with a Store whose every call is in one transaction:
	// committed when fn returns nil, rolled back otherwise.
	InTx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit appends an entry to the audit log.
	AddAudit(ctx context.Context, e *AuditEntry) error
	// Ping reports whether the database answers. EUNAVAILABLE.
	Ping(ctx context.Context) error
}
