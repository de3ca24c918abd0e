package store

import (
	"context"

	"trustcard/surveys"
)

// AddAudit appends an audit entry.
func (db *DB) AddAudit(ctx context.Context, e *surveys.AuditEntry) error {
	row := auditRow{OrgID: e.OrgID, Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail,
		CreatedAt: e.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("add audit entry", err)
	}
	e.ID = row.ID
	return nil
}

// FindAuditEntries returns an org's audit log, newest first, and the total.
func (db *DB) FindAuditEntries(ctx context.Context, orgID int64, p surveys.Page) ([]*surveys.AuditEntry, int, error) {
	g := db.q(ctx).Model(&auditRow{}).Where("org_id = ?", orgID)
	rows, total, err := findPage[auditRow](g, p, "id DESC", "audit entries")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.AuditEntry, len(rows))
	for i := range rows {
		out[i] = rows[i].toEntry()
	}
	return out, total, nil
}
