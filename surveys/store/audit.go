package store

import (
	"context"

	"trustcard/surveys"
)

// AddAudit appends an audit entry.
func (db *DB) AddAudit(ctx context.Context, e *surveys.AuditEntry) error {
	row := auditRow{OrgID: e.OrgID, Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail,
		BeforeState: e.Before, AfterState: e.After, CreatedAt: e.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("add audit entry", err)
	}
	e.ID = row.ID
	return nil
}

// FindAuditEntries returns an org's matching audit entries, newest first,
// and the total.
func (db *DB) FindAuditEntries(ctx context.Context, f surveys.AuditFilter) ([]*surveys.AuditEntry, int, error) {
	g := db.q(ctx).Model(&auditRow{}).Where("org_id = ?", f.OrgID)
	if f.Actor != "" {
		g = g.Where(`LOWER(actor) LIKE ? ESCAPE '\'`, likePattern(f.Actor))
	}
	if f.Kind != "" {
		g = g.Where("action LIKE ?", f.Kind+".%") // kinds are letters only
	}
	if !f.Since.IsZero() {
		g = g.Where("created_at >= ?", f.Since.UTC())
	}
	if !f.Before.IsZero() {
		g = g.Where("created_at < ?", f.Before.UTC())
	}
	rows, total, err := findPage[auditRow](g, f.Page, "id DESC", "audit entries")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.AuditEntry, len(rows))
	for i := range rows {
		out[i] = rows[i].toEntry()
	}
	return out, total, nil
}
