// Package outbox delivers Trustcard's background work: it claims due jobs
// from the database (the queue of record), sends survey emails through a
// mail.Sender, and records the outcome. State advances only after the mail
// server accepted a message; a worker that dies leaves its jobs to be
// claimed again when their lease runs out.
package outbox

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// Options tune the workers.
type Options struct {
	BaseURL     string        // for links in emails
	Concurrency int           // messages in flight at once
	Batch       int           // jobs claimed per round
	Poll        time.Duration // pause when nothing is due
	Lease       time.Duration // how long a claim lasts before another worker may take the job
	Unlimited   bool          // ignore the orgs' send rates (the demo's replay of a past year)
	SweepEvery  time.Duration // how often to apply the orgs' data retention
}

// DefaultOptions suit one SMTP connection pool of a few connections.
var DefaultOptions = Options{Concurrency: 4, Batch: 50, Poll: time.Second, Lease: 2 * time.Minute, SweepEvery: time.Hour}

// Outbox runs the delivery workers.
type Outbox struct {
	Service *surveys.Service
	Sender  mail.Sender
	Logger  *slog.Logger
	opts    Options

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
	limits   limits
	inFlight chan struct{} // one slot per message being sent, across rounds
}

// New returns an outbox; call Start to run it.
func New(svc *surveys.Service, sender mail.Sender, logger *slog.Logger, opts Options) *Outbox {
	return &Outbox{Service: svc, Sender: sender, Logger: logger, opts: opts,
		inFlight: make(chan struct{}, max(1, opts.Concurrency))}
}

// rounds is how many claim–send–record rounds run side by side, so that
// one round's messages are on the wire while another talks to the database.
const rounds = 2

// Start claims and delivers jobs in the background until Shutdown.
func (o *Outbox) Start() {
	o.stop, o.done = make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(o.sweep)
	for range rounds {
		wg.Go(o.loop)
	}
	go func() { wg.Wait(); close(o.done) }()
}

// loop runs rounds until Shutdown, pausing when nothing is due.
func (o *Outbox) loop() {
	for {
		n, err := o.RunOnce(context.Background())
		if err != nil {
			o.Logger.Warn("outbox round failed", "err", err)
		}
		wait := time.Duration(0)
		if n == 0 || err != nil {
			wait = o.opts.Poll
		}
		select {
		case <-o.stop:
			return
		case <-time.After(wait):
		}
	}
}

// sweep applies the orgs' data retention every SweepEvery until Shutdown.
func (o *Outbox) sweep() {
	if o.opts.SweepEvery <= 0 {
		return
	}
	for {
		if n, err := o.Service.ApplyRetention(context.Background()); err != nil || n > 0 {
			o.Logger.Info("data retention applied", "buyers_erased", n, "err", err)
		}
		select {
		case <-o.stop:
			return
		case <-time.After(o.opts.SweepEvery):
		}
	}
}

// Shutdown stops claiming and waits for the messages in flight.
func (o *Outbox) Shutdown(ctx context.Context) error {
	if o.stop == nil {
		return nil
	}
	o.stopOnce.Do(func() { close(o.stop) })
	select {
	case <-o.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (o *Outbox) stopping() bool {
	select {
	case <-o.stop:
		return true
	default:
		return false
	}
}
