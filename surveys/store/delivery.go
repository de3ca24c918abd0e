package store

import (
	"context"
	"fmt"
	"time"

	"trustcard/surveys"
)

// MarkInvitationsSent records, in one statement, that scheduled
// invitations were sent, and returns the ids of those it changed; an
// invitation no longer scheduled is left alone.
func (db *DB) MarkInvitationsSent(ctx context.Context, sent []surveys.SentInvitation) ([]int64, error) {
	if len(sent) == 0 {
		return nil, nil
	}
	id, ts := "CAST(? AS INTEGER)", "?"
	if db.dialect == Postgres {
		id, ts = "CAST(? AS bigint)", "CAST(? AS timestamptz)"
	}
	args := make([]any, 0, 4*len(sent))
	for _, s := range sent {
		args = append(args, s.ID, s.SentAt.UTC(), nullTime(s.RemindAt), nullTime(s.ExpiresAt))
	}
	q := `WITH v (id, sent_at, remind_at, expires_at) AS (VALUES ` + marks(fmt.Sprintf("(%s, %s, %s, %s)", id, ts, ts, ts), len(sent)) + `)
UPDATE invitations SET status = 'sent', sent_at = v.sent_at, remind_at = v.remind_at, expires_at = v.expires_at
FROM v WHERE invitations.id = v.id AND invitations.status = 'scheduled'
RETURNING invitations.id`
	var ids []int64
	if err := db.q(ctx).Raw(q, args...).Scan(&ids).Error; err != nil {
		return nil, translate("mark invitations sent", err)
	}
	return ids, nil
}

// ClearReminders records that the invitations' reminders went out.
func (db *DB) ClearReminders(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := db.q(ctx).Model(&invitationRow{}).Where("id IN ?", ids).Update("remind_at", nil).Error
	return translate("clear reminders", err)
}

// MoveInvitation moves an invitation to a status only if it is still in
// one of the statuses from.
func (db *DB) MoveInvitation(ctx context.Context, id int64, to surveys.InvitationStatus, at time.Time, from ...surveys.InvitationStatus) (bool, error) {
	changes := map[string]any{"status": string(to)}
	switch to {
	case surveys.InvitationOpened:
		changes["opened_at"] = at.UTC()
	case surveys.InvitationExpired:
		changes["remind_at"] = nil
	}
	res := db.q(ctx).Model(&invitationRow{}).Where("id = ? AND status IN ?", id, from).Updates(changes)
	if res.Error != nil {
		return false, translate("move invitation", res.Error)
	}
	return res.RowsAffected == 1, nil
}
