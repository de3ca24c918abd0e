package oidctest

import (
	"context"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// password is every test user's; the login page never asks for it.
const password = "unused"

// userStore holds the provider's users by username, their email.
type userStore struct{ users map[string]*storage.User }

func newUserStore(users []User) userStore {
	s := userStore{users: map[string]*storage.User{}}
	for i, u := range users {
		first, last, _ := strings.Cut(u.Name, " ")
		s.users[u.Email] = &storage.User{ID: "u" + string(rune('a'+i)), Username: u.Email, Password: password,
			FirstName: first, LastName: last, Email: u.Email, EmailVerified: u.EmailVerified}
	}
	return s
}

func (s userStore) GetUserByID(id string) *storage.User {
	for _, u := range s.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

func (s userStore) GetUserByUsername(name string) *storage.User { return s.users[name] }
func (s userStore) ExampleClientID() string                     { return "service" }

// hookedStorage is the example storage with the provider's knobs: the
// client's ID token lifetime and claims, and the nonce of the auth request
// a code stands for.
type hookedStorage struct {
	*storage.Storage
	p *Provider
}

func (s *hookedStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	return hookedClient{Client: c, ttl: s.p.ttl, claims: s.p.emailInToken}, nil
}

func (s *hookedStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.p.nonce != "" {
		return hookedRequest{AuthRequest: r, nonce: s.p.nonce}, nil
	}
	return r, nil
}

// SetUserinfoFromRequest words the ID token's claims, and says an
// unverified address is so (the example storage leaves false out).
func (s *hookedStorage) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, r op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, r, scopes); err != nil {
		return err
	}
	sayUnverified(ui)
	return nil
}

// SetUserinfoFromToken words the userinfo endpoint's answer, likewise.
func (s *hookedStorage) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	sayUnverified(ui)
	return nil
}

// sayUnverified sends email_verified false explicitly, as providers such
// as Google do.
func sayUnverified(ui *oidc.UserInfo) {
	if ui.Email != "" && !bool(ui.EmailVerified) {
		ui.AppendClaims("email_verified", false)
	}
}

type hookedClient struct {
	op.Client
	ttl    time.Duration
	claims bool
}

func (c hookedClient) IDTokenLifetime() time.Duration       { return c.ttl }
func (c hookedClient) IDTokenUserinfoClaimsAssertion() bool { return c.claims }

type hookedRequest struct {
	op.AuthRequest
	nonce string
}

func (r hookedRequest) GetNonce() string { return r.nonce }
