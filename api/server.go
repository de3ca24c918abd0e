// Package api is all of Trustcard's HTTP: the JSON API under /api/v1, the
// buyer pages and the web app, on one Fiber app. It speaks in DTOs with
// JSON tags and problem documents; every rule and check is in package
// surveys, which it calls with the caller's Actor in the context. It never
// touches the database.
package api

import (
	"context"
	"log/slog"
	"net/netip"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// Deps is what the server needs.
type Deps struct {
	*surveys.Services
	Ready   func(context.Context) error // nil when the database answers
	Logger  *slog.Logger
	BaseURL string // where buyers and users reach us, without a trailing slash
	Version string
	Pages   *Pages
	// Sender is where email goes, for an admin's test of it: the SMTP
	// server, or the captured mail while none is configured.
	Sender mail.Sender
	// Metrics is where the server counts requests, and what /metrics
	// serves; nil gives the server a registry of its own.
	Metrics *prometheus.Registry
}

// Limits bound what a client can hold or send.
type Limits struct {
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	BodyLimit    int // bytes
	// DBTimeout bounds a request's database work in all (acquiring a
	// connection, statements, commit): past it the request answers 503
	// with Retry-After. Zero: no bound.
	DBTimeout time.Duration

	BuyerPerAddress int // buyer page requests per client address per minute
	BuyerPerLink    int // buyer page requests per survey link per minute
	// SignInPerAddress and SignInPerEmail bound the sign-in links asked
	// for per client address and per email address each hour.
	SignInPerAddress int
	SignInPerEmail   int
	// APIKey is each API key's allowance of requests; FailedCredentials
	// each client address's of wrong API keys and unknown sign-in links
	// together; Ingest each org's of interactions posted, one by one or in
	// batches. Each counts in this process.
	APIKey            Rate
	FailedCredentials Rate
	Ingest            Rate
	// TrustedProxies are the load balancers whose X-Forwarded-For names the
	// client; without them every request counts as its connection's address.
	TrustedProxies []netip.Prefix
}

// DefaultLimits are the production limits.
var DefaultLimits = Limits{
	ReadTimeout:  10 * time.Second,
	WriteTimeout: 60 * time.Second, // ZIPs of report cards stream for a while
	IdleTimeout:  60 * time.Second,
	BodyLimit:    4 << 20, // a batch of 1,000 interactions fits
	DBTimeout:    3 * time.Second,

	BuyerPerAddress: 120, // an office behind one address answering at once
	BuyerPerLink:    30,  // one buyer: a few page views, saves and changes

	SignInPerAddress: 30, // an office behind one address, on a Monday morning
	SignInPerEmail:   5,  // a person whose mail is slow asks again, not fifty times

	APIKey:            Rate{PerSecond: 50, Burst: 100}, // a CRM's sync, well above a company's pace of meetings
	FailedCredentials: PerMinute(20),                   // a few mistyped keys and old links; guessing stops at once
	Ingest:            PerMinute(10000),                // a full batch of 1,000 ten times a minute
}

// Server is the HTTP side of Trustcard.
type Server struct {
	Deps
	App     *fiber.App
	api     huma.API
	metrics *metrics
	limits  Limits
	// keyRate, failures and ingest hold the counts of limits.APIKey,
	// limits.FailedCredentials and limits.Ingest.
	keyRate, failures, ingest *keyedLimiter
	docOps                    []docOp // the API reference's operations
}

// New returns a server with every route registered.
func New(d Deps, l Limits) *Server {
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	s := &Server{Deps: d, metrics: newMetrics(d.Metrics), limits: l,
		keyRate: newKeyedLimiter(l.APIKey), failures: newKeyedLimiter(l.FailedCredentials), ingest: newKeyedLimiter(l.Ingest)}
	s.App = fiber.New(fiber.Config{
		AppName:               "trustcard",
		ReadTimeout:           l.ReadTimeout,
		WriteTimeout:          l.WriteTimeout,
		IdleTimeout:           l.IdleTimeout,
		BodyLimit:             l.BodyLimit,
		Immutable:             true, // values read from a request may outlive the handler
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
	})
	s.routes()
	s.docOps = s.docOperations()
	return s
}

// bodyLimit is the largest request body accepted, in bytes: Fiber's
// default when the limits name none.
func (s *Server) bodyLimit() int64 {
	if s.limits.BodyLimit > 0 {
		return int64(s.limits.BodyLimit)
	}
	return fiber.DefaultBodyLimit
}

// Listen serves on addr until Shutdown.
func (s *Server) Listen(addr string) error { return s.App.Listen(addr) }

// Shutdown stops accepting connections and waits for requests in flight.
func (s *Server) Shutdown(ctx context.Context) error { return s.App.ShutdownWithContext(ctx) }
