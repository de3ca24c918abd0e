package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"trustcard/surveys/store/storetest"
)

// trustcard --help lists the commands, as "trustcard help" does.
func TestHelpListsCommands(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "help"} {
		out, _, err := runCLIOut(nil, arg)
		if err != nil && err != errDone {
			t.Fatalf("trustcard %s: %v", arg, err)
		}
		for _, want := range []string{"serve", "migrate", "apikey create", "user create", "report", "rollup rebuild", "--base-url"} {
			if !strings.Contains(out, want) {
				t.Errorf("trustcard %s does not mention %q:\n%s", arg, want, out)
			}
		}
	}
}

// Links printed by the CLI start with --base-url when given, else with the
// URL serve was started with, else with a guess that stderr owns up to.
func TestCLILinksUseTheServersBaseURL(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.MustDSN(t, driver)
			link := func(email string, args ...string) (string, string) {
				t.Helper()
				args = append([]string{"user", "create", "--email", email, "--role", "leader", "--database-url", dsn}, args...)
				out, notes, err := runCLIOut(nil, args...)
				if err != nil {
					t.Fatalf("user create: %v\n%s", err, notes)
				}
				return out, notes
			}
			out, notes := link("a@acme.test")
			if !strings.HasPrefix(out, "http://127.0.0.1:8080/signin/") || !strings.Contains(notes, "a guess from --addr") {
				t.Errorf("before serve: link %q, notes %q; want the guess, said on stderr", out, notes)
			}

			cfg := DefaultConfig()
			cfg.Addr, cfg.DatabaseURL, cfg.BaseURL = "127.0.0.1:0", dsn, "https://trust.acme.test/"
			mustRunConfig(t, cfg).Close()

			out, notes = link("b@acme.test")
			if !strings.HasPrefix(out, "https://trust.acme.test/signin/tcs_") || notes != "" {
				t.Errorf("after serve: link %q, notes %q; want the URL serve recorded, and no note", out, notes)
			}
			out, _ = link("c@acme.test", "--base-url", "https://given.acme.test")
			if !strings.HasPrefix(out, "https://given.acme.test/signin/") {
				t.Errorf("with --base-url: link %q, want the URL given", out)
			}
			out, _, err := runCLIOut(map[string]string{"TRUSTCARD_BASE_URL": "https://env.acme.test"},
				"user", "create", "--email", "d@acme.test", "--role", "leader", "--database-url", dsn)
			if err != nil || !strings.HasPrefix(out, "https://env.acme.test/signin/") {
				t.Errorf("with TRUSTCARD_BASE_URL: link %q (%v), want the URL given", out, err)
			}
		})
	}
}

// runCLIOut runs a command line with env as the environment and returns
// what it wrote to stdout and to stderr.
func runCLIOut(env map[string]string, args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut, getenv: func(k string) string { return env[k] }}
	err = c.run(context.Background(), args)
	return out.String(), errOut.String(), err
}
