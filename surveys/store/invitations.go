package store

import (
	"context"

	"trustcard/surveys"
)

// CreateInvitation stores an invitation.
func (db *DB) CreateInvitation(ctx context.Context, inv *surveys.Invitation) error {
	row := newInvitationRow(inv)
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("create invitation", err)
	}
	inv.ID = row.ID
	return nil
}

// UpdateInvitation writes every mutable field of an invitation.
func (db *DB) UpdateInvitation(ctx context.Context, inv *surveys.Invitation) error {
	row := newInvitationRow(inv)
	err := db.q(ctx).Model(&row).Select("token_hash", "status", "reason", "locale", "due_at", "sent_at", "opened_at",
		"answered_at", "remind_at", "expires_at").Updates(&row).Error
	return translate("update invitation", err)
}

func (db *DB) findInvitation(ctx context.Context, what string, query string, args ...any) (*surveys.Invitation, error) {
	var row invitationRow
	if err := db.q(ctx).Where(query, args...).Take(&row).Error; err != nil {
		return nil, translate(what, err)
	}
	return row.toInvitation(), nil
}

// FindInvitation returns an invitation by id; orgID zero means any org.
func (db *DB) FindInvitation(ctx context.Context, orgID, id int64) (*surveys.Invitation, error) {
	if orgID == 0 {
		return db.findInvitation(ctx, "find invitation", "id = ?", id)
	}
	return db.findInvitation(ctx, "find invitation", "org_id = ? AND id = ?", orgID, id)
}

// FindInvitationsByID returns the invitations of ids, of any org, in no
// particular order; unknown ids are left out.
func (db *DB) FindInvitationsByID(ctx context.Context, ids []int64) ([]*surveys.Invitation, error) {
	var rows []invitationRow
	if err := db.q(ctx).Where("id IN ?", emptyGuard(ids)).Find(&rows).Error; err != nil {
		return nil, translate("find invitations", err)
	}
	out := make([]*surveys.Invitation, len(rows))
	for i := range rows {
		out[i] = rows[i].toInvitation()
	}
	return out, nil
}

// FindInvitationByInteraction returns an interaction's invitation.
func (db *DB) FindInvitationByInteraction(ctx context.Context, interactionID int64) (*surveys.Invitation, error) {
	return db.findInvitation(ctx, "find invitation", "interaction_id = ?", interactionID)
}

// FindInvitationByToken returns the invitation with that token hash.
func (db *DB) FindInvitationByToken(ctx context.Context, tokenHash string) (*surveys.Invitation, error) {
	return db.findInvitation(ctx, "find invitation by token", "token_hash = ?", tokenHash)
}

// FindInvitations returns matching invitations, newest first, and the total.
func (db *DB) FindInvitations(ctx context.Context, f surveys.InvitationFilter) ([]*surveys.Invitation, int, error) {
	g := db.q(ctx).Model(&invitationRow{}).Where("org_id = ?", f.OrgID)
	if f.Status != nil {
		g = g.Where("status = ?", string(*f.Status))
	}
	if f.RepIDs != nil {
		g = g.Where("rep_id IN ?", emptyGuard(f.RepIDs))
	}
	if f.TeamIDs != nil {
		g = g.Where("team_id IN ?", emptyGuard(f.TeamIDs))
	}
	rows, total, err := findPage[invitationRow](g, f.Page, "id DESC", "invitations")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.Invitation, len(rows))
	for i := range rows {
		out[i] = rows[i].toInvitation()
	}
	return out, total, nil
}
