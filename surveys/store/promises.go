package store

import (
	"context"
	"database/sql"
	"time"

	"trustcard/surveys"
)

// promiseRow is a row of promise_followups.
type promiseRow struct {
	ID            int64
	OrgID         int64
	InteractionID int64
	RepID         int64
	TeamID        sql.NullInt64
	BuyerID       int64
	TokenHash     sql.NullString
	Status        string
	Reason        string
	Locale        string
	DueAt         time.Time
	SentAt        sql.NullTime
	ExpiresAt     sql.NullTime
	AnsweredAt    sql.NullTime
	Accurate      int
	Fits          int
	CreatedAt     time.Time
}

func (promiseRow) TableName() string { return "promise_followups" }

func newPromiseRow(f *surveys.PromiseFollowUp) promiseRow {
	return promiseRow{ID: f.ID, OrgID: f.OrgID, InteractionID: f.InteractionID, RepID: f.RepID, TeamID: nullID(f.TeamID),
		BuyerID: f.BuyerID, TokenHash: sql.NullString{String: f.TokenHash, Valid: f.TokenHash != ""}, Status: f.Status,
		Reason: f.Reason, Locale: f.Locale, DueAt: f.DueAt.UTC(), SentAt: nullTime(f.SentAt), ExpiresAt: nullTime(f.ExpiresAt),
		AnsweredAt: nullTime(f.AnsweredAt), Accurate: f.Accurate, Fits: f.Fits, CreatedAt: f.CreatedAt.UTC()}
}

func (r *promiseRow) toPromise() *surveys.PromiseFollowUp {
	return &surveys.PromiseFollowUp{ID: r.ID, OrgID: r.OrgID, InteractionID: r.InteractionID, RepID: r.RepID,
		TeamID: r.TeamID.Int64, BuyerID: r.BuyerID, TokenHash: r.TokenHash.String, Status: r.Status, Reason: r.Reason,
		Locale: r.Locale, DueAt: r.DueAt.UTC(), SentAt: timeOf(r.SentAt), ExpiresAt: timeOf(r.ExpiresAt),
		AnsweredAt: timeOf(r.AnsweredAt), Accurate: r.Accurate, Fits: r.Fits, CreatedAt: r.CreatedAt.UTC()}
}

// CreatePromiseFollowUp stores f and sets its ID.
func (db *DB) CreatePromiseFollowUp(ctx context.Context, f *surveys.PromiseFollowUp) error {
	row := newPromiseRow(f)
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return conflictOn(translate("create promise follow-up", err), "id", "interaction %d has a follow-up", f.InteractionID)
	}
	f.ID = row.ID
	return nil
}

// UpdatePromiseFollowUp writes f's status, reason, token hash, times and answers.
func (db *DB) UpdatePromiseFollowUp(ctx context.Context, f *surveys.PromiseFollowUp) error {
	row := newPromiseRow(f)
	err := db.q(ctx).Model(&row).Select("token_hash", "status", "reason", "due_at", "sent_at", "expires_at",
		"answered_at", "accurate", "fits").Updates(&row).Error
	return translate("update promise follow-up", err)
}

func (db *DB) findPromise(ctx context.Context, query string, args ...any) (*surveys.PromiseFollowUp, error) {
	var row promiseRow
	if err := db.q(ctx).Where(query, args...).Take(&row).Error; err != nil {
		return nil, translate("find promise follow-up", err)
	}
	return row.toPromise(), nil
}

// FindPromiseFollowUp returns a follow-up by id; orgID zero means any org.
func (db *DB) FindPromiseFollowUp(ctx context.Context, orgID, id int64) (*surveys.PromiseFollowUp, error) {
	if orgID == 0 {
		return db.findPromise(ctx, "id = ?", id)
	}
	return db.findPromise(ctx, "org_id = ? AND id = ?", orgID, id)
}

// FindPromiseByInteraction returns an interaction's follow-up.
func (db *DB) FindPromiseByInteraction(ctx context.Context, interactionID int64) (*surveys.PromiseFollowUp, error) {
	return db.findPromise(ctx, "interaction_id = ?", interactionID)
}

// FindPromiseByToken returns the follow-up with that token hash.
func (db *DB) FindPromiseByToken(ctx context.Context, tokenHash string) (*surveys.PromiseFollowUp, error) {
	return db.findPromise(ctx, "token_hash = ?", tokenHash)
}

// AnsweredPromises returns the answered follow-ups of reps.
func (db *DB) AnsweredPromises(ctx context.Context, orgID int64, repIDs []int64) ([]*surveys.PromiseFollowUp, error) {
	var rows []promiseRow
	err := db.q(ctx).Where("org_id = ? AND rep_id IN ? AND answered_at IS NOT NULL", orgID, emptyGuard(repIDs)).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, translate("find answered follow-ups", err)
	}
	out := make([]*surveys.PromiseFollowUp, len(rows))
	for i := range rows {
		out[i] = rows[i].toPromise()
	}
	return out, nil
}
