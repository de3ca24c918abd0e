package surveys

import (
	"context"
	"fmt"
)

// KeyPrefix starts every API key, so that leaked keys are easy to find.
const KeyPrefix = "tck_"

// CreateAPIKey creates a key and returns it in clear, once. Needs
// ScopeManage. EINVALID.
func (s *Service) CreateAPIKey(ctx context.Context, k *APIKey) (token string, err error) {
	a, err := s.authorize(ctx, ScopeManage)
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
	k.OrgID, k.Prefix, k.CreatedAt = a.OrgID, token[:len(KeyPrefix)+6], s.Clock.Now()
	err = s.Store.InTx(ctx, func(tx Store) error {
		if err := tx.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "apikey.create", fmt.Sprintf("apikey:%d", k.ID), k.Name)
	})
	return token, err
}

// FindAPIKeys lists the org's keys (never their secrets). Needs ScopeManage.
func (s *Service) FindAPIKeys(ctx context.Context) ([]*APIKey, error) {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return s.Store.FindAPIKeys(ctx, a.OrgID)
}

// RevokeAPIKey revokes a key at once. Needs ScopeManage. ENOTFOUND.
func (s *Service) RevokeAPIKey(ctx context.Context, id int64) error {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx Store) error {
		if err := tx.RevokeAPIKey(ctx, a.OrgID, id, s.Clock.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "apikey.revoke", fmt.Sprintf("apikey:%d", id), "")
	})
}

// AuthenticateKey returns the actor of an API key given in clear.
// EUNAUTHORIZED when it is unknown or revoked.
func (s *Service) AuthenticateKey(ctx context.Context, token string) (*Actor, error) {
	k, err := s.Store.FindAPIKeyByHash(ctx, HashSecret(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(EUNAUTHORIZED, "", "the API key is unknown or revoked")
	}
	if err != nil {
		return nil, err
	}
	return &Actor{OrgID: k.OrgID, KeyID: k.ID, Role: RoleAdmin, Scopes: k.Scopes, Name: "key:" + k.Name}, nil
}
