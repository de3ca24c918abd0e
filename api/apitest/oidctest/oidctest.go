// Package oidctest runs a real OpenID Connect provider inside a test:
// zitadel/oidc's op (the provider's protocol: discovery, keys, the code
// flow with PKCE, signed ID tokens, userinfo) over its example in-memory
// storage, on a loopback port. Its login page signs in whoever the test
// names, without asking. Knobs make it misbehave as a test needs: ID
// tokens that are already expired, or that carry another nonce.
//
// It is for tests only; production code must not import it.
package oidctest

import (
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// User is a company account at the provider.
type User struct {
	Email         string
	Name          string
	EmailVerified bool
}

// Provider is a running identity provider with one registered client.
type Provider struct {
	URL          string // the issuer
	ClientID     string
	ClientSecret string

	mu           sync.Mutex
	next         string        // the username the login page signs in
	ttl          time.Duration // ID tokens' lifetime
	nonce        string        // when set, ID tokens carry it instead of the request's
	emailInToken bool          // claims in the ID token too, not only from userinfo
	store        *storage.Storage
}

// MustStart starts a provider whose client may redirect to redirectURL,
// with users, until the test ends. ID tokens last an hour and carry the
// email claim only when EmailInIDToken says so (else the client reads it
// from userinfo, as with some providers).
func MustStart(tb testing.TB, redirectURL string, users ...User) *Provider {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &Provider{URL: "http://" + ln.Addr().String(), ClientID: "trustcard", ClientSecret: "s3cret-of-the-idp", ttl: time.Hour}
	client := storage.WebClient(p.ClientID, p.ClientSecret, redirectURL)
	p.store = storage.NewStorageWithClients(newUserStore(users), map[string]*storage.Client{p.ClientID: client})
	prov, err := op.NewProvider(&op.Config{CryptoKey: sha256.Sum256([]byte("oidctest")), CodeMethodS256: true,
		AuthMethodPost: true, SupportedUILocales: []language.Tag{language.English}},
		&hookedStorage{Storage: p.store, p: p}, op.StaticIssuer(p.URL), op.WithAllowInsecure(),
		op.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/login/username", op.NewIssuerInterceptor(prov.IssuerFromRequest).HandlerFunc(p.login(prov)))
	mux.Handle("/", prov)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			tb.Errorf("identity provider: shutdown: %v", err)
		}
	})
	return p
}

// SignInAs makes the login page sign in the user with email.
func (p *Provider) SignInAs(email string) { p.locked(func() { p.next = email }) }

// ExpireTokens makes the ID tokens issued from now on expired already: an
// hour past their end.
func (p *Provider) ExpireTokens() { p.locked(func() { p.ttl = -time.Hour }) }

// WrongNonce makes the ID tokens issued from now on carry nonce instead of
// the one the sign-in asked for.
func (p *Provider) WrongNonce(nonce string) { p.locked(func() { p.nonce = nonce }) }

// EmailInIDToken puts the email claims into the ID token as well.
func (p *Provider) EmailInIDToken() { p.locked(func() { p.emailInToken = true }) }

// locked runs f holding the provider's lock.
func (p *Provider) locked(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f()
}

// login is the provider's login page: it signs in the user named by
// SignInAs and sends the browser back through the provider at once.
func (p *Provider) login(prov *op.Provider) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("authRequestID")
		p.mu.Lock()
		who := p.next
		p.mu.Unlock()
		if err := p.store.CheckUsernamePassword(who, password, id); err != nil {
			http.Error(w, "no such user at the identity provider: "+who, http.StatusForbidden)
			return
		}
		http.Redirect(w, r, op.AuthCallbackURL(prov)(r.Context(), id), http.StatusFound)
	}
}
