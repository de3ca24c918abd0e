// Command trustcard is the whole product in one binary: the web server and
// its workers (serve), and the operator's tools (migrate, apikey, user).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "trustcard:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `Trustcard: buyer-rated trust scores for sales teams.

Usage:
  trustcard [serve] [--demo] [flags]   run the web app, API and workers (default)
  trustcard migrate [flags]            apply database migrations and exit
  trustcard apikey create --name NAME  print a new API key for the org
  trustcard user create --email E --role admin|leader|rep [--rep EXTERNAL_ID]
                                       create a user and print a one-time sign-in link

Run "trustcard COMMAND --help" for a command's flags. Every flag has a
TRUSTCARD_* environment variable; flags win.
`

// run dispatches a command line.
func run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args)
	case "migrate":
		return runMigrate(ctx, args)
	case "apikey":
		return runAPIKey(ctx, args)
	case "user":
		return runUser(ctx, args)
	case "help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
