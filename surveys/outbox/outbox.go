// Package outbox delivers Trustcard's background work: it claims due jobs
// from the database (the queue of record), sends survey emails through a
// mail.Sender, and records the outcome. State advances only after the mail
// server accepted a message. What the mail server accepted is kept in
// memory until the database stores it, however long the database is away,
// and the worker claims nothing meanwhile, so database trouble sends no
// email twice; a worker that dies leaves its jobs to be claimed again when
// their lease runs out. It counts what it did, and reports the queue's
// backlog, as Prometheus metrics.
package outbox

import (
	"cmp"
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/webhook"
)

// Options tune the workers.
type Options struct {
	BaseURL     string        // for links in emails
	Concurrency int           // messages in flight at once
	Batch       int           // jobs claimed, and sent messages recorded, at a time
	Poll        time.Duration // pause when nothing is due
	Lease       time.Duration // how long a claim lasts before another worker may take the job
	// Unrecorded bounds the accepted emails kept in memory until the
	// database stores them; sending waits while that many wait. Zero:
	// ten batches.
	Unrecorded int
	Unlimited  bool          // ignore the orgs' send rates (the demo's replay of a past year)
	SweepEvery time.Duration // how often to apply the orgs' data retention
	// DigestEvery is how often to queue the leaders' digests due; zero:
	// DefaultDigestEvery.
	DigestEvery time.Duration
	// Metrics is where the workers' counters are registered; nil: nowhere.
	Metrics prometheus.Registerer
	// Webhook bounds each webhook post (timeouts, answer size).
	Webhook webhook.Options
	// WebhookBackoff is the first wait after a failed webhook attempt,
	// doubling up to an hour; zero: 10 s.
	WebhookBackoff time.Duration
	// WebhookConcurrency bounds the webhook posts in flight; zero: 8.
	WebhookConcurrency int
}

// DefaultOptions are serve's defaults, and what the dispatch benchmark
// measures: four senders, one for each of four SMTP connections.
var DefaultOptions = Options{Concurrency: 4, Batch: 100, Poll: time.Second, Lease: 2 * time.Minute, SweepEvery: time.Hour}

// Outbox runs the delivery workers.
type Outbox struct {
	Worker *surveys.Worker
	Sender mail.Sender
	Logger *slog.Logger
	// DrawReports draws the PDFs of a monthly report email; without it
	// report emails fail.
	DrawReports func(*surveys.ReportMail) ([]mail.Attachment, error)
	opts        Options

	stop      chan struct{}
	done      chan struct{}
	stopOnce  sync.Once
	limits    limits
	counters  counters
	hooks     *webhook.Client
	hookSlots chan struct{}
	hookWG    sync.WaitGroup
	waiting   atomic.Int64 // accepted emails not stored yet
	stalled   atomic.Bool  // an attempt to store them failed since none last waited
}

// New returns an outbox; call Start to run it.
func New(worker *surveys.Worker, sender mail.Sender, logger *slog.Logger, opts Options) *Outbox {
	o := &Outbox{Worker: worker, Sender: sender, Logger: logger, opts: opts, hooks: webhook.New(opts.Webhook)}
	o.hookSlots = make(chan struct{}, cmp.Or(opts.WebhookConcurrency, webhookSlots))
	o.counters = newCounters(opts.Metrics, func() float64 { return float64(o.waiting.Load()) })
	return o
}

// Start claims and delivers jobs in the background until Shutdown, as a
// pipeline: one goroutine claims batches and reads what to send, Concurrency
// senders put messages on the wire, and one recorder writes what was sent
// in batches, so that sending never waits for the database.
func (o *Outbox) Start() {
	o.stop, o.done = make(chan struct{}), make(chan struct{})
	work := make(chan item, max(1, o.opts.Batch))
	unrecorded := o.opts.Unrecorded
	if unrecorded <= 0 {
		unrecorded = 10 * max(1, o.opts.Batch)
	}
	sent := make(chan surveys.Sent, unrecorded)
	var senders, all sync.WaitGroup
	all.Go(o.sweep)
	all.Go(o.scheduleDigests)
	all.Go(func() { o.claim(work); close(work) })
	for range max(1, o.opts.Concurrency) {
		senders.Go(func() {
			for it := range work {
				if o.stopping() || o.Worker.Now().After(it.deadline) {
					continue // left to run out its lease
				}
				if it.job.Kind == surveys.JobWebhook {
					o.goWebhook(it)
					continue
				}
				if x := o.runItem(it); x != nil {
					o.accepted(sent, *x)
				}
			}
		})
	}
	all.Go(func() { o.recordAll(sent) })
	go func() { senders.Wait(); o.hookWG.Wait(); close(sent); all.Wait(); close(o.done) }()
}

// claim feeds work with due messages until Shutdown, pausing when nothing
// is due, backing off while the database fails, and claiming nothing while
// accepted emails wait to be recorded: their jobs' leases may run out, and
// this worker must not claim them again.
func (o *Outbox) claim(work chan<- item) {
	pause := o.opts.Poll
	for !o.stopping() {
		if o.stalled.Load() {
			o.wait(o.opts.Poll)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), o.dbTimeout())
		items, n, err := o.prepare(ctx)
		cancel()
		if err != nil {
			o.Logger.Warn("outbox round failed, will retry", "err", err, "retry_in", pause)
		}
		for _, it := range items {
			work <- it
		}
		switch {
		case err != nil:
			o.wait(pause)
			pause = min(2*pause, claimRetryMax)
		case n == 0:
			pause = o.opts.Poll
			o.wait(pause)
		default:
			pause = o.opts.Poll
		}
	}
}

// claimRetryMax is the longest pause between claims while the database
// fails.
const claimRetryMax = 5 * time.Second

// wait pauses for d, or until Shutdown.
func (o *Outbox) wait(d time.Duration) {
	select {
	case <-o.stop:
	case <-time.After(d):
	}
}

// sweep applies the orgs' data retention every SweepEvery until Shutdown.
func (o *Outbox) sweep() {
	if o.opts.SweepEvery <= 0 {
		return
	}
	for {
		// A database that hangs holds a round for a lease at most.
		ctx, cancel := context.WithTimeout(context.Background(), max(o.opts.Lease, time.Minute))
		if n, err := o.Worker.ApplyRetention(ctx); err != nil || n > 0 {
			o.Logger.Info("data retention applied", "buyers_erased", n, "err", err)
		}
		o.scheduleReports(ctx)
		cancel()
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
		if n := o.waiting.Load(); n > 0 {
			o.Logger.Error("stopping with sent emails not recorded: they will be sent again when their lease runs out",
				"emails", n)
		}
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
