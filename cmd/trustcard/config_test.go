package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

func TestConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"BadSMTPScheme", func(c *Config) { c.SMTPURL = "http://mail" }, "TRUSTCARD_SMTP_URL: scheme must be smtp or smtps"},
		{"BadAddr", func(c *Config) { c.Addr = "8080" }, "TRUSTCARD_ADDR"},
		{"BadBaseURL", func(c *Config) { c.BaseURL = "ftp://x" }, "TRUSTCARD_BASE_URL"},
		{"BadLogLevel", func(c *Config) { c.LogLevel = "loud" }, "TRUSTCARD_LOG_LEVEL"},
		{"BadRole", func(c *Config) { c.Role = "both" }, "TRUSTCARD_ROLE"},
		{"BadTrustedProxy", func(c *Config) { c.Proxies = "10.0.0.0/8, lb.internal" }, "TRUSTCARD_TRUSTED_PROXIES"},
		{"NoSMTPConnections", func(c *Config) { c.Outbox.SMTPConnections = 0 }, "TRUSTCARD_SMTP_CONNECTIONS: 0 is out of range; use a number from 1 to 100"},
		{"NoSenders", func(c *Config) { c.Outbox.Concurrency = 0 }, "TRUSTCARD_OUTBOX_CONCURRENCY"},
		{"NoBatch", func(c *Config) { c.Outbox.Batch = 0 }, "TRUSTCARD_OUTBOX_BATCH"},
		{"NoDBConns", func(c *Config) { c.DB.MaxConns = 0 }, "TRUSTCARD_DB_MAX_CONNS"},
		{"NegativeIdle", func(c *Config) { c.DB.MaxIdleConns = -1 }, "TRUSTCARD_DB_MAX_IDLE_CONNS: -1 is out of range; use a number from 0 to 1000"},
		{"TinyBodyLimit", func(c *Config) { c.HTTP.BodyLimit = 1000 }, "TRUSTCARD_HTTP_BODY_LIMIT"},
		{"NoReadTimeout", func(c *Config) { c.HTTP.ReadTimeout = 0 }, "TRUSTCARD_HTTP_READ_TIMEOUT: 0s is out of range; use a duration from 1s to 24h"},
		{"NoWriteTimeout", func(c *Config) { c.HTTP.WriteTimeout = time.Millisecond }, "TRUSTCARD_HTTP_WRITE_TIMEOUT"},
		{"NoIdleTimeout", func(c *Config) { c.HTTP.IdleTimeout = -time.Second }, "TRUSTCARD_HTTP_IDLE_TIMEOUT"},
		{"NoDBTimeout", func(c *Config) { c.HTTP.DBTimeout = 0 }, "TRUSTCARD_DB_TIMEOUT: 0s is out of range; use a duration from 100ms to 1m"},
		{"ShortLease", func(c *Config) { c.Outbox.Lease = time.Second }, "TRUSTCARD_OUTBOX_LEASE: 1s is out of range; use a duration from 4s to 24h"},
		{"NegativeKeyRate", func(c *Config) { c.Limits.APIKeyRate = -1 }, "TRUSTCARD_API_KEY_RATE"},
		{"NoKeyBurst", func(c *Config) { c.Limits.APIKeyBurst = 0 }, "TRUSTCARD_API_KEY_BURST"},
		{"NegativeFailures", func(c *Config) { c.Limits.FailedCredentials = -1 }, "TRUSTCARD_FAILED_CREDENTIALS_PER_MINUTE"},
		{"IngestBelowABatch", func(c *Config) { c.Limits.Ingest = 999 }, "TRUSTCARD_INGEST_PER_MINUTE: 999 would refuse a full batch"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if c := DefaultConfig(); c.Validate() != nil {
		t.Errorf("the default config is invalid: %v", c.Validate())
	}
}

// The defaults are what the README's dispatch figures were measured with:
// four senders on four SMTP connections, a 2-minute lease, and 4 MB bodies.
func TestConfigDefaults(t *testing.T) {
	c := DefaultConfig()
	if got, want := fmt.Sprint(c.Outbox, c.DB, c.HTTP.BodyLimit), "{4 4 100 2m0s} {20 20} 4194304"; got != want {
		t.Errorf("defaults = %s, want %s", got, want)
	}
}

