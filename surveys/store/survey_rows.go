package store

import (
	"database/sql"
	"time"

	"trustcard/surveys"
)

type buyerRow struct {
	ID            int64
	OrgID         int64
	Email         sql.NullString
	EmailHash     string
	Name          string
	Company       string
	Locale        string
	TimeZone      string
	Status        string
	StatusAt      sql.NullTime
	LastInvitedAt sql.NullTime
	ErasedAt      sql.NullTime
	CreatedAt     time.Time
}

func (buyerRow) TableName() string { return "buyers" }

func (r *buyerRow) toBuyer() *surveys.Buyer {
	return &surveys.Buyer{ID: r.ID, OrgID: r.OrgID, Email: r.Email.String, EmailHash: r.EmailHash, Name: r.Name,
		Company: r.Company, Locale: r.Locale, TimeZone: r.TimeZone, Status: surveys.BuyerStatus(r.Status),
		LastInvitedAt: timeOf(r.LastInvitedAt), ErasedAt: timeOf(r.ErasedAt), CreatedAt: r.CreatedAt.UTC()}
}

type interactionRow struct {
	ID         int64
	OrgID      int64
	ExternalID string
	RepID      int64
	TeamID     sql.NullInt64
	BuyerID    int64
	Kind       string
	OccurredAt time.Time
	BodyHash   string
	CreatedAt  time.Time
	Outcome    string
	OutcomeAt  sql.NullTime
}

func (interactionRow) TableName() string { return "interactions" }

func (r *interactionRow) toInteraction() *surveys.Interaction {
	return &surveys.Interaction{ID: r.ID, OrgID: r.OrgID, ExternalID: r.ExternalID, RepID: r.RepID, TeamID: r.TeamID.Int64,
		BuyerID: r.BuyerID, Kind: r.Kind, OccurredAt: r.OccurredAt.UTC(), BodyHash: r.BodyHash, CreatedAt: r.CreatedAt.UTC(),
		Outcome: r.Outcome, OutcomeAt: timeOf(r.OutcomeAt)}
}

type invitationRow struct {
	ID                int64
	OrgID             int64
	InteractionID     int64
	RepID             int64
	TeamID            sql.NullInt64
	BuyerID           int64
	TemplateVersionID int64
	TokenHash         sql.NullString
	Status            string
	Reason            string
	Locale            string
	DueAt             time.Time
	SentAt            sql.NullTime
	OpenedAt          sql.NullTime
	AnsweredAt        sql.NullTime
	RemindAt          sql.NullTime
	ExpiresAt         sql.NullTime
	CreatedAt         time.Time
}

func (invitationRow) TableName() string { return "invitations" }

func newInvitationRow(i *surveys.Invitation) invitationRow {
	return invitationRow{ID: i.ID, OrgID: i.OrgID, InteractionID: i.InteractionID, RepID: i.RepID, TeamID: nullID(i.TeamID),
		BuyerID: i.BuyerID, TemplateVersionID: i.TemplateVersionID,
		TokenHash: sql.NullString{String: i.TokenHash, Valid: i.TokenHash != ""}, Status: string(i.Status),
		Reason: i.Reason, Locale: i.Locale, DueAt: i.DueAt.UTC(), SentAt: nullTime(i.SentAt), OpenedAt: nullTime(i.OpenedAt),
		AnsweredAt: nullTime(i.AnsweredAt), RemindAt: nullTime(i.RemindAt), ExpiresAt: nullTime(i.ExpiresAt),
		CreatedAt: i.CreatedAt.UTC()}
}

func (r *invitationRow) toInvitation() *surveys.Invitation {
	return &surveys.Invitation{ID: r.ID, OrgID: r.OrgID, InteractionID: r.InteractionID, RepID: r.RepID,
		TeamID: r.TeamID.Int64, BuyerID: r.BuyerID, TemplateVersionID: r.TemplateVersionID, TokenHash: r.TokenHash.String,
		Status: surveys.InvitationStatus(r.Status), Reason: r.Reason, Locale: r.Locale, DueAt: r.DueAt.UTC(),
		SentAt: timeOf(r.SentAt), OpenedAt: timeOf(r.OpenedAt), AnsweredAt: timeOf(r.AnsweredAt),
		RemindAt: timeOf(r.RemindAt), ExpiresAt: timeOf(r.ExpiresAt), CreatedAt: r.CreatedAt.UTC()}
}

type responseRow struct {
	ID           int64
	OrgID        int64
	InvitationID int64
	RepID        int64
	TeamID       sql.NullInt64
	BuyerID      sql.NullInt64
	TrustValue   sql.NullFloat64
	Comment      string
	ShareName    bool
	Locale       string
	Provisional  bool
	SubmittedAt  time.Time
	UpdatedAt    time.Time
	Flags        string // comma-separated (see surveys.Flags)
	ExcludedBy   string // comma-separated
	Reinstated   bool
	ClientHash   string
	CommentHash  string
}

func (responseRow) TableName() string { return "responses" }

type answerRow struct {
	ResponseID  int64  `gorm:"primaryKey;autoIncrement:false"`
	QuestionKey string `gorm:"primaryKey"`
	Value       int
}

func (answerRow) TableName() string { return "answers" }

type templateVersionRow struct {
	ID        int64
	OrgID     int64
	Version   int
	Name      string
	Questions string
	CreatedAt time.Time
}

func (templateVersionRow) TableName() string { return "template_versions" }

type jobRow struct {
	ID          int64
	OrgID       int64
	Kind        string
	RefID       int64
	Payload     string
	Status      string
	RunAt       time.Time
	Attempts    int
	LastError   string
	LockedUntil sql.NullTime
	DoneAt      sql.NullTime
	CreatedAt   time.Time
}

func (jobRow) TableName() string { return "jobs" }

func (r *jobRow) toJob() *surveys.Job {
	return &surveys.Job{ID: r.ID, OrgID: r.OrgID, Kind: r.Kind, Ref: r.RefID, Payload: r.Payload, RunAt: r.RunAt.UTC(), Attempts: r.Attempts, LastError: r.LastError}
}
