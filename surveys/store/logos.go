package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

type logoRow struct {
	OrgID     int64 `gorm:"primaryKey;autoIncrement:false"`
	Ref       string
	PNG       []byte `gorm:"column:png"`
	Width     int
	Height    int
	UpdatedAt time.Time
}

func (logoRow) TableName() string { return "org_logos" }

func (r *logoRow) toLogo() *surveys.Logo {
	return &surveys.Logo{OrgID: r.OrgID, Ref: r.Ref, PNG: r.PNG, Width: r.Width, Height: r.Height, UpdatedAt: r.UpdatedAt.UTC()}
}

// SaveLogo sets an org's logo, replacing the one it had.
func (db *DB) SaveLogo(ctx context.Context, l *surveys.Logo) error {
	row := logoRow{OrgID: l.OrgID, Ref: l.Ref, PNG: l.PNG, Width: l.Width, Height: l.Height, UpdatedAt: l.UpdatedAt.UTC()}
	err := db.q(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "org_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"ref", "png", "width", "height", "updated_at"}),
	}).Create(&row).Error
	return translate("save logo", err)
}

// FindLogo returns an org's logo.
func (db *DB) FindLogo(ctx context.Context, orgID int64) (*surveys.Logo, error) {
	return findLogo(db.q(ctx).Where("org_id = ?", orgID))
}

// FindLogoByRef returns the logo named ref.
func (db *DB) FindLogoByRef(ctx context.Context, ref string) (*surveys.Logo, error) {
	return findLogo(db.q(ctx).Where("ref = ?", ref))
}

func findLogo(q *gorm.DB) (*surveys.Logo, error) {
	var row logoRow
	if err := q.Take(&row).Error; err != nil {
		return nil, translate("find logo", err)
	}
	return row.toLogo(), nil
}

// DeleteLogo removes an org's logo.
func (db *DB) DeleteLogo(ctx context.Context, orgID int64) error {
	return translate("delete logo", db.q(ctx).Where("org_id = ?", orgID).Delete(&logoRow{}).Error)
}
