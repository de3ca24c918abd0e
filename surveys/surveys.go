// Package surveys is the language of Trustcard: orgs, teams, reps, buyers,
// interactions, invitations, responses and the rules that connect them —
// who may see what, when a survey goes out, how a score is computed.
//
// It imports only the standard library. It knows nothing of HTTP, SQL, PDF or
// SMTP: those live in api, surveys/store, reports and surveys/mail, which all
// speak in the types and error codes defined here.
package surveys

import (
	"context"
	"time"
)

// Clock tells the time. Production uses SystemClock; tests and the demo
// generator use a clock they control.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock, in UTC.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// Role is what a signed-in user may do.
type Role string

// The roles of users and API keys.
const (
	RoleAdmin  Role = "admin"
	RoleLeader Role = "leader"
	RoleRep    Role = "rep"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleLeader || r == RoleRep
}

// Actor is who is calling: a signed-in user or an API key. Every service
// method reads it from the context and checks it.
type Actor struct {
	OrgID  int64
	UserID int64  // zero for an API key
	KeyID  int64  // zero for a user
	Role   Role   // RoleAdmin for API keys; scopes narrow them further
	RepID  int64  // the rep a RoleRep user is
	Scopes Scopes // API keys only
	Name   string // for the audit log: an email or "key:NAME"
	// UserName is a signed-in user's own name, to greet them; may be empty.
	UserName string
}

// IsKey reports whether the actor is an API key.
func (a *Actor) IsKey() bool { return a.KeyID != 0 }

// Can reports whether the actor may use scope s. Admins may do anything,
// leaders and reps only read (narrowed to what is theirs by their Visibility),
// API keys what their scopes say; ScopeManage includes ScopeRead.
func (a *Actor) Can(s Scope) bool {
	if !a.IsKey() {
		return a.Role == RoleAdmin || s == ScopeRead
	}
	return a.Scopes.Has(s) || (s == ScopeRead && a.Scopes.Has(ScopeManage))
}

type actorKey struct{}

// NewContextWithActor returns a context carrying a.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor in ctx, or nil.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// Page asks for one page of a list.
type Page struct {
	Offset int
	Limit  int // zero means DefaultPageLimit; negative means all
}

// Page limits.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 500
)

// Normalize fills the defaults and bounds the limit.
func (p Page) Normalize() Page {
	if p.Limit < 0 {
		return Page{Limit: -1}
	}
	if p.Limit == 0 {
		p.Limit = DefaultPageLimit
	}
	if p.Limit > MaxPageLimit {
		p.Limit = MaxPageLimit
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}
