// Command trustcard is the whole product in one binary: the web server and
// its workers (serve), and the operator's tools (migrate, apikey, user).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := &cli{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	if err := c.run(ctx, os.Args[1:]); err != nil && !errors.Is(err, errDone) {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "trustcard:", err)
		}
		os.Exit(1)
	}
}

// errUsage means the usage was printed already; errDone that the command
// finished early with success (--help, --config-dump).
var (
	errUsage = errors.New("usage")
	errDone  = errors.New("done")
)

const usage = `Trustcard: buyer-rated trust scores for sales teams.

Usage:
  trustcard [serve] [--demo] [flags]   run the web app, API and workers (default)
  trustcard migrate [flags]            apply database migrations and exit
  trustcard apikey create --name NAME  print a new API key for the org
  trustcard user create --email E --role admin|leader|rep [--rep EXTERNAL_ID]
                                       create a user and print a one-time sign-in link
  trustcard user link --email E [--send]
                                       print a new sign-in link for a user, or email it
  trustcard user deactivate|reactivate --email E
                                       sign a user out everywhere and stop their links, or let them back
  trustcard report --rep ID|--team ID [--all-cards] [--from DATE] [--to DATE] -o FILE
                                       write a PDF report card, a team report or a ZIP of cards
  trustcard rollup rebuild             recompute score rollups from the raw answers
  trustcard demo --reps N --responses M
                                       bulk-load synthetic data for load tests
  trustcard bench --key KEY [--url URL] [--rate N] [--duration D]
                                       drive a running server with interactions and
                                       survey answers at a fixed rate; print latencies

Run "trustcard COMMAND --help" for a command's flags. Every flag has a
TRUSTCARD_* environment variable; flags win.

Links the commands print start with --base-url (TRUSTCARD_BASE_URL) when
given, else with the URL "trustcard serve" was last started with (it
records it in the database), else with a guess from --addr, said on stderr.
`

// cli is one invocation's surroundings, so tests can run commands in-process.
type cli struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// run dispatches a command line.
func (c *cli) run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(c.stdout, usage)
		return errDone
	}
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return c.serve(ctx, args)
	case "migrate":
		return c.migrate(ctx, args)
	case "apikey":
		return c.apikey(ctx, args)
	case "user":
		return c.user(ctx, args)
	case "report":
		return c.report(ctx, args)
	case "rollup":
		return c.rollup(ctx, args)
	case "demo":
		return c.demo(ctx, args)
	case "bench":
		return c.bench(ctx, args)
	case "help":
		fmt.Fprint(c.stdout, usage)
		return nil
	}
	fmt.Fprint(c.stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
