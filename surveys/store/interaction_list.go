package store

import (
	"context"
	"database/sql"

	"gorm.io/gorm"

	"trustcard/surveys"
)

// interactionListingRow is an interaction joined with its rep, buyer and
// invitation.
type interactionListingRow struct {
	Interaction   interactionRow `gorm:"embedded"`
	RepName       string
	RepExternalID string
	BuyerEmail    sql.NullString
	Status        sql.NullString
	Reason        sql.NullString
	DueAt         sql.NullTime
}

// FindInteractionListings returns the matching interactions, newest first.
func (db *DB) FindInteractionListings(ctx context.Context, f surveys.InteractionFilter) ([]*surveys.InteractionListing, int, error) {
	g := db.q(ctx).Table("interactions i").
		Joins("JOIN reps r ON r.id = i.rep_id").
		Joins("JOIN buyers b ON b.id = i.buyer_id").
		Joins("LEFT JOIN invitations v ON v.interaction_id = i.id").
		Where("i.org_id = ?", f.OrgID)
	if f.RepIDs != nil {
		g = g.Where("i.rep_id IN ?", emptyGuard(f.RepIDs))
	}
	if f.TeamIDs != nil {
		g = g.Where("i.team_id IN ?", emptyGuard(f.TeamIDs))
	}
	if f.Query != "" {
		like := likePattern(f.Query)
		g = g.Where(`LOWER(b.email) LIKE ? ESCAPE '\' OR LOWER(r.name) LIKE ? ESCAPE '\' OR LOWER(r.email) LIKE ? ESCAPE '\'
			OR LOWER(r.external_id) LIKE ? ESCAPE '\' OR LOWER(i.external_id) LIKE ? ESCAPE '\'`, like, like, like, like, like)
	}
	var total int64
	if err := g.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, translate("count interactions", err)
	}
	var rows []interactionListingRow
	err := paginate(g.Select("i.*, r.name AS rep_name, r.external_id AS rep_external_id, b.email AS buyer_email, "+
		"v.status AS status, v.reason AS reason, v.due_at AS due_at").Order("i.created_at DESC, i.id DESC"), f.Page).Find(&rows).Error
	if err != nil {
		return nil, 0, translate("find interactions", err)
	}
	out := make([]*surveys.InteractionListing, len(rows))
	for i, r := range rows {
		out[i] = &surveys.InteractionListing{Interaction: *r.Interaction.toInteraction(), RepName: r.RepName, RepExternalID: r.RepExternalID,
			BuyerEmail: r.BuyerEmail.String, InvitationStatus: surveys.InvitationStatus(r.Status.String), Reason: r.Reason.String,
			DueAt: timeOf(r.DueAt)}
	}
	return out, int(total), nil
}
