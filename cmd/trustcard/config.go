package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"trustcard/api"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store"
)

// Config is the whole configuration: defaults, overridden by TRUSTCARD_*
// environment variables, overridden by flags.
type Config struct {
	Addr        string // TRUSTCARD_ADDR
	DatabaseURL string // TRUSTCARD_DATABASE_URL
	BaseURL     string // TRUSTCARD_BASE_URL; default: recorded by serve, else from Addr (base_url.go)
	SMTPURL     string // TRUSTCARD_SMTP_URL; empty: mail is captured
	LogLevel    string // TRUSTCARD_LOG_LEVEL
	Demo        bool   // TRUSTCARD_DEMO
	Role        string // TRUSTCARD_ROLE: all, web (HTTP only) or worker (sending only)
	Proxies     string // TRUSTCARD_TRUSTED_PROXIES: load balancers whose X-Forwarded-For is believed

	HTTP   HTTPConfig
	DB     DBConfig
	Outbox OutboxConfig
	Limits LimitsConfig

	// BaseURLGiven says BaseURL came from the environment or a flag, not
	// from a guess; Validate sets it.
	BaseURLGiven bool

	envErrs []error // environment values that did not parse, for Validate
}

// HTTPConfig bounds what a client can send and hold.
type HTTPConfig struct {
	BodyLimit    int           // TRUSTCARD_HTTP_BODY_LIMIT, bytes
	ReadTimeout  time.Duration // TRUSTCARD_HTTP_READ_TIMEOUT
	WriteTimeout time.Duration // TRUSTCARD_HTTP_WRITE_TIMEOUT
	IdleTimeout  time.Duration // TRUSTCARD_HTTP_IDLE_TIMEOUT
	DBTimeout    time.Duration // TRUSTCARD_DB_TIMEOUT: a request's database work in all
}

// LimitsConfig bounds what one API key, one client and one org may do;
// zero turns a limit off.
type LimitsConfig struct {
	APIKeyRate        int // TRUSTCARD_API_KEY_RATE: requests per key per second
	APIKeyBurst       int // TRUSTCARD_API_KEY_BURST: requests per key at once
	FailedCredentials int // TRUSTCARD_FAILED_CREDENTIALS_PER_MINUTE: per client address
	Ingest            int // TRUSTCARD_INGEST_PER_MINUTE: interactions per org
}

// DBConfig sizes the PostgreSQL connection pool; SQLite keeps one connection.
type DBConfig struct {
	MaxConns     int // TRUSTCARD_DB_MAX_CONNS
	MaxIdleConns int // TRUSTCARD_DB_MAX_IDLE_CONNS
}

// OutboxConfig tunes sending.
type OutboxConfig struct {
	SMTPConnections int           // TRUSTCARD_SMTP_CONNECTIONS
	Concurrency     int           // TRUSTCARD_OUTBOX_CONCURRENCY: messages in flight
	Batch           int           // TRUSTCARD_OUTBOX_BATCH: jobs claimed and recorded at a time
	Lease           time.Duration // TRUSTCARD_OUTBOX_LEASE: how long a claim lasts
}

// apiLimits are the server's limits as configured.
func (c *Config) apiLimits() (api.Limits, error) {
	l, h := api.DefaultLimits, c.HTTP
	l.BodyLimit, l.ReadTimeout, l.WriteTimeout, l.IdleTimeout = h.BodyLimit, h.ReadTimeout, h.WriteTimeout, h.IdleTimeout
	l.DBTimeout = h.DBTimeout
	l.APIKey = api.Rate{PerSecond: float64(c.Limits.APIKeyRate), Burst: c.Limits.APIKeyBurst}
	l.FailedCredentials, l.Ingest = api.PerMinute(c.Limits.FailedCredentials), api.PerMinute(c.Limits.Ingest)
	var err error
	l.TrustedProxies, err = api.ParseProxies(c.Proxies)
	return l, err
}

