package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"trustcard/surveys"
)

// findAPIKeyPgx is FindAPIKeyByHash on PostgreSQL: a prepared statement
// scanned without reflection, since every API request makes it.
func (db *DB) findAPIKeyPgx(ctx context.Context, hash string) (*surveys.APIKey, error) {
	var r apiKeyRow
	err := db.withPgx(ctx, func(pc *pgx.Conn) error {
		return pc.QueryRow(ctx, `SELECT id, org_id, name, prefix, key_hash, scopes, created_at, last_used_at, revoked_at
FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, hash).
			Scan(&r.ID, &r.OrgID, &r.Name, &r.Prefix, &r.KeyHash, &r.Scopes, &r.CreatedAt, &r.LastUsedAt, &r.RevokedAt)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, surveys.Errorf(surveys.ENOTFOUND, "", "not found")
	}
	if err != nil {
		return nil, translate("find api key", err)
	}
	return r.toAPIKey(), nil
}
