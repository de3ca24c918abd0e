// Package sso speaks OpenID Connect to a company's identity provider for
// single sign-on: the authorization code flow with state, nonce and PKCE
// (S256), and the ID token checked for its signature, issuer, audience,
// expiry and nonce. It is built on github.com/coreos/go-oidc/v3 and
// golang.org/x/oauth2, which are well kept and do the cryptography; it
// knows the domain's types (surveys.SSOClient) but neither HTTP routes nor
// the database. Which person may sign in is decided in package surveys.
package sso

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"trustcard/surveys"
)

// providerTTL is how long a provider's discovery document is kept.
const providerTTL = time.Hour

// Client is a surveys.SSOClient.
type Client struct {
	// HTTP reaches the identity providers; nil: a client with a 10 s
	// timeout that follows no redirects to other hosts than the provider
	// named (net/http's default policy).
	HTTP *http.Client
	// Now is the time ID tokens are checked at; nil: the system clock.
	Now func() time.Time

	mu        sync.Mutex
	providers map[string]cachedProvider
}

type cachedProvider struct {
	p       *oidc.Provider
	fetched time.Time
}

var _ surveys.SSOClient = (*Client)(nil)

// New returns a client that checks tokens at now's time (nil: the system
// clock).
func New(now func() time.Time) *Client {
	return &Client{HTTP: &http.Client{Timeout: 10 * time.Second}, Now: now}
}

// AuthURL returns the provider's authorization URL for the attempt: the
// code flow, scopes openid, email and profile, with state, nonce and the
// S256 challenge of the verifier.
func (c *Client) AuthURL(ctx context.Context, p surveys.SSOProvider, a surveys.SSOAttempt) (string, error) {
	prov, err := c.provider(ctx, p.Issuer)
	if err != nil {
		return "", err
	}
	return c.config(prov, p).AuthCodeURL(a.State, oidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier)), nil
}

// Exchange trades the code, with the PKCE verifier, for tokens, verifies
// the ID token and its nonce, and returns who signed in. The email comes
// from the ID token, or from the userinfo endpoint when the token has none
// (some providers put it only there), for the same subject.
func (c *Client) Exchange(ctx context.Context, p surveys.SSOProvider, a surveys.SSOAttempt, code string) (*surveys.SSOIdentity, error) {
	prov, err := c.provider(ctx, p.Issuer)
	if err != nil {
		return nil, err
	}
	ctx = oidc.ClientContext(ctx, c.http())
	tok, err := c.config(prov, p).Exchange(ctx, code, oauth2.VerifierOption(a.Verifier))
	if err != nil {
		return nil, refused("the identity provider did not accept this sign-in; please start again", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, refused("the identity provider sent no ID token", nil)
	}
	idt, err := prov.Verifier(&oidc.Config{ClientID: p.ClientID, Now: c.Now}).Verify(ctx, raw)
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return nil, refused("the sign-in from your identity provider has expired; please start again", err)
	case err != nil:
		return nil, refused("the sign-in from your identity provider could not be verified", err)
	case subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(a.Nonce)) != 1:
		return nil, refused("the sign-in from your identity provider belongs to another attempt; please start again", errors.New("nonce mismatch"))
	}
	return c.identity(ctx, prov, tok, idt)
}

// identity reads who signed in from the ID token, or from userinfo.
func (c *Client) identity(ctx context.Context, prov *oidc.Provider, tok *oauth2.Token, idt *oidc.IDToken) (*surveys.SSOIdentity, error) {
	var cl claims
	if err := idt.Claims(&cl); err != nil {
		return nil, refused("the sign-in's claims could not be read", err)
	}
	if cl.Email == "" {
		ui, err := prov.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return nil, refused("the identity provider did not say who signed in", err)
		}
		if ui.Subject != idt.Subject {
			return nil, refused("the identity provider named two different people", errors.New("userinfo subject differs"))
		}
		if err := ui.Claims(&cl); err != nil {
			return nil, refused("the sign-in's claims could not be read", err)
		}
	}
	return &surveys.SSOIdentity{Subject: idt.Subject, Email: cl.Email, Name: cl.Name, EmailVerified: cl.EmailVerified.ptr()}, nil
}

// claims are the ID token's or userinfo's claims Trustcard reads.
type claims struct {
	Email         string   `json:"email"`
	Name          string   `json:"name"`
	EmailVerified flexBool `json:"email_verified"`
}

// flexBool is a claim that some providers send as "true" or "false".
type flexBool struct{ set, v bool }

func (b *flexBool) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case bool:
		*b = flexBool{true, v}
	case string:
		*b = flexBool{true, v == "true"}
	}
	return nil
}

func (b flexBool) ptr() *bool {
	if !b.set {
		return nil
	}
	return &b.v
}

func (c *Client) config(prov *oidc.Provider, p surveys.SSOProvider) *oauth2.Config {
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: p.RedirectURL,
		Endpoint: prov.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// provider returns the issuer's discovered provider, kept for an hour.
func (c *Client) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cp, ok := c.providers[issuer]; ok && time.Since(cp.fetched) < providerTTL {
		return cp.p, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, c.http()), issuer)
	if err != nil {
		return nil, refused("the identity provider "+issuer+" could not be reached or is not an OpenID Connect provider", err)
	}
	if c.providers == nil {
		c.providers = map[string]cachedProvider{}
	}
	c.providers[issuer] = cachedProvider{p: p, fetched: time.Now()}
	return p, nil
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

// refused is a sign-in refused for a reason the person can read, wrapping
// the cause for the log.
func refused(msg string, cause error) error {
	e := surveys.Errorf(surveys.EUNAUTHORIZED, "", "%s", msg)
	if cause == nil {
		return e
	}
	return fmt.Errorf("%w (%v)", e, cause)
}
