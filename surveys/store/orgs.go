package store

import (
	"context"

	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

// CreateOrg stores a new org.
func (db *DB) CreateOrg(ctx context.Context, o *surveys.Org) error {
	settings, err := encodeSettings(o.Settings)
	if err != nil {
		return err
	}
	row := orgRow{Name: o.Name, Settings: settings, Secret: o.Secret, CreatedAt: o.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("create org", err)
	}
	o.ID = row.ID
	return nil
}

// FindOrgByID returns an org.
func (db *DB) FindOrgByID(ctx context.Context, id int64) (*surveys.Org, error) {
	var row orgRow
	if err := db.q(ctx).Select(orgColumns).Take(&row, id).Error; err != nil {
		return nil, translate("find org", err)
	}
	return row.toOrg()
}

// FirstOrg returns the oldest org.
func (db *DB) FirstOrg(ctx context.Context) (*surveys.Org, error) {
	var row orgRow
	if err := db.q(ctx).Select(orgColumns).Order("id").Take(&row).Error; err != nil {
		return nil, translate("first org", err)
	}
	return row.toOrg()
}

// UpdateOrgSettings replaces an org's settings.
func (db *DB) UpdateOrgSettings(ctx context.Context, id int64, s surveys.Settings) error {
	settings, err := encodeSettings(s)
	if err != nil {
		return err
	}
	return db.updateOrg(ctx, "update settings", id, "settings", settings)
}

// RenameOrg changes an org's name.
func (db *DB) RenameOrg(ctx context.Context, id int64, name string) error {
	return db.updateOrg(ctx, "rename org", id, "name", name)
}

func (db *DB) updateOrg(ctx context.Context, what string, id int64, column string, v any) error {
	res := db.q(ctx).Model(&orgRow{}).Where("id = ?", id).Update(column, v)
	if res.Error != nil {
		return translate(what, res.Error)
	}
	if res.RowsAffected == 0 {
		return surveys.Errorf(surveys.ENOTFOUND, "", "no org %d", id)
	}
	return nil
}

// LockOrg returns an org locked for update until the transaction ends. On
// SQLite the one writer connection already serialises transactions.
func (db *DB) LockOrg(ctx context.Context, id int64) (*surveys.Org, error) {
	g := db.q(ctx)
	if db.dialect == Postgres {
		g = g.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var row orgRow
	if err := g.Select(orgColumns).Take(&row, id).Error; err != nil {
		return nil, translate("lock org", err)
	}
	return row.toOrg()
}

// FindOrgIDs returns the ids of every org.
func (db *DB) FindOrgIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.q(ctx).Model(&orgRow{}).Order("id").Pluck("id", &ids).Error
	return ids, translate("find orgs", err)
}
