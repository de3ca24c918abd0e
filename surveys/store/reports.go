package store

import (
	"context"
	"time"

	"trustcard/surveys"
)

// CountFunnel counts a rep's interactions in the window and their
// invitations by status and suppression reason.
func (db *DB) CountFunnel(ctx context.Context, q surveys.ReportQuery) (surveys.Funnel, error) {
	f := surveys.Funnel{Suppressed: map[string]int64{}}
	err := db.q(ctx).Model(&interactionRow{}).
		Where("org_id = ? AND rep_id = ? AND occurred_at >= ? AND occurred_at < ?", q.OrgID, q.RepID, q.From.UTC(), q.To.UTC()).
		Count(&f.Interactions).Error
	if err != nil {
		return f, translate("count interactions", err)
	}
	var rows []struct {
		Status, Reason string
		N              int64
	}
	err = db.q(ctx).Raw(`SELECT i.status, i.reason, COUNT(*) AS n FROM invitations i
JOIN interactions x ON x.id = i.interaction_id
WHERE i.org_id = ? AND i.rep_id = ? AND x.occurred_at >= ? AND x.occurred_at < ?
GROUP BY i.status, i.reason`, q.OrgID, q.RepID, q.From.UTC(), q.To.UTC()).Scan(&rows).Error
	if err != nil {
		return f, translate("count invitations", err)
	}
	for _, r := range rows {
		switch surveys.InvitationStatus(r.Status) {
		case surveys.InvitationSuppressed:
			f.Suppressed[r.Reason] += r.N
		case surveys.InvitationScheduled:
			f.Pending += r.N
		case surveys.InvitationAnswered:
			f.Answered += r.N
			f.Invited += r.N
		default:
			f.Invited += r.N
		}
	}
	return f, nil
}

// FindComments returns a rep's newest comments in the window; the buyer's
// name is read only for responses whose buyer agreed to share it.
func (db *DB) FindComments(ctx context.Context, q surveys.ReportQuery) ([]surveys.Comment, error) {
	var rows []struct {
		Comment     string
		Name        *string
		SubmittedAt time.Time
	}
	err := db.q(ctx).Raw(`SELECT r.comment, CASE WHEN r.share_name THEN b.name END AS name, r.submitted_at
FROM responses r LEFT JOIN buyers b ON b.id = r.buyer_id
WHERE r.org_id = ? AND r.rep_id = ? AND NOT r.provisional AND r.comment <> '' AND r.submitted_at >= ? AND r.submitted_at < ?
ORDER BY r.submitted_at DESC, r.id DESC LIMIT ?`, q.OrgID, q.RepID, q.From.UTC(), q.To.UTC(), q.Limit).Scan(&rows).Error
	if err != nil {
		return nil, translate("find comments", err)
	}
	out := make([]surveys.Comment, len(rows))
	for i, r := range rows {
		out[i] = surveys.Comment{Text: r.Comment, SubmittedAt: r.SubmittedAt.UTC()}
		if r.Name != nil {
			out[i].Buyer = *r.Name
		}
	}
	return out, nil
}

// JobExists reports whether the org ever had a job of kind with ref.
func (db *DB) JobExists(ctx context.Context, orgID int64, kind string, ref int64) (bool, error) {
	var ids []int64 // the first match is enough; a COUNT would count them all
	err := db.q(ctx).Model(&jobRow{}).Where("org_id = ? AND kind = ? AND ref_id = ?", orgID, kind, ref).Limit(1).Pluck("id", &ids).Error
	return len(ids) > 0, translate("find job", err)
}
