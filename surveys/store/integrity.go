package store

import (
	"context"
	"strings"
	"time"

	"trustcard/surveys"
)

// FindClientResponses returns a rep's submitted responses from one client
// since a time, without answers.
func (db *DB) FindClientResponses(ctx context.Context, orgID, repID int64, clientHash string, since time.Time) ([]*surveys.Response, error) {
	var rows []responseRow
	err := db.q(ctx).Where("org_id = ? AND rep_id = ? AND client_hash = ? AND submitted_at >= ? AND NOT provisional",
		orgID, repID, clientHash, since.UTC()).Order("id").Find(&rows).Error
	if err != nil {
		return nil, translate("find client responses", err)
	}
	out := make([]*surveys.Response, len(rows))
	for i := range rows {
		out[i] = rows[i].toResponse(nil)
	}
	return out, nil
}

// CommentRepeated reports whether another buyer's submitted response in
// the org carries the comment hash.
func (db *DB) CommentRepeated(ctx context.Context, orgID int64, commentHash string, invitationID, buyerID int64) (bool, error) {
	var ids []int64
	err := db.q(ctx).Model(&responseRow{}).Select("id").
		Where("org_id = ? AND comment_hash = ? AND invitation_id <> ? AND (buyer_id IS NULL OR buyer_id <> ?) AND NOT provisional",
			orgID, commentHash, invitationID, buyerID).Limit(1).Find(&ids).Error
	return len(ids) > 0, translate("find repeated comments", err)
}

// FindScoredResponse returns a submitted response with its answers and
// survey version.
func (db *DB) FindScoredResponse(ctx context.Context, orgID, id int64) (*surveys.ScoredResponse, error) {
	var row struct {
		Response          responseRow `gorm:"embedded"`
		TemplateVersionID int64
	}
	err := db.q(ctx).Table("responses").Select("responses.*, invitations.template_version_id").
		Joins("JOIN invitations ON invitations.id = responses.invitation_id").
		Where("responses.org_id = ? AND responses.id = ? AND NOT responses.provisional", orgID, id).Take(&row).Error
	if err != nil {
		return nil, translate("find response", err)
	}
	answers, err := db.answersOf(ctx, "responses.id = ?", id)
	if err != nil {
		return nil, err
	}
	return &surveys.ScoredResponse{Response: row.Response.toResponse(answers[id]), TemplateVersionID: row.TemplateVersionID}, nil
}

// SetResponseIntegrity writes a response's flags, exclusion and
// reinstatement.
func (db *DB) SetResponseIntegrity(ctx context.Context, r *surveys.Response) error {
	err := db.q(ctx).Model(&responseRow{}).Where("org_id = ? AND id = ?", r.OrgID, r.ID).Updates(map[string]any{
		"flags": strings.Join(r.Flags, ","), "excluded_by": strings.Join(r.ExcludedBy, ","), "reinstated": r.Reinstated}).Error
	return translate("set response integrity", err)
}

type exclusionRow struct {
	ID            int64
	OrgID         int64
	InteractionID int64
	RepID         int64
	Reason        string
	Actor         string
	OccurredAt    time.Time
	CreatedAt     time.Time
}

func (exclusionRow) TableName() string { return "interaction_exclusions" }

// CreateInteractionExclusion records an exclusion.
func (db *DB) CreateInteractionExclusion(ctx context.Context, e *surveys.InteractionExclusion) error {
	row := exclusionRow{OrgID: e.OrgID, InteractionID: e.InteractionID, RepID: e.RepID, Reason: e.Reason, Actor: e.Actor,
		OccurredAt: e.OccurredAt.UTC(), CreatedAt: e.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("create interaction exclusion", err)
	}
	e.ID = row.ID
	return nil
}

// CountQuarter counts a rep's interactions in [from, to) and their exclusions.
func (db *DB) CountQuarter(ctx context.Context, orgID, repID int64, from, to time.Time) (interactions, excluded int64, err error) {
	err = db.q(ctx).Model(&interactionRow{}).
		Where("org_id = ? AND rep_id = ? AND occurred_at >= ? AND occurred_at < ?", orgID, repID, from.UTC(), to.UTC()).
		Count(&interactions).Error
	if err != nil {
		return 0, 0, translate("count interactions", err)
	}
	err = db.q(ctx).Model(&exclusionRow{}).
		Where("org_id = ? AND rep_id = ? AND occurred_at >= ? AND occurred_at < ?", orgID, repID, from.UTC(), to.UTC()).
		Count(&excluded).Error
	return interactions, excluded, translate("count exclusions", err)
}

// splitList reads a comma-separated column; "" is none.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
