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
	// DrawReports draws the PDFs of a monthly report email; without it
	// report emails fail.
	DrawReports func(*surveys.ReportMail) ([]mail.Attachment, error)
	opts        Options

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
	limits   limits
}

// New returns an outbox; call Start to run it.
func New(svc *surveys.Service, sender mail.Sender, logger *slog.Logger, opts Options) *Outbox {
	return &Outbox{Service: svc, Sender: sender, Logger: logger, opts: opts}
}

// Start claims and delivers jobs in the background until Shutdown.
func (o *Outbox) Start() {
	o.stop, o.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(o.done)
		var swept time.Time
		for {
			if o.opts.SweepEvery > 0 && time.Since(swept) >= o.opts.SweepEvery {
				swept = time.Now()
				if n, err := o.Service.ApplyRetention(context.Background()); err != nil || n > 0 {
					o.Logger.Info("data retention applied", "buyers_erased", n, "err", err)
				}
				o.scheduleReports(context.Background())
			}
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
	}()
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

// RunOnce claims one batch of due jobs, delivers them and returns how many
// it claimed.
func (o *Outbox) RunOnce(ctx context.Context) (int, error) {
	now := o.Service.Clock.Now()
	jobs, err := o.Service.Store.ClaimJobs(ctx, now, o.opts.Batch, o.opts.Lease)
	if err != nil {
		return 0, err
	}
	sem := make(chan struct{}, max(1, o.opts.Concurrency))
	var wg sync.WaitGroup
	for _, job := range jobs {
		sem <- struct{}{}
		// Jobs not started when shutting down, or when half their lease
		// is gone, are left to run out their lease and be claimed again,
		// so that no two workers send the same email.
		if o.stopping() || o.Service.Clock.Now().After(now.Add(o.opts.Lease/2)) {
			<-sem
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			o.deliver(ctx, job)
		}()
	}
	wg.Wait()
	return len(jobs), nil
}

func (o *Outbox) stopping() bool {
	select {
	case <-o.stop:
		return true
	default:
		return false
	}
}

// deliver sends one job's email and records the outcome.
func (o *Outbox) deliver(ctx context.Context, job *surveys.Job) {
	err := o.send(ctx, job)
	now := o.Service.Clock.Now()
	switch {
	case err == nil:
		return
	case mail.IsPermanent(err):
		o.Logger.Info("address refused", "job", job.ID, "err", err)
		err = o.Service.MarkBounced(ctx, job, now, err.Error())
	default:
		o.Logger.Warn("send failed, will retry", "job", job.ID, "attempt", job.Attempts, "err", err)
		err = o.Service.Store.RetryJob(ctx, job.ID, err.Error(), now.Add(surveys.RetryBackoff(job.Attempts)))
	}
	if err != nil {
		o.Logger.Error("record delivery outcome", "job", job.ID, "err", err)
	}
}

func (o *Outbox) send(ctx context.Context, job *surveys.Job) error {
	switch job.Kind {
	case surveys.JobExpire:
		return o.Service.Expire(ctx, job)
	case surveys.JobMonthlyReports:
		return o.Service.FanOutReports(ctx, job)
	case surveys.JobLeaderReport, surveys.JobRepCard:
		return o.sendReport(ctx, job)
	}
	out, err := o.Service.Outgoing(ctx, job)
	if err != nil {
		return err
	}
	if out == nil { // nothing to send any more
		return o.Service.Store.FinishJob(ctx, job.ID, o.Service.Clock.Now())
	}
	msg, err := mail.Invitation(out, o.opts.BaseURL)
	if err != nil { // a bug, not the buyer's address: fail the job, keep the buyer
		o.Logger.Error("render email", "job", job.ID, "err", err)
		return o.Service.Store.RetryJob(ctx, job.ID, err.Error(), time.Time{})
	}
	// The org's send-rate limit (send_per_minute).
	if !o.opts.Unlimited {
		if err := o.limits.For(out.Org.ID, out.Org.Settings.Delivery.SendPerMinute).Wait(ctx); err != nil {
			return err
		}
	}
	if err := o.Sender.Send(ctx, msg); err != nil {
		return err
	}
	return o.Service.MarkSent(ctx, job, o.Service.Clock.Now())
}
