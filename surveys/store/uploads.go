package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

type uploadRow struct {
	ID        int64
	OrgID     int64
	Kind      string
	Hash      string
	Body      []byte
	CreatedAt time.Time
}

func (uploadRow) TableName() string { return "uploads" }

// SaveUpload stores an upload; the same bytes again keep the first.
func (db *DB) SaveUpload(ctx context.Context, u *surveys.Upload) error {
	row := uploadRow{OrgID: u.OrgID, Kind: u.Kind, Hash: u.Hash, Body: u.Body, CreatedAt: u.CreatedAt.UTC()}
	err := db.q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error
	return translate("save upload", err)
}

// FindUpload returns an org's upload of kind with hash.
func (db *DB) FindUpload(ctx context.Context, orgID int64, kind, hash string) (*surveys.Upload, error) {
	var row uploadRow
	err := db.q(ctx).Where("org_id = ? AND kind = ? AND hash = ?", orgID, kind, hash).Take(&row).Error
	if err != nil {
		return nil, translate("find upload", err)
	}
	return &surveys.Upload{OrgID: row.OrgID, Kind: row.Kind, Hash: row.Hash, Body: row.Body, CreatedAt: row.CreatedAt.UTC()}, nil
}

// DeleteUploads drops an org's uploads made before t.
func (db *DB) DeleteUploads(ctx context.Context, orgID int64, before time.Time) error {
	err := db.q(ctx).Where("org_id = ? AND created_at < ?", orgID, before.UTC()).Delete(&uploadRow{}).Error
	return translate("delete uploads", err)
}