// DefaultConfig is the embedded default: a SQLite file and captured mail,
// and the limits, pool sizes and sending pipeline the README's speed
// figures were measured with.
func DefaultConfig() Config {
	l, ob, db := api.DefaultLimits, outbox.DefaultOptions, store.DefaultOptions
	return Config{
		Addr: "127.0.0.1:8080", DatabaseURL: "sqlite:trustcard.db", LogLevel: "info", Role: "all",
		HTTP: HTTPConfig{BodyLimit: l.BodyLimit, ReadTimeout: l.ReadTimeout, WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout, DBTimeout: l.DBTimeout},
		DB:   DBConfig{MaxConns: db.MaxConns, MaxIdleConns: db.MaxIdleConns},
		// One SMTP connection per sender, as the dispatch benchmark runs.
		Outbox: OutboxConfig{SMTPConnections: ob.Concurrency, Concurrency: ob.Concurrency, Batch: ob.Batch, Lease: ob.Lease},
		Limits: LimitsConfig{APIKeyRate: int(l.APIKey.PerSecond), APIKeyBurst: l.APIKey.Burst,
			FailedCredentials: l.FailedCredentials.Burst, Ingest: l.Ingest.Burst},
	}
}

// setting ties a field to its environment variable and flag.
type setting struct {
	env, flag, usage string
	value            flag.Value // the field, read and written as text
	secret           bool
	serveOnly        bool // a flag of serve only ("user create --role" means something else)
}

func (c *Config) settings() []setting {
	return []setting{
		{env: "TRUSTCARD_ADDR", flag: "addr", usage: "address to listen on, `host:port`", value: (*stringValue)(&c.Addr)},
		{env: "TRUSTCARD_DATABASE_URL", flag: "database-url", usage: "database `URL`: postgres://… for PostgreSQL, or sqlite:PATH", value: (*stringValue)(&c.DatabaseURL), secret: true},
		{env: "TRUSTCARD_BASE_URL", flag: "base-url", usage: "public `URL` for links in emails and printed links (default: the one serve recorded, else from --addr)", value: (*stringValue)(&c.BaseURL)},
		{env: "TRUSTCARD_SMTP_URL", flag: "smtp-url", usage: "mail server `URL`: smtp://user:pass@host:port or smtps://…; empty captures mail", value: (*stringValue)(&c.SMTPURL), secret: true},
		{env: "TRUSTCARD_LOG_LEVEL", flag: "log-level", usage: "`level`: debug, info, warn or error", value: (*stringValue)(&c.LogLevel)},
		{env: "TRUSTCARD_TRUSTED_PROXIES", flag: "trusted-proxies", usage: "load balancers whose X-Forwarded-For names the client: IPs or `CIDRs`, comma-separated", value: (*stringValue)(&c.Proxies), serveOnly: true},
		{env: "TRUSTCARD_ROLE", flag: "role", usage: "`role`: all, web (serve HTTP, send nothing) or worker (send, no HTTP)", value: (*stringValue)(&c.Role), serveOnly: true},
		{env: "TRUSTCARD_DEMO", flag: "demo", usage: "create demo data once and print how to sign in", value: (*boolValue)(&c.Demo), serveOnly: true},
		{env: "TRUSTCARD_DB_MAX_CONNS", flag: "db-max-conns", usage: "PostgreSQL `connections` open at once (SQLite keeps one)", value: (*intValue)(&c.DB.MaxConns)},
		{env: "TRUSTCARD_DB_MAX_IDLE_CONNS", flag: "db-max-idle-conns", usage: "PostgreSQL `connections` kept open while idle", value: (*intValue)(&c.DB.MaxIdleConns)},
		{env: "TRUSTCARD_HTTP_BODY_LIMIT", flag: "http-body-limit", usage: "largest request body in `bytes`", value: (*intValue)(&c.HTTP.BodyLimit), serveOnly: true},
		{env: "TRUSTCARD_HTTP_READ_TIMEOUT", flag: "http-read-timeout", usage: "how long reading a request may take (a `duration` such as 10s)", value: (*durationValue)(&c.HTTP.ReadTimeout), serveOnly: true},
		{env: "TRUSTCARD_HTTP_WRITE_TIMEOUT", flag: "http-write-timeout", usage: "how long writing a response may take (a `duration`; ZIPs of cards stream for a while)", value: (*durationValue)(&c.HTTP.WriteTimeout), serveOnly: true},
		{env: "TRUSTCARD_HTTP_IDLE_TIMEOUT", flag: "http-idle-timeout", usage: "how long an idle keep-alive connection stays open (a `duration`)", value: (*durationValue)(&c.HTTP.IdleTimeout), serveOnly: true},
		{env: "TRUSTCARD_DB_TIMEOUT", flag: "db-timeout", usage: "how long a request may wait for the database in all before it answers 503 (a `duration` such as 3s)", value: (*durationValue)(&c.HTTP.DBTimeout), serveOnly: true},
		{env: "TRUSTCARD_SMTP_CONNECTIONS", flag: "smtp-connections", usage: "SMTP `connections` kept open and used at once", value: (*intValue)(&c.Outbox.SMTPConnections), serveOnly: true},
		{env: "TRUSTCARD_OUTBOX_CONCURRENCY", flag: "outbox-concurrency", usage: "emails being sent at once (`senders`)", value: (*intValue)(&c.Outbox.Concurrency), serveOnly: true},
		{env: "TRUSTCARD_OUTBOX_BATCH", flag: "outbox-batch", usage: "`jobs` claimed, and sent emails recorded, at a time", value: (*intValue)(&c.Outbox.Batch), serveOnly: true},
		{env: "TRUSTCARD_OUTBOX_LEASE", flag: "outbox-lease", usage: "how long a worker's claim on a job lasts before another may take it (a `duration` such as 2m)", value: (*durationValue)(&c.Outbox.Lease), serveOnly: true},
		{env: "TRUSTCARD_API_KEY_RATE", flag: "api-key-rate", usage: "`requests` a second each API key may make (0: no limit)", value: (*intValue)(&c.Limits.APIKeyRate), serveOnly: true},
		{env: "TRUSTCARD_API_KEY_BURST", flag: "api-key-burst", usage: "`requests` each API key may make at once", value: (*intValue)(&c.Limits.APIKeyBurst), serveOnly: true},
		{env: "TRUSTCARD_FAILED_CREDENTIALS_PER_MINUTE", flag: "failed-credentials-per-minute", usage: "wrong API keys and unknown sign-in links a client address may send a minute (`count`; 0: no limit)", value: (*intValue)(&c.Limits.FailedCredentials), serveOnly: true},
		{env: "TRUSTCARD_INGEST_PER_MINUTE", flag: "ingest-per-minute", usage: "`interactions` an org may post a minute (0: no limit)", value: (*intValue)(&c.Limits.Ingest), serveOnly: true},
	}
}

