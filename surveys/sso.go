package surveys

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// SSO is single sign-on with OpenID Connect: an admin names the company's
// identity provider (issuer, client id and secret), and people sign in
// with their company account, matched by its verified email to an active
// user of the org; the one-time links stay for everyone else. The
// protocol is spoken by an SSOClient (surveys/sso); this type holds the
// rules: who may sign in, who is created, and that the client secret never
// leaves the server.
type SSO struct {
	store  ssoStore
	clock  Clock
	inTx   txRunner[ssoStore]
	client SSOClient
}

// ssoStore is what SSO reads and writes.
type ssoStore interface {
	SSOStore
	OrgStore
	UserStore
	SessionStore
	AuditStore
	FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error)
}

// SSOConfig is an org's identity provider, as stored: the client secret is
// sealed with a key derived from the org's secret.
type SSOConfig struct {
	OrgID        int64
	Issuer       string
	ClientID     string
	SealedSecret string
	CreateRole   Role // "" creates nobody; RoleLeader or RoleRep (see SSOUpdate)
	UpdatedAt    time.Time
}

// SSOStore keeps each org's identity provider.
type SSOStore interface {
	// SaveSSOConfig stores c, replacing the org's.
	SaveSSOConfig(ctx context.Context, c *SSOConfig) error
	// FindSSOConfig returns the org's. ENOTFOUND.
	FindSSOConfig(ctx context.Context, orgID int64) (*SSOConfig, error)
	// DeleteSSOConfig removes the org's, if any.
	DeleteSSOConfig(ctx context.Context, orgID int64) error
}

// SSOClient speaks OpenID Connect to an identity provider.
type SSOClient interface {
	// AuthURL is where to send the browser to sign in with p: the
	// authorization code flow with state, nonce and a PKCE challenge.
	AuthURL(ctx context.Context, p SSOProvider, f SSOAttempt) (string, error)
	// Exchange trades code for the verified identity of who signed in: the
	// ID token's signature, issuer, audience, expiry and nonce checked.
	// EUNAUTHORIZED, saying why in words for the person.
	Exchange(ctx context.Context, p SSOProvider, f SSOAttempt, code string) (*SSOIdentity, error)
}

// SSOProvider is an identity provider as a client speaks to it.
type SSOProvider struct {
	Issuer, ClientID, ClientSecret, RedirectURL string
}

// SSOAttempt is one sign-in's secrets, kept by the browser that started
// it: the state the provider hands back, the nonce in the ID token, and
// the PKCE verifier.
type SSOAttempt struct {
	State, Nonce, Verifier string
}

// SSOIdentity is who the provider says signed in.
type SSOIdentity struct {
	Subject, Email, Name string
	EmailVerified        *bool // nil when the provider does not say
}

// SSOSettings is an org's single sign-on as admins see it: never the
// client secret, only whether one is set.
type SSOSettings struct {
	Configured bool
	Issuer     string
	ClientID   string
	SecretSet  bool
	CreateRole Role
	UpdatedAt  time.Time
}

// SSOUpdate changes an org's single sign-on. An empty ClientSecret keeps
// the one stored. CreateRole says who a company account without a user
// becomes: nobody (""), a leader (who sees nothing until made a team's
// leader), or, for RoleRep, the user of the active rep with that email
// address (anyone else is refused). Never an admin.
type SSOUpdate struct {
	Issuer, ClientID, ClientSecret string
	CreateRole                     Role
}

// maxSSOField bounds the issuer, client id and secret.
const maxSSOField = 500

// UseClient gives the service the protocol's client.
func (s *SSO) UseClient(c SSOClient) { s.client = c }

// Settings returns the org's single sign-on without its secret. Needs
// ScopeManage.
func (s *SSO) Settings(ctx context.Context) (*SSOSettings, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindSSOConfig(ctx, a.OrgID)
	if ErrorCode(err) == ENOTFOUND {
		return &SSOSettings{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &SSOSettings{Configured: true, Issuer: c.Issuer, ClientID: c.ClientID, SecretSet: c.SealedSecret != "",
		CreateRole: c.CreateRole, UpdatedAt: c.UpdatedAt}, nil
}

// Configure sets the org's identity provider. The audit log records what
// changed, never the secret. Needs ScopeManage. EINVALID.
func (s *SSO) Configure(ctx context.Context, u SSOUpdate) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	if err := u.validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.inTx(ctx, func(tx ssoStore) error {
		org, err := tx.FindOrgByID(ctx, a.OrgID)
		if err != nil {
			return err
		}
		c := &SSOConfig{OrgID: a.OrgID, Issuer: u.Issuer, ClientID: u.ClientID, CreateRole: u.CreateRole, UpdatedAt: now}
		old, err := tx.FindSSOConfig(ctx, a.OrgID)
		if err == nil {
			c.SealedSecret = old.SealedSecret
		} else if ErrorCode(err) != ENOTFOUND {
			return err
		}
		if u.ClientSecret != "" {
			c.SealedSecret = seal(org.Secret, "sso-client-secret", []byte(u.ClientSecret))
		}
		if err := tx.SaveSSOConfig(ctx, c); err != nil {
			return err
		}
		detail := fmt.Sprintf("issuer %s, client id %s, creates %s, secret changed: %v", u.Issuer, u.ClientID,
			roleOrNobody(u.CreateRole), u.ClientSecret != "")
		return auditChange(ctx, tx, now, a, "sso.update", fmt.Sprintf("org:%d", a.OrgID), detail, ssoStateOf(old), ssoStateOf(c))
	})
}

// TurnOff removes the org's single sign-on; links keep working. Needs
// ScopeManage.
func (s *SSO) TurnOff(ctx context.Context) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx ssoStore) error {
		old, err := tx.FindSSOConfig(ctx, a.OrgID)
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
		if err := tx.DeleteSSOConfig(ctx, a.OrgID); err != nil {
			return err
		}
		return auditChange(ctx, tx, s.clock.Now(), a, "sso.off", fmt.Sprintf("org:%d", a.OrgID), "", ssoStateOf(old), nil)
	})
}

func roleOrNobody(r Role) string {
	if r == "" {
		return "nobody"
	}
	return string(r)
}

// validate trims and checks the update.
func (u *SSOUpdate) validate() error {
	for _, f := range []struct {
		name string
		v    *string
	}{{"issuer", &u.Issuer}, {"client_id", &u.ClientID}, {"client_secret", &u.ClientSecret}} {
		if err := checkText(f.name, f.v, maxSSOField, f.name != "client_secret", false); err != nil {
			return err
		}
	}
	u.Issuer = strings.TrimRight(u.Issuer, "/")
	if p, err := url.Parse(u.Issuer); err != nil || p.Host == "" || p.RawQuery != "" || p.Fragment != "" ||
		!(p.Scheme == "https" || p.Scheme == "http" && loopback(p.Hostname())) {
		return Errorf(EINVALID, "issuer", "must be the provider's https URL, such as https://login.example.com (plain http only on this machine)")
	}
	if u.CreateRole != "" && u.CreateRole != RoleLeader && u.CreateRole != RoleRep {
		return Errorf(EINVALID, "create_role", "must be empty (create nobody), leader or rep; never admin")
	}
	return nil
}

// loopback reports whether host names this machine.
func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}
