package surveys

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// KeyPrefix starts every API key, so that leaked keys are easy to find.
const KeyPrefix = "tck_"

// CreateAPIKey creates a key and returns it in clear, once. Needs
// ScopeManage. EINVALID.
func (d *Directory) CreateAPIKey(ctx context.Context, k *APIKey) (token string, err error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return "", err
	}
	if len(k.Scopes) == 0 {
		k.Scopes = AllScopes
	}
	if err := k.Validate(); err != nil {
		return "", err
	}
	token, k.Hash = NewSecret(KeyPrefix)
	k.OrgID, k.Prefix, k.CreatedAt = a.OrgID, token[:len(KeyPrefix)+6], d.clock.Now()
	err = d.inTx(ctx, func(tx directoryStore) error {
		if err := tx.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		return auditChange(ctx, tx, k.CreatedAt, a, "apikey.create", fmt.Sprintf("apikey:%d", k.ID), k.Name, nil, keyStateOf(k))
	})
	return token, err
}

// FindAPIKeys lists the org's keys (never their secrets). Needs ScopeManage.
func (d *Directory) FindAPIKeys(ctx context.Context) ([]*APIKey, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return d.store.FindAPIKeys(ctx, a.OrgID)
}

// RevokeAPIKey revokes a key at once. Needs ScopeManage. ENOTFOUND.
func (d *Directory) RevokeAPIKey(ctx context.Context, id int64) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	return d.inTx(ctx, func(tx directoryStore) error {
		now := d.clock.Now()
		if err := tx.RevokeAPIKey(ctx, a.OrgID, id, now); err != nil {
			return err
		}
		keys, err := tx.FindAPIKeys(ctx, a.OrgID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(keys, func(k *APIKey) bool { return k.ID == id })
		if i < 0 {
			return audit(ctx, tx, now, a, "apikey.revoke", fmt.Sprintf("apikey:%d", id), "")
		}
		before := *keys[i]
		before.RevokedAt = time.Time{}
		return auditChange(ctx, tx, now, a, "apikey.revoke", fmt.Sprintf("apikey:%d", id), keys[i].Name, keyStateOf(&before), keyStateOf(keys[i]))
	})
}