// Bind reads the environment into c and registers c's flags on fs; serve
// says whether the command is serve. A value that does not parse is
// reported by Validate.
func (c *Config) Bind(fs *flag.FlagSet, getenv func(string) string, serve bool) {
	for _, s := range c.settings() {
		if v := getenv(s.env); v != "" {
			if err := s.value.Set(v); err != nil {
				c.envErrs = append(c.envErrs, fmt.Errorf("%s: %q %v", s.env, v, err))
			}
		}
		if s.serveOnly && !serve {
			continue
		}
		fs.Var(s.value, s.flag, s.usage+" ("+s.env+")")
	}
}

// Validate checks every setting and names the variable at fault.
func (c *Config) Validate() error {
	if len(c.envErrs) > 0 {
		return c.envErrs[0]
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("TRUSTCARD_ADDR: %q is not host:port (for example 127.0.0.1:8080)", c.Addr)
	}
	if c.DatabaseURL == "" {
		return fmt.Errorf("TRUSTCARD_DATABASE_URL: empty; use sqlite:trustcard.db or postgres://user@host/db")
	}
	if strings.HasPrefix(c.DatabaseURL, "postgres") {
		if _, err := url.Parse(c.DatabaseURL); err != nil {
			return fmt.Errorf("TRUSTCARD_DATABASE_URL: not a valid URL: %v", err)
		}
	}
	c.BaseURLGiven = c.BaseURL != ""
	if !c.BaseURLGiven {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("TRUSTCARD_BASE_URL: %q must be an http or https URL such as https://trust.example.com", c.BaseURL)
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return fmt.Errorf("TRUSTCARD_SMTP_URL: scheme must be smtp or smtps, as in smtp://user:pass@mail.example.com:587")
		}
	}
	if c.Role != "all" && c.Role != "web" && c.Role != "worker" {
		return fmt.Errorf("TRUSTCARD_ROLE: %q must be all, web or worker", c.Role)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return fmt.Errorf("TRUSTCARD_LOG_LEVEL: %v", err)
	}
	if _, err := api.ParseProxies(c.Proxies); err != nil {
		return fmt.Errorf("TRUSTCARD_TRUSTED_PROXIES: %v", err)
	}
	if c.Limits.Ingest > 0 && c.Limits.Ingest < 1000 {
		return fmt.Errorf("TRUSTCARD_INGEST_PER_MINUTE: %d would refuse a full batch of 1,000 interactions; use 0 (no limit) or at least 1000", c.Limits.Ingest)
	}
	return c.validateSizes()
}

