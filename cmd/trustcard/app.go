package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"trustcard/api"
	"trustcard/frontend"
	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/mail"
	"trustcard/surveys/outbox"
	"trustcard/surveys/sso"
	"trustcard/surveys/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Main is the running program: built from a Config, started with Run,
// stopped with Close. End-to-end tests build one on :0 with a temp database.
type Main struct {
	Config   Config
	Logger   *slog.Logger
	Clock    surveys.Clock
	DB       *store.DB
	Services *surveys.Services
	Org      *surveys.Org
	Server   *api.Server
	Outbox   *outbox.Outbox
	Sender   mail.Sender
	Metrics  *prometheus.Registry // what /metrics serves
	Out      io.Writer            // where the demo prints how to sign in
	Notes    io.Writer            // where a command says what it assumed, such as a guessed base URL

	serving   bool // Run: the server, which records the base URL it was given
	ln        net.Listener
	serveErr  chan error
	closeOnce sync.Once
	closeErr  error
}

// NewMain returns a program for cfg logging to logOut.
func NewMain(cfg Config, logOut io.Writer) *Main {
	return &Main{Config: cfg, Logger: newLogger(cfg.LogLevel, logOut), Clock: surveys.SystemClock{}, Out: os.Stdout, Notes: logOut}
}

// Open connects to the database, migrates it and makes sure an org exists.
func (m *Main) Open(ctx context.Context) error {
	pool := store.Options{MaxConns: m.Config.DB.MaxConns, MaxIdleConns: m.Config.DB.MaxIdleConns}
	db, err := store.Open(m.Config.DatabaseURL, pool)
	if err != nil {
		return fmt.Errorf("%w\nCheck TRUSTCARD_DATABASE_URL; is the database running?", err)
	}
	m.DB = db
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	m.Services = newServices(db, m.Clock)
	if err := rebuildPendingRollups(ctx, m); err != nil {
		return err
	}
	if m.Org, err = m.Services.Directory.EnsureOrg(ctx, surveys.DefaultOrgName); err != nil {
		return err
	}
	return m.useBaseURL(ctx, m.serving)
}

// newServices returns the use cases over store and clock, with the default
// survey worded by the message catalogue embedded in the binary.
func newServices(store surveys.Store, clock surveys.Clock) *surveys.Services {
	svc := surveys.New(store, clock)
	svc.WordDefaultSurvey(catalog.Default.QuestionTexts())
	svc.SSO.UseClient(sso.New(clock.Now))
	return svc
}

// Run opens the database and starts serving on Config.Addr; it returns
// once the server listens.
func (m *Main) Run(ctx context.Context) error {
	m.serving = true
	if err := m.Open(ctx); err != nil {
		return err
	}
	if m.Config.Demo {
		if err := seedDemo(ctx, m, m.Out); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	reg, err := m.newMetrics()
	if err != nil {
		return err
	}
	m.Metrics = reg
	if err := m.startWorkers(); err != nil {
		return err
	}
	if m.Config.Role == "worker" {
		workerGC()
		m.Logger.Info("worker started: sending, not serving HTTP")
		return nil
	}
	pages, err := api.NewPages(frontend.Templates, frontend.Static)
	if err != nil {
		return err
	}
	limits, err := m.Config.apiLimits()
	if err != nil {
		return err
	}
	m.Server = api.New(api.Deps{Services: m.Services, Ready: m.DB.Ping, Logger: m.Logger, BaseURL: m.Config.BaseURL,
		Version: version, Pages: pages, Metrics: m.Metrics, Sender: m.Sender}, limits)
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w (is another trustcard running? set TRUSTCARD_ADDR)", m.Config.Addr, err)
	}
	m.serveErr = make(chan error, 1)
	go func() { m.serveErr <- m.Server.App.Listener(m.ln) }()
	m.Logger.Info("listening", "url", m.URL(), "database", store.Dialect(m.Config.DatabaseURL))
	return nil
}

// workerGCPercent is the garbage collector's GOGC for serve --role=worker
// unless GOGC is set: a worker's live heap is a few megabytes and each
// email allocates tens of kilobytes, so Go's default (100) collects every
// hundred emails or so and takes nearly a fifth of the worker's CPU; at 400 it
// collects a quarter as often, for a heap of tens of megabytes.
const workerGCPercent = 400

// workerGC sets workerGCPercent unless GOGC says otherwise.
func workerGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(workerGCPercent)
	}
}

// URL is where the running server answers.
func (m *Main) URL() string {
	if m.ln == nil {
		return ""
	}
	return "http://" + m.ln.Addr().String()
}

// AsAdmin returns ctx acting as the org's administrator, for the CLI.
func (m *Main) AsAdmin(ctx context.Context) context.Context {
	return surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: m.Org.ID, Role: surveys.RoleAdmin, Name: "cli"})
}

// startWorkers starts the outbox unless this process only serves HTTP.
func (m *Main) startWorkers() error {
	if m.Config.SMTPURL == "" {
		m.Sender = &mail.Capture{Store: m.DB}
	} else {
		smtp, err := mail.NewSMTP(m.Config.SMTPURL, mail.SMTPOptions{Connections: m.Config.Outbox.SMTPConnections})
		if err != nil {
			return fmt.Errorf("TRUSTCARD_SMTP_URL: %w", err)
		}
		m.Sender = smtp
	}
	if m.Config.Role == "web" {
		return nil
	}
	opts := outbox.DefaultOptions
	opts.BaseURL, opts.Concurrency, opts.Batch = m.Config.BaseURL, m.Config.Outbox.Concurrency, m.Config.Outbox.Batch
	opts.Lease = m.Config.Outbox.Lease
	opts.Metrics = m.Metrics
	m.Outbox = outbox.New(m.Services.Worker, m.Sender, m.Logger, opts)
	m.Outbox.DrawReports = drawReports
	m.Outbox.Start()
	return nil
}

// Close stops HTTP first (finishing requests in flight), then the workers
// (finishing messages in flight), then the database. Calling it again
// returns the first result.
func (m *Main) Close() error {
	m.closeOnce.Do(func() { m.closeErr = m.close() })
	return m.closeErr
}

func (m *Main) close() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if m.ln != nil {
		errs = append(errs, m.Server.Shutdown(ctx))
		// A server shut down before it began serving would serve on;
		// closing its listener ends it either way.
		_ = m.ln.Close()
		if err := <-m.serveErr; err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	if m.Outbox != nil {
		errs = append(errs, m.Outbox.Shutdown(ctx))
	}
	if c, ok := m.Sender.(interface{ Close() error }); ok {
		errs = append(errs, c.Close())
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}
