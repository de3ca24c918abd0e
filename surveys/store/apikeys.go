package store

import (
	"context"
	"strings"
	"time"

	"trustcard/surveys"
)

// CreateAPIKey stores a key.
func (db *DB) CreateAPIKey(ctx context.Context, k *surveys.APIKey) error {
	scopes := make([]string, len(k.Scopes))
	for i, s := range k.Scopes {
		scopes[i] = string(s)
	}
	row := apiKeyRow{OrgID: k.OrgID, Name: k.Name, Prefix: k.Prefix, KeyHash: k.Hash,
		Scopes: strings.Join(scopes, ","), CreatedAt: k.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("create api key", err)
	}
	k.ID = row.ID
	return nil
}

// FindAPIKeys returns an org's keys, newest first.
func (db *DB) FindAPIKeys(ctx context.Context, orgID int64) ([]*surveys.APIKey, error) {
	var rows []apiKeyRow
	if err := db.q(ctx).Where("org_id = ?", orgID).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, translate("find api keys", err)
	}
	out := make([]*surveys.APIKey, len(rows))
	for i := range rows {
		out[i] = rows[i].toAPIKey()
	}
	return out, nil
}

// FindAPIKeyByHash returns the unrevoked key with that hash.
func (db *DB) FindAPIKeyByHash(ctx context.Context, hash string) (*surveys.APIKey, error) {
	if db.dialect == Postgres && !db.inTx() {
		return db.findAPIKeyPgx(ctx, hash)
	}
	var row apiKeyRow
	err := db.q(ctx).Where("key_hash = ? AND revoked_at IS NULL", hash).Take(&row).Error
	if err != nil {
		return nil, translate("find api key", err)
	}
	return row.toAPIKey(), nil
}

// RevokeAPIKey revokes a key.
func (db *DB) RevokeAPIKey(ctx context.Context, orgID, id int64, at time.Time) error {
	res := db.q(ctx).Model(&apiKeyRow{}).Where("org_id = ? AND id = ? AND revoked_at IS NULL", orgID, id).
		Update("revoked_at", at.UTC())
	if res.Error != nil {
		return translate("revoke api key", res.Error)
	}
	if res.RowsAffected == 0 {
		return surveys.Errorf(surveys.ENOTFOUND, "id", "no active API key %d", id)
	}
	return nil
}

// TouchAPIKey records a key's last use.
func (db *DB) TouchAPIKey(ctx context.Context, id int64, at time.Time) error {
	err := db.q(ctx).Model(&apiKeyRow{}).Where("id = ?", id).Update("last_used_at", at.UTC()).Error
	return translate("touch api key", err)
}