// validateSizes checks the pool sizes, limits and timeouts.
func (c *Config) validateSizes() error {
	for _, r := range []struct {
		env       string
		v, lo, hi int
		why       string
	}{
		{"TRUSTCARD_DB_MAX_CONNS", c.DB.MaxConns, 1, 1000, ""},
		{"TRUSTCARD_DB_MAX_IDLE_CONNS", c.DB.MaxIdleConns, 0, 1000, ""},
		{"TRUSTCARD_HTTP_BODY_LIMIT", c.HTTP.BodyLimit, 64 << 10, 1 << 30, " bytes (a batch of 1,000 interactions needs about 3 MB)"},
		{"TRUSTCARD_SMTP_CONNECTIONS", c.Outbox.SMTPConnections, 1, 100, ""},
		{"TRUSTCARD_OUTBOX_CONCURRENCY", c.Outbox.Concurrency, 1, 1000, ""},
		{"TRUSTCARD_OUTBOX_BATCH", c.Outbox.Batch, 1, 10000, ""},
		{"TRUSTCARD_API_KEY_RATE", c.Limits.APIKeyRate, 0, 1000000, ""},
		{"TRUSTCARD_API_KEY_BURST", c.Limits.APIKeyBurst, 1, 1000000, ""},
		{"TRUSTCARD_FAILED_CREDENTIALS_PER_MINUTE", c.Limits.FailedCredentials, 0, 1000000, ""},
		{"TRUSTCARD_INGEST_PER_MINUTE", c.Limits.Ingest, 0, 100000000, ""},
	} {
		if r.v < r.lo || r.v > r.hi {
			return fmt.Errorf("%s: %d is out of range; use a number from %d to %d%s", r.env, r.v, r.lo, r.hi, r.why)
		}
	}
	for _, r := range []struct {
		env       string
		v, lo, hi time.Duration
		text      string // the range and an example
	}{
		{"TRUSTCARD_HTTP_READ_TIMEOUT", c.HTTP.ReadTimeout, time.Second, 24 * time.Hour, "from 1s to 24h, such as 30s"},
		{"TRUSTCARD_HTTP_WRITE_TIMEOUT", c.HTTP.WriteTimeout, time.Second, 24 * time.Hour, "from 1s to 24h, such as 30s"},
		{"TRUSTCARD_HTTP_IDLE_TIMEOUT", c.HTTP.IdleTimeout, time.Second, 24 * time.Hour, "from 1s to 24h, such as 30s"},
		{"TRUSTCARD_DB_TIMEOUT", c.HTTP.DBTimeout, 100 * time.Millisecond, time.Minute, "from 100ms to 1m, such as 3s"},
		{"TRUSTCARD_OUTBOX_LEASE", c.Outbox.Lease, 4 * time.Second, 24 * time.Hour, "from 4s to 24h, such as 2m"},
	} {
		if r.v < r.lo || r.v > r.hi {
			return fmt.Errorf("%s: %s is out of range; use a duration %s", r.env, r.v, r.text)
		}
	}
	return nil
}

// Dump writes the configuration with secrets hidden.
func (c *Config) Dump(w io.Writer) {
	for _, s := range c.settings() {
		v := s.value.String()
		if s.secret && v != "" {
			v = redact(v)
		}
		fmt.Fprintf(w, "%s=%s\n", s.env, v)
	}
}

// redact hides a URL's password, or all of a value that is not a URL.
func redact(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" {
		return "********"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "********")
	}
	return u.Redacted()
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("%q is not debug, info, warn or error", s)
	}
	return l, nil
}

func newLogger(level string, w io.Writer) *slog.Logger {
	l, _ := parseLevel(level)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
