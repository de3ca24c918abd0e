package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"trustcard/api"
	"trustcard/frontend"
	"trustcard/surveys"
	"trustcard/surveys/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Main is the running program: built from a Config, started with Run,
// stopped with Close. End-to-end tests build one on :0 with a temp database.
type Main struct {
	Config  Config
	Logger  *slog.Logger
	Clock   surveys.Clock
	DB      *store.DB
	Service *surveys.Service
	Org     *surveys.Org
	Server  *api.Server

	ln       net.Listener
	serveErr chan error
}

// NewMain returns a program for cfg logging to logOut.
func NewMain(cfg Config, logOut io.Writer) *Main {
	return &Main{Config: cfg, Logger: newLogger(cfg.LogLevel, logOut), Clock: surveys.SystemClock{}}
}

// Open connects to the database, migrates it and makes sure an org exists.
func (m *Main) Open(ctx context.Context) error {
	db, err := store.Open(m.Config.DatabaseURL)
	if err != nil {
		return fmt.Errorf("%w\nCheck TRUSTCARD_DATABASE_URL; is the database running?", err)
	}
	m.DB = db
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	m.Service = surveys.NewService(db, m.Clock)
	if m.Org, err = m.Service.EnsureOrg(ctx, surveys.DefaultOrgName); err != nil {
		return err
	}
	return nil
}

// Run opens the database and starts serving on Config.Addr; it returns
// once the server listens.
func (m *Main) Run(ctx context.Context) error {
	if err := m.Open(ctx); err != nil {
		return err
	}
	if m.Config.Demo {
		if err := seedDemo(ctx, m); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	pages, err := api.NewPages(frontend.Templates, frontend.Static)
	if err != nil {
		return err
	}
	m.Server = api.New(api.Deps{Surveys: m.Service, Logger: m.Logger, BaseURL: m.Config.BaseURL,
		Version: version, Pages: pages}, api.DefaultLimits)
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w (is another trustcard running? set TRUSTCARD_ADDR)", m.Config.Addr, err)
	}
	m.serveErr = make(chan error, 1)
	go func() { m.serveErr <- m.Server.App.Listener(m.ln) }()
	m.Logger.Info("listening", "url", m.URL(), "database", store.Dialect(m.Config.DatabaseURL))
	return nil
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

// Close stops HTTP first (finishing requests in flight), then the database.
func (m *Main) Close() error {
	var errs []error
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		errs = append(errs, m.Server.Shutdown(ctx))
		cancel()
		if err := <-m.serveErr; err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}
