package surveys

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SSOAttemptTTL is how long a company sign-in may take, from leaving for
// the identity provider to coming back.
const SSOAttemptTTL = 10 * time.Minute

// ssoFlow is what the browser keeps of a sign-in it started, sealed: the
// provider's state, nonce and PKCE verifier, and whether an admin is only
// testing the set-up.
type ssoFlow struct {
	OrgID   int64     `json:"org"`
	State   string    `json:"state"`
	Nonce   string    `json:"nonce"`
	Verify  string    `json:"verifier"`
	Expires time.Time `json:"expires"`
	TestBy  int64     `json:"test_by,omitempty"` // the admin testing; no session is made
}

// SSOStart is where a company sign-in goes, and the sealed flow the
// browser must bring back.
type SSOStart struct {
	AuthURL string
	Flow    string // for a short-lived, HttpOnly cookie
}

// SSOResult is a company sign-in's outcome: a session, or, for an admin's
// test, who would have been signed in.
type SSOResult struct {
	Token    string // the new session's token; empty for a test
	User     *User
	Identity *SSOIdentity
	Created  bool // the user was created by this sign-in
	Test     bool
}

// Available returns the org (orgID, or the first org when 0) when it has
// single sign-on; ENOTFOUND otherwise. It takes no actor: the sign-in
// page asks.
func (s *SSO) Available(ctx context.Context, orgID int64) (*Org, error) {
	org, err := s.org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.FindSSOConfig(ctx, org.ID); err != nil {
		return nil, err
	}
	return org, nil
}

func (s *SSO) org(ctx context.Context, orgID int64) (*Org, error) {
	if orgID == 0 {
		return s.store.FirstOrg(ctx)
	}
	return s.store.FindOrgByID(ctx, orgID)
}

// Begin starts a company sign-in to the org (orgID, or the first org when
// 0) that comes back to redirectURL. With test, a signed-in admin of the
// org checks the set-up: the sign-in then makes no session. ENOTFOUND when
// the org has no single sign-on; EFORBIDDEN for a test by anyone else.
func (s *SSO) Begin(ctx context.Context, orgID int64, redirectURL string, test bool) (*SSOStart, error) {
	org, err := s.org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	f := ssoFlow{OrgID: org.ID, Expires: s.clock.Now().Add(SSOAttemptTTL)}
	if test {
		a, err := authorize(ctx, ScopeManage)
		if err != nil || a.OrgID != org.ID || a.UserID == 0 {
			return nil, Errorf(EFORBIDDEN, "", "only a signed-in admin of the org may test its sign-in")
		}
		f.TestBy = a.UserID
	}
	p, err := s.provider(ctx, org, redirectURL)
	if err != nil {
		return nil, err
	}
	f.State, _ = NewSecret("")
	f.Nonce, _ = NewSecret("")
	f.Verify, _ = NewSecret("")
	u, err := s.client.AuthURL(ctx, *p, SSOAttempt{State: f.State, Nonce: f.Nonce, Verifier: f.Verify})
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(f)
	return &SSOStart{AuthURL: u, Flow: strconv.FormatInt(org.ID, 10) + "." + seal(org.Secret, "sso-flow", b)}, nil
}

// provider is the org's identity provider with its secret unsealed.
// ENOTFOUND when the org has none.
func (s *SSO) provider(ctx context.Context, org *Org, redirectURL string) (*SSOProvider, error) {
	if s.client == nil {
		return nil, Errorf(ENOTFOUND, "", "single sign-on is not available in this installation")
	}
	c, err := s.store.FindSSOConfig(ctx, org.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "", "single sign-on is not set up: sign in with the link an admin sent you")
	}
	if err != nil {
		return nil, err
	}
	p := &SSOProvider{Issuer: c.Issuer, ClientID: c.ClientID, RedirectURL: redirectURL}
	if c.SealedSecret != "" {
		secret, err := unseal(org.Secret, "sso-client-secret", c.SealedSecret)
		if err != nil {
			return nil, fmt.Errorf("sso: client secret of org %d: %w", org.ID, err)
		}
		p.ClientSecret = string(secret)
	}
	return p, nil
}

// openFlow unseals the flow the browser brought back and checks that the
// provider handed back its state (compared in constant time) in time.
// EUNAUTHORIZED otherwise.
func (s *SSO) openFlow(ctx context.Context, sealed, state string) (*Org, *ssoFlow, error) {
	bad := Errorf(EUNAUTHORIZED, "", "this sign-in did not start in this browser, or took longer than %d minutes: please start again",
		int(SSOAttemptTTL.Minutes()))
	id, rest, ok := strings.Cut(sealed, ".")
	orgID, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || state == "" {
		return nil, nil, bad
	}
	org, err := s.store.FindOrgByID(ctx, orgID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil, bad
	} else if err != nil {
		return nil, nil, err
	}
	var f ssoFlow
	b, err := unseal(org.Secret, "sso-flow", rest)
	if err != nil || json.Unmarshal(b, &f) != nil || f.OrgID != org.ID || !s.clock.Now().Before(f.Expires) ||
		subtle.ConstantTimeCompare([]byte(state), []byte(f.State)) != 1 {
		return nil, nil, bad
	}
	return org, &f, nil
}
