package surveys

import (
	"context"
	"time"
)

// Access turns credentials into an Actor: one-time sign-in links become
// server-side sessions, session tokens and API keys become the actor every
// other service checks. Its methods take the credential, not an actor.
type Access struct {
	store accessStore
	clock Clock
	inTx  txRunner[accessStore]
}

// accessStore is what Access reads and writes.
type accessStore interface {
	SessionStore
	FindAPIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
}

// SessionTTL is how long a web-app session lasts without use.
const SessionTTL = 14 * 24 * time.Hour

// Session is a signed-in user's server-side session; the cookie holds the
// token, the database its hash.
type Session struct {
	TokenHash  string
	OrgID      int64
	UserID     int64
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// SessionStore keeps sign-in links and sessions.
type SessionStore interface {
	// UseSignInLink marks an unused, unexpired link used and returns its
	// user. ENOTFOUND otherwise.
	UseSignInLink(ctx context.Context, tokenHash string, now time.Time) (*User, error)
	// CreateSession stores a session.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns an unexpired session and its active user. ENOTFOUND.
	FindSession(ctx context.Context, tokenHash string, now time.Time) (*Session, *User, error)
	// DeleteSessions ends one session, or (tokenHash "") all of a user's.
	DeleteSessions(ctx context.Context, userID int64, tokenHash string) error
}

// SignIn trades a one-time sign-in link for a session and returns the
// session token. ENOTFOUND when the link is unknown, used or expired.
func (ac *Access) SignIn(ctx context.Context, linkToken string) (string, *User, error) {
	now := ac.clock.Now()
	var token string
	var user *User
	err := ac.inTx(ctx, func(tx accessStore) error {
		u, err := tx.UseSignInLink(ctx, HashSecret(linkToken), now)
		if ErrorCode(err) == ENOTFOUND {
			return Errorf(ENOTFOUND, "", "this sign-in link is unknown, used or expired: ask an admin for a new one")
		}
		if err != nil {
			return err
		}
		var hash string
		token, hash = NewSecret("tcw_")
		csrf, _ := NewSecret("")
		user = u
		return tx.CreateSession(ctx, &Session{TokenHash: hash, OrgID: u.OrgID, UserID: u.ID, CSRF: csrf,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SessionTTL)})
	})
	return token, user, err
}

// Authenticate returns the actor of a session token, and the session's
// CSRF token. EUNAUTHORIZED when the session is unknown or over.
func (ac *Access) Authenticate(ctx context.Context, token string) (*Actor, string, error) {
	sess, u, err := ac.store.FindSession(ctx, HashSecret(token), ac.clock.Now())
	if ErrorCode(err) == ENOTFOUND {
		return nil, "", Errorf(EUNAUTHORIZED, "", "please sign in")
	}
	if err != nil {
		return nil, "", err
	}
	return &Actor{OrgID: u.OrgID, UserID: u.ID, Role: u.Role, RepID: u.RepID, Name: u.Email, UserName: u.Name}, sess.CSRF, nil
}

// SignOut ends the session with token on the server.
func (ac *Access) SignOut(ctx context.Context, token string) error {
	sess, _, err := ac.store.FindSession(ctx, HashSecret(token), ac.clock.Now())
	if err != nil {
		return nil // nothing to end
	}
	return ac.store.DeleteSessions(ctx, sess.UserID, sess.TokenHash)
}

// AuthenticateKey returns the actor of an API key given in clear.
// EUNAUTHORIZED when it is unknown or revoked.
func (ac *Access) AuthenticateKey(ctx context.Context, token string) (*Actor, error) {
	k, err := ac.store.FindAPIKeyByHash(ctx, HashSecret(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(EUNAUTHORIZED, "", "the API key is unknown or revoked")
	}
	if err != nil {
		return nil, err
	}
	return &Actor{OrgID: k.OrgID, KeyID: k.ID, Role: RoleAdmin, Scopes: k.Scopes, Name: "key:" + k.Name}, nil
}
