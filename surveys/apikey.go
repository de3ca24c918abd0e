package surveys

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"time"
)

// Scope is one thing an API key may do.
type Scope string

// The API key scopes.
const (
	ScopeManage       Scope = "manage"             // reps, teams, users, settings, keys
	ScopeInteractions Scope = "interactions:write" // post interactions
	ScopeRead         Scope = "read"               // scores, responses, reports
)

// AllScopes lists every scope, in display order.
var AllScopes = Scopes{ScopeManage, ScopeInteractions, ScopeRead}

// Scopes is a set of scopes.
type Scopes []Scope

// Has reports whether s is in the set.
func (ss Scopes) Has(s Scope) bool { return slices.Contains(ss, s) }

// Validate checks that every scope is known and none repeats.
func (ss Scopes) Validate() error {
	if len(ss) == 0 {
		return Errorf(EINVALID, "scopes", "name at least one of manage, interactions:write, read")
	}
	for i, s := range ss {
		if !AllScopes.Has(s) {
			return Errorf(EINVALID, "scopes", "unknown scope %q: use manage, interactions:write or read", s)
		}
		if slices.Contains(ss[:i], s) {
			return Errorf(EINVALID, "scopes", "scope %q is repeated", s)
		}
	}
	return nil
}

// APIKey lets an integration call the API. Only its hash is stored.
type APIKey struct {
	ID         int64
	OrgID      int64
	Name       string
	Prefix     string // the first characters, to recognise it in lists
	Hash       string
	Scopes     Scopes
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Validate checks the key's own fields.
func (k *APIKey) Validate() error {
	if err := checkText("name", &k.Name, 100, true, false); err != nil {
		return err
	}
	return k.Scopes.Validate()
}

// APIKeyStore keeps API keys.
type APIKeyStore interface {
	// CreateAPIKey stores a key and sets its ID.
	CreateAPIKey(ctx context.Context, k *APIKey) error
	// FindAPIKeys returns an org's keys, newest first.
	FindAPIKeys(ctx context.Context, orgID int64) ([]*APIKey, error)
	// FindAPIKeyByHash returns the unrevoked key with that hash. ENOTFOUND.
	FindAPIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	// TouchAPIKey records a key's last use.
	TouchAPIKey(ctx context.Context, id int64, at time.Time) error
	// RevokeAPIKey revokes a key. ENOTFOUND.
	RevokeAPIKey(ctx context.Context, orgID, id int64, at time.Time) error
}

// NewSecret returns a random token of 256 bits with the given prefix, and
// its hash for storage. Tokens are never stored in clear.
func NewSecret(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("surveys: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashSecret(token)
}

// HashSecret returns the storage hash of a token.
func HashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
