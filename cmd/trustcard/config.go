package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"

	"trustcard/api"
)

// Config is the whole configuration: defaults, overridden by TRUSTCARD_*
// environment variables, overridden by flags.
type Config struct {
	Addr        string // TRUSTCARD_ADDR
	DatabaseURL string // TRUSTCARD_DATABASE_URL
	BaseURL     string // TRUSTCARD_BASE_URL; default from Addr
	SMTPURL     string // TRUSTCARD_SMTP_URL; empty: mail is captured
	LogLevel    string // TRUSTCARD_LOG_LEVEL
	Demo        bool   // TRUSTCARD_DEMO
	Role        string // TRUSTCARD_ROLE: all, web (HTTP only) or worker (sending only)
	Proxies     string // TRUSTCARD_TRUSTED_PROXIES: load balancers whose X-Forwarded-For is believed
}

// DefaultConfig is the embedded default: a SQLite file and captured mail.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", DatabaseURL: "sqlite:trustcard.db", LogLevel: "info", Role: "all"}
}

// setting ties a field to its environment variable and flag.
type setting struct {
	env, flag, usage string
	str              *string
	boolean          *bool
	secret           bool
	serveOnly        bool // a flag of serve only ("user create --role" means something else)
}

func (c *Config) settings() []setting {
	return []setting{
		{env: "TRUSTCARD_ADDR", flag: "addr", usage: "address to listen on, host:port", str: &c.Addr},
		{env: "TRUSTCARD_DATABASE_URL", flag: "database-url", usage: "postgres://… for PostgreSQL, or sqlite:PATH", str: &c.DatabaseURL, secret: true},
		{env: "TRUSTCARD_BASE_URL", flag: "base-url", usage: "public URL for links in emails (default: from --addr)", str: &c.BaseURL},
		{env: "TRUSTCARD_SMTP_URL", flag: "smtp-url", usage: "smtp://user:pass@host:port or smtps://…; empty captures mail", str: &c.SMTPURL, secret: true},
		{env: "TRUSTCARD_LOG_LEVEL", flag: "log-level", usage: "debug, info, warn or error", str: &c.LogLevel},
		{env: "TRUSTCARD_TRUSTED_PROXIES", flag: "trusted-proxies", usage: "load balancers whose X-Forwarded-For names the client: IPs or CIDRs, comma-separated", str: &c.Proxies, serveOnly: true},
		{env: "TRUSTCARD_ROLE", flag: "role", usage: "all, web (serve HTTP, send nothing) or worker (send, no HTTP)", str: &c.Role, serveOnly: true},
		{env: "TRUSTCARD_DEMO", flag: "demo", usage: "create demo data once and print how to sign in", boolean: &c.Demo, serveOnly: true},
	}
}

// Bind reads the environment into c and registers c's flags on fs; serve
// says whether the command is serve.
func (c *Config) Bind(fs *flag.FlagSet, getenv func(string) string, serve bool) {
	for _, s := range c.settings() {
		if v := getenv(s.env); v != "" {
			if s.boolean != nil {
				*s.boolean = v == "1" || strings.EqualFold(v, "true")
			} else {
				*s.str = v
			}
		}
		if s.serveOnly && !serve {
			continue
		}
		if s.boolean != nil {
			fs.BoolVar(s.boolean, s.flag, *s.boolean, s.usage+" ("+s.env+")")
		} else {
			fs.StringVar(s.str, s.flag, *s.str, s.usage+" ("+s.env+")")
		}
	}
}

// Validate checks every setting and names the variable at fault.
func (c *Config) Validate() error {
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
	if c.BaseURL == "" {
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
	return nil
}

// Dump writes the configuration with secrets hidden.
func (c *Config) Dump(w io.Writer) {
	for _, s := range c.settings() {
		v := ""
		if s.boolean != nil {
			v = fmt.Sprint(*s.boolean)
		} else {
			v = *s.str
		}
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
