package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"
)

// benchOptions are the flags of trustcard bench.
type benchOptions struct {
	URL, Key    string
	Rate        int           // requests a second, interactions and answers together
	Duration    time.Duration // how long to send
	AnswerShare float64       // the share of requests that are survey answers
	Reps        int           // reps the interactions are spread over
}

const benchHelp = `trustcard bench: drive a running server with interactions and survey
answers at a fixed rate, open loop (each request starts on schedule, and its
latency counts from then), and print throughput, p50/p90/p99 and errors.

It needs an API key with manage, interactions:write and read, and a server
that captures mail (no TRUSTCARD_SMTP_URL): before the run it creates the
reps bench-1..N, posts an interaction per survey answer it will send (3 hours
old, so each survey is due at once), raises the org's send_per_minute while
the workers send them (and puts it back), reads the survey links from the
captured mail as an admin would, and opens each survey page for its form.
Each answer carries X-Forwarded-For 10.x.y.z as its own buyer: start the
server with TRUSTCARD_TRUSTED_PROXIES=127.0.0.1 so the buyer pages' limit
per address counts them apart, and TRUSTCARD_API_KEY_RATE=0 (or above
--rate) and TRUSTCARD_INGEST_PER_MINUTE=0 so the key's own limits do not
answer instead of the server.`

func (c *cli) bench(ctx context.Context, args []string) error {
	o := benchOptions{URL: "http://127.0.0.1:8080", Key: c.getenv("TRUSTCARD_BENCH_KEY")}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.StringVar(&o.URL, "url", o.URL, "the server's `URL`")
	fs.StringVar(&o.Key, "key", o.Key, "an API `key` with manage, interactions:write and read (TRUSTCARD_BENCH_KEY)")
	fs.IntVar(&o.Rate, "rate", 100, "`requests` a second, interactions and answers together")
	fs.DurationVar(&o.Duration, "duration", 30*time.Second, "how long to send (a `duration`)")
	fs.Float64Var(&o.AnswerShare, "answers", 0.5, "the `share` of requests that are survey answers, 0 to 1")
	fs.IntVar(&o.Reps, "reps", 20, "`reps` the interactions are spread over")
	fs.Usage = func() { fmt.Fprintf(fs.Output(), "%s\n\nFlags:\n", benchHelp); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errDone
		}
		return errUsage
	}
	if err := o.validate(); err != nil {
		return err
	}
	b := newBenchClient(o)
	calls, err := b.prepare(ctx, c.stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "sending %d requests at %d a second for %s\n", len(calls), o.Rate, o.Duration)
	res := runOpenLoop(ctx, calls, o.Rate, c.stderr)
	res.print(c.stdout, o)
	return nil
}

func (o *benchOptions) validate() error {
	o.URL = strings.TrimRight(o.URL, "/")
	switch {
	case o.Key == "":
		return fmt.Errorf("--key is required: create one with trustcard apikey create --name bench")
	case o.Rate < 1 || o.Rate > 100000:
		return fmt.Errorf("--rate: %d is out of range; use 1 to 100000 requests a second", o.Rate)
	case o.Duration < time.Second || o.Duration > 24*time.Hour:
		return fmt.Errorf("--duration: %s is out of range; use 1s to 24h", o.Duration)
	case o.AnswerShare < 0 || o.AnswerShare > 1:
		return fmt.Errorf("--answers: %g is out of range; use a share from 0 to 1, such as 0.5", o.AnswerShare)
	case o.Reps < 1 || o.Reps > 10000:
		return fmt.Errorf("--reps: %d is out of range; use 1 to 10000", o.Reps)
	}
	return nil
}
