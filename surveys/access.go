package surveys

import (
	"context"
	"time"
)

// Access turns credentials into an Actor: one-time sign-in links become
// server-side sessions, session tokens and API keys become the actor every
// other service checks. Most of its methods take the credential, not an
// actor; those of the account page (access_sessions.go) take the signed-in
// user and touch only their own sessions.
type Access struct {
	store accessStore
	clock Clock
	inTx  txRunner[accessStore]
}

// accessStore is what Access reads and writes.
type accessStore interface {
	SessionStore
	repFinder
	FindAPIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	TouchAPIKey(ctx context.Context, id int64, at time.Time) error
	EnqueueJobPerOrg(ctx context.Context, j *Job) error
}

// repFinder finds reps; a rep user may sign in only while their rep is
// active.
type repFinder interface {
	FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error)
}

// Session lifetimes: a session ends after SessionTTL without use, and
// SessionMaxAge after sign-in however much it is used. Its last use is
// written at most once per sessionTouchEvery.
const (
	SessionTTL        = 14 * 24 * time.Hour
	SessionMaxAge     = 30 * 24 * time.Hour
	sessionTouchEvery = time.Minute
)

// maxUserAgent bounds the User-Agent kept with a session.
const maxUserAgent = 400

// Session is a signed-in user's server-side session; the cookie holds the
// token, the database its hash.
type Session struct {
	TokenHash  string
	OrgID      int64
	UserID     int64
	CSRF       string
	UserAgent  string // as the browser sent it when signing in
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the earlier of SessionTTL after the last use and SessionMaxAge after sign-in
}

// ID names the session on the account page without revealing its token:
// the start of the token's hash.
func (s *Session) ID() string {
	return s.TokenHash[:min(16, len(s.TokenHash))]
}

// sessionExpiry is when a session signed in at created and last used at
// now ends.
func sessionExpiry(created, now time.Time) time.Time {
	return minTime(now.Add(SessionTTL), created.Add(SessionMaxAge))
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// SessionStore keeps sign-in links and sessions.
type SessionStore interface {
	// UseSignInLink marks an unused, unexpired link used and returns its
	// user, active or not. ENOTFOUND otherwise.
	UseSignInLink(ctx context.Context, tokenHash string, now time.Time) (*User, error)
	// CreateSession stores a session.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns an unexpired session and its user, active or
	// not. ENOTFOUND.
	FindSession(ctx context.Context, tokenHash string, now time.Time) (*Session, *User, error)
	// FindSessions returns a user's unexpired sessions, the most recently
	// used first.
	FindSessions(ctx context.Context, userID int64, now time.Time) ([]*Session, error)
	// TouchSession records a session's last use and its new expiry.
	TouchSession(ctx context.Context, tokenHash string, lastSeen, expires time.Time) error
	// DeleteSessions ends one session, or (tokenHash "") all of a user's.
	DeleteSessions(ctx context.Context, userID int64, tokenHash string) error
}

// SignIn trades a one-time sign-in link for a session and returns the
// session token; userAgent is the browser's, kept to name the session.
// ENOTFOUND when the link is unknown, used or expired, or its user may no
// longer sign in.
func (ac *Access) SignIn(ctx context.Context, linkToken, userAgent string) (string, *User, error) {
	now := ac.clock.Now()
	var token string
	var user *User
	err := ac.inTx(ctx, func(tx accessStore) error {
		u, err := tx.UseSignInLink(ctx, HashSecret(linkToken), now)
		ok := err == nil
		if ok {
			ok, err = maySignIn(ctx, tx, u)
		}
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
		if !ok {
			return Errorf(ENOTFOUND, "", "this sign-in link is unknown, used or expired: ask for a new one at /signin")
		}
		user = u
		token, err = startSession(ctx, tx, u, userAgent, now)
		return err
	})
	return token, user, err
}

// startSession starts a new session of u at now, from the browser with
// userAgent, and returns its token: every way of signing in ends here.
func startSession(ctx context.Context, tx SessionStore, u *User, userAgent string, now time.Time) (string, error) {
	token, hash := NewSecret("tcw_")
	csrf, _ := NewSecret("")
	return token, tx.CreateSession(ctx, &Session{TokenHash: hash, OrgID: u.OrgID, UserID: u.ID, CSRF: csrf,
		UserAgent: clipText(userAgent, maxUserAgent), CreatedAt: now, LastSeenAt: now, ExpiresAt: sessionExpiry(now, now)})
}

// maySignIn reports whether u may sign in: an active user who, for a rep
// user, is an active rep.
func maySignIn(ctx context.Context, st repFinder, u *User) (bool, error) {
	if !u.Active {
		return false, nil
	}
	if u.RepID == 0 {
		return true, nil
	}
	reps, _, err := st.FindReps(ctx, RepFilter{OrgID: u.OrgID, IDs: []int64{u.RepID}, Page: Page{Limit: -1}})
	return err == nil && len(reps) == 1 && reps[0].Active, err
}

// Authenticate returns the actor of a session token and the session (with
// its CSRF token). A use extends the session (at most once a minute).
// EUNAUTHORIZED when the session is unknown or over, or its user is no
// longer active.
func (ac *Access) Authenticate(ctx context.Context, token string) (*Actor, *Session, error) {
	now := ac.clock.Now()
	sess, u, err := ac.store.FindSession(ctx, HashSecret(token), now)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil, Errorf(EUNAUTHORIZED, "", "please sign in")
	}
	if err != nil {
		return nil, nil, err
	}
	if !u.Active || !now.Before(sess.CreatedAt.Add(SessionMaxAge)) {
		return nil, nil, Errorf(EUNAUTHORIZED, "", "please sign in")
	}
	if now.Sub(sess.LastSeenAt) >= sessionTouchEvery {
		sess.LastSeenAt, sess.ExpiresAt = now, sessionExpiry(sess.CreatedAt, now)
		if err := ac.store.TouchSession(ctx, sess.TokenHash, sess.LastSeenAt, sess.ExpiresAt); err != nil {
			return nil, nil, err
		}
	}
	return &Actor{OrgID: u.OrgID, UserID: u.ID, Role: u.Role, RepID: u.RepID, Name: u.Email, UserName: u.Name}, sess, nil
}

// SignOut ends the session with token on the server.
func (ac *Access) SignOut(ctx context.Context, token string) error {
	sess, _, err := ac.store.FindSession(ctx, HashSecret(token), ac.clock.Now())
	if err != nil {
		return nil // nothing to end
	}
	return ac.store.DeleteSessions(ctx, sess.UserID, sess.TokenHash)
}

// AuthenticateKey returns the actor of an API key given in clear, and
// records the key's last use (at most once a minute). EUNAUTHORIZED when
// it is unknown or revoked.
func (ac *Access) AuthenticateKey(ctx context.Context, token string) (*Actor, error) {
	k, err := ac.store.FindAPIKeyByHash(ctx, HashSecret(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(EUNAUTHORIZED, "", "the API key is unknown or revoked")
	}
	if err != nil {
		return nil, err
	}
	if now := ac.clock.Now(); now.Sub(k.LastUsedAt) >= sessionTouchEvery {
		if err := ac.store.TouchAPIKey(ctx, k.ID, now); err != nil {
			return nil, err
		}
	}
	return &Actor{OrgID: k.OrgID, KeyID: k.ID, Role: RoleAdmin, Scopes: k.Scopes, Name: "key:" + k.Name}, nil
}
