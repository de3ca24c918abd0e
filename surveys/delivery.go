package surveys

// Delivery is what the CRM posts and what became of it: interactions,
// their invitations (scheduled, sent, or suppressed with the reason), and
// the mail captured instead of sent in development. The sending itself is
// the Worker's.
type Delivery struct {
	store         deliveryStore
	clock         Clock
	inTx          txRunner[deliveryStore]
	questionTexts QuestionTexts // see Services.WordDefaultSurvey
}

// deliveryStore is what Delivery reads and writes.
type deliveryStore interface {
	OrgStore
	repTeamLister
	BuyerStore
	InteractionStore
	InvitationStore
	TemplateStore
	JobStore
	MailStore
	AuditStore
	InteractionLister
	WebhookStore
	DiagnosisStore
	ResponseStore
	RollupStore
	PromiseStore
}