func TestConfigDumpHidesSecrets(t *testing.T) {
	out := mustCLI(t, "serve", "--config-dump", "--smtp-url", "smtp://u:hunter2@mail:587",
		"--database-url", "postgres://app:s3cret@db/trustcard")
	for _, secret := range []string{"hunter2", "s3cret"} {
		if strings.Contains(out, secret) {
			t.Errorf("config dump shows %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "TRUSTCARD_SMTP_URL=smtp://u:") {
		t.Errorf("config dump lacks the SMTP URL:\n%s", out)
	}
}

// Environment variables override the defaults and flags override both.
func TestConfigFlagsWin(t *testing.T) {
	env := map[string]string{"TRUSTCARD_SMTP_CONNECTIONS": "8", "TRUSTCARD_DB_MAX_CONNS": "30",
		"TRUSTCARD_HTTP_READ_TIMEOUT": "20s", "TRUSTCARD_DEMO": "TRUE"}
	out, err := runCLI(env, "serve", "--config-dump", "--smtp-connections", "6", "--http-body-limit", "8388608")
	if err != errDone {
		t.Fatalf("serve --config-dump: %v", err)
	}
	for _, want := range []string{"TRUSTCARD_SMTP_CONNECTIONS=6", "TRUSTCARD_DB_MAX_CONNS=30", "TRUSTCARD_HTTP_READ_TIMEOUT=20s",
		"TRUSTCARD_HTTP_BODY_LIMIT=8388608", "TRUSTCARD_OUTBOX_CONCURRENCY=4", "TRUSTCARD_OUTBOX_BATCH=100",
		"TRUSTCARD_DB_MAX_IDLE_CONNS=20", "TRUSTCARD_HTTP_WRITE_TIMEOUT=1m0s", "TRUSTCARD_HTTP_IDLE_TIMEOUT=1m0s", "TRUSTCARD_DEMO=true"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("config dump lacks %s:\n%s", want, out)
		}
	}
}

// The limits reach the server as configured; zero turns one off.
func TestConfigLimits(t *testing.T) {
	c := DefaultConfig()
	c.Bind(flag.NewFlagSet("serve", flag.ContinueOnError), func(env string) string {
		return map[string]string{"TRUSTCARD_API_KEY_RATE": "7", "TRUSTCARD_API_KEY_BURST": "9",
			"TRUSTCARD_FAILED_CREDENTIALS_PER_MINUTE": "0", "TRUSTCARD_INGEST_PER_MINUTE": "1200"}[env]
	}, true)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	l, err := c.apiLimits()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(l.APIKey, l.FailedCredentials, l.Ingest), "{7 9} {0 0} {20 1200}"; got != want {
		t.Errorf("limits = %s, want %s", got, want)
	}
	if d, _ := (&Config{Limits: DefaultConfig().Limits}).apiLimits(); fmt.Sprint(d.APIKey, d.FailedCredentials.Burst, d.Ingest.Burst) != fmt.Sprint(api.DefaultLimits.APIKey, 20, 10000) {
		t.Errorf("default limits = %v, want the api's defaults", d)
	}
}

// A value that does not parse is named with its variable, before anything runs.
func TestConfigEnvironmentErrors(t *testing.T) {
	for env, want := range map[string]string{
		"TRUSTCARD_SMTP_CONNECTIONS":  `TRUSTCARD_SMTP_CONNECTIONS: "four" is not a whole number`,
		"TRUSTCARD_HTTP_IDLE_TIMEOUT": `TRUSTCARD_HTTP_IDLE_TIMEOUT: "four" is not a duration such as 30s or 2m`,
		"TRUSTCARD_DEMO":              `TRUSTCARD_DEMO: "four" is not true or false`,
	} {
		if _, err := runCLI(map[string]string{env: "four"}, "serve", "--config-dump"); err == nil || err.Error() != want {
			t.Errorf("%s=four: %v, want %q", env, err, want)
		}
	}
}

// The README's configuration table has a row for every setting, with its
// flag, and no row for a setting that does not exist.
func TestREADMEListsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "\n## Configuration\n")
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]string{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(TRUSTCARD_\\w+)` \\| `--([\\w-]+)` \\|").FindAllStringSubmatch(section, -1) {
		rows[m[1]] = m[2]
	}
	c := DefaultConfig()
	for _, s := range c.settings() {
		if got, ok := rows[s.env]; !ok || got != s.flag {
			t.Errorf("README: want a row | `%s` | `--%s` | in the configuration table", s.env, s.flag)
		}
		delete(rows, s.env)
	}
	for env := range rows {
		t.Errorf("README lists %s, which is no setting", env)
	}
}

// serve opens the pool and serves with the limits it is given.
func TestServeUsesPoolAndLimits(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			cfg := DefaultConfig()
			cfg.Addr, cfg.DatabaseURL = "127.0.0.1:0", storetest.MustDSN(t, driver)
			cfg.DB.MaxConns, cfg.HTTP.BodyLimit = 7, 64<<10
			m := mustRunConfig(t, cfg)
			sqlDB, err := m.DB.Gorm().DB()
			if err != nil {
				t.Fatal(err)
			}
			want := 7
			if driver == store.SQLite {
				want = 1 // one writer
			}
			if got := sqlDB.Stats().MaxOpenConnections; got != want {
				t.Errorf("pool of %d connections, want %d", got, want)
			}
			if got := apitest.MustAnnounce(t, m.URL(), "/api/v1/reps", "", cfg.HTTP.BodyLimit+1).Status; got != http.StatusRequestEntityTooLarge {
				t.Errorf("a body over TRUSTCARD_HTTP_BODY_LIMIT: status %d, want 413", got)
			}
		})
	}
}

// runCLI runs a command line with env as the environment.
func runCLI(env map[string]string, args ...string) (string, error) {
	var out bytes.Buffer
	c := &cli{stdout: &out, stderr: io.Discard, getenv: func(k string) string { return env[k] }}
	err := c.run(context.Background(), args)
	return out.String(), err
}
