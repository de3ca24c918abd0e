package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

type ssoConfigRow struct {
	OrgID        int64 `gorm:"primaryKey;autoIncrement:false"`
	Issuer       string
	ClientID     string
	SealedSecret string
	CreateRole   string
	UpdatedAt    time.Time
}

func (ssoConfigRow) TableName() string { return "sso_configs" }

// SaveSSOConfig stores an org's identity provider, replacing the one it had.
func (db *DB) SaveSSOConfig(ctx context.Context, c *surveys.SSOConfig) error {
	row := ssoConfigRow{OrgID: c.OrgID, Issuer: c.Issuer, ClientID: c.ClientID, SealedSecret: c.SealedSecret,
		CreateRole: string(c.CreateRole), UpdatedAt: c.UpdatedAt.UTC()}
	err := db.q(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "org_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"issuer", "client_id", "sealed_secret", "create_role", "updated_at"}),
	}).Create(&row).Error
	return translate("save sso config", err)
}

// FindSSOConfig returns an org's identity provider.
func (db *DB) FindSSOConfig(ctx context.Context, orgID int64) (*surveys.SSOConfig, error) {
	var row ssoConfigRow
	if err := db.q(ctx).Where("org_id = ?", orgID).Take(&row).Error; err != nil {
		return nil, translate("find sso config", err)
	}
	return &surveys.SSOConfig{OrgID: row.OrgID, Issuer: row.Issuer, ClientID: row.ClientID, SealedSecret: row.SealedSecret,
		CreateRole: surveys.Role(row.CreateRole), UpdatedAt: row.UpdatedAt.UTC()}, nil
}

// DeleteSSOConfig removes an org's identity provider, if any.
func (db *DB) DeleteSSOConfig(ctx context.Context, orgID int64) error {
	return translate("delete sso config", db.q(ctx).Where("org_id = ?", orgID).Delete(&ssoConfigRow{}).Error)
}
