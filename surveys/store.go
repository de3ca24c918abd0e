package surveys

import "context"

// Store is everything the services keep. surveys/store implements it on
// PostgreSQL and SQLite; each service is given the part it needs.
type Store interface {
	OrgStore
	TeamStore
	RepStore
	UserStore
	APIKeyStore
	AuditStore
	BuyerStore
	InteractionStore
	InvitationStore
	ResponseStore
	TemplateStore
	JobStore
	MailStore
	RollupStore
	RollupReader
	RollupRebuildStore
	ResponseLister
	SessionStore
	ReportStore
	BaseURLStore
	SurveyDraftStore
	SSOStore
	AlertStore
	LogoStore
	UploadStore
	InteractionLister
	DigestStore
	WebhookStore
	IntegrityStore
	ExclusionStore
	DiagnosisStore
	PromiseStore

	// InTx runs fn with a Store whose every call is in one transaction:
	// committed when fn returns nil, rolled back otherwise.
	InTx(ctx context.Context, fn func(tx Store) error) error
}
