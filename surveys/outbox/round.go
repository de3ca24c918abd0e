package outbox

import (
	"context"
	"fmt"
	"sync"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// item is a job to run — a survey email to send (out set), a report email
// (report or reportErr set), or other work — and when its claim is half
// gone.
type item struct {
	job       *surveys.Job
	out       *surveys.Outgoing
	report    *surveys.ReportMail
	reportErr error
	deadline  time.Time
}

// RunOnce claims one batch of due jobs, delivers them, records the outcome
// and returns how many it claimed. While the database is away, it keeps
// trying to record what the mail server accepted until ctx ends.
func (o *Outbox) RunOnce(ctx context.Context) (int, error) {
	items, n, err := o.prepare(ctx)
	if err != nil || len(items) == 0 {
		return n, err
	}
	var (
		mu   sync.Mutex
		sent []surveys.Sent
		wg   sync.WaitGroup
	)
	slots := make(chan struct{}, max(1, o.opts.Concurrency))
	for _, it := range items {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if x := o.run(ctx, it); x != nil {
				mu.Lock()
				sent = append(sent, *x)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	o.waiting.Add(int64(len(sent)))
	if left := o.keep(ctx, sent); left > 0 {
		return n, fmt.Errorf("outbox: %d sent emails not recorded: %w", left, ctx.Err())
	}
	return n, nil
}

// prepare claims a batch of due jobs and returns the work to do and how
// many jobs it claimed. Report emails are gathered together; what survey
// emails to send is read in one transaction; when the batch cannot be read as a whole, each job is read
// alone, and a job that still fails is retried later.
func (o *Outbox) prepare(ctx context.Context) ([]item, int, error) {
	now := o.Worker.Now()
	jobs, err := o.Worker.ClaimJobs(ctx, o.opts.Batch, o.opts.Lease)
	if err != nil || len(jobs) == 0 {
		return nil, 0, err
	}
	// A job not started when half its lease is gone is left to run out its
	// lease and be claimed again, so that no two workers send one email.
	deadline := now.Add(o.opts.Lease / 2)
	var items []item
	var mails, reports []*surveys.Job
	for _, job := range jobs {
		switch job.Kind {
		case surveys.JobInvitation, surveys.JobReminder:
			mails = append(mails, job)
		case surveys.JobLeaderReport, surveys.JobRepCard:
			reports = append(reports, job)
		default:
			items = append(items, item{job: job, deadline: deadline})
		}
	}
	if len(reports) > 0 { // gathered together: a month's cards share their reads
		ms, errs := o.Worker.ReportMailsFor(ctx, reports)
		for i, job := range reports {
			items = append(items, item{job: job, report: ms[i], reportErr: errs[i], deadline: deadline})
		}
	}
	if len(mails) == 0 {
		return items, len(jobs), nil
	}
	outs, err := o.Worker.Outgoing(ctx, mails)
	if err != nil {
		outs = make([]*surveys.Outgoing, len(mails))
		for i, job := range mails {
			one, err := o.Worker.Outgoing(ctx, []*surveys.Job{job})
			if err != nil {
				o.retry(ctx, job, err)
				continue
			}
			outs[i] = one[0]
		}
	}
	for i, out := range outs {
		if out != nil {
			items = append(items, item{job: mails[i], out: out, deadline: deadline})
		}
	}
	return items, len(jobs), nil
}

// runItem runs it within the rest of its lease.
func (o *Outbox) runItem(it item) *surveys.Sent {
	ctx, cancel := context.WithTimeout(context.Background(), o.opts.Lease/2)
	defer cancel()
	return o.run(ctx, it)
}

// run does one item's work and returns, for an email the mail server
// accepted, the outcome to record; every other outcome is recorded here.
func (o *Outbox) run(ctx context.Context, it item) *surveys.Sent {
	var accepted bool
	var err error
	switch it.job.Kind {
	case surveys.JobInvitation, surveys.JobReminder:
		accepted = o.send(ctx, it.job, it.out)
	case surveys.JobExpire:
		err = o.Worker.Expire(ctx, it.job)
	case surveys.JobMonthlyReports:
		err = o.Worker.FanOutReports(ctx, it.job)
	case surveys.JobLeaderReport, surveys.JobRepCard:
		accepted, err = o.sendReport(ctx, it.job, it.report, it.reportErr)
	case surveys.JobSignInLink:
		accepted, err = o.sendSignIn(ctx, it.job)
	case surveys.JobSurveyTest:
		accepted, err = o.sendTrial(ctx, it.job)
	case surveys.JobAlertMail, surveys.JobAlertReminder:
		accepted, err = o.sendAlert(ctx, it.job)
	case surveys.JobDigest:
		accepted, err = o.sendDigest(ctx, it.job)
	case surveys.JobWebhook:
		err = o.postWebhook(ctx, it.job)
	case surveys.JobWebhookDisabled:
		accepted, err = o.sendWebhookDisabled(ctx, it.job)
	case surveys.JobPromise:
		accepted, err = o.sendPromise(ctx, it.job)
	default:
		o.counters.failed.Inc()
		err = o.Worker.RetryJob(ctx, it.job, "unknown job kind "+it.job.Kind, time.Time{})
	}
	if err != nil {
		o.retry(ctx, it.job, err)
	}
	if !accepted {
		return nil
	}
	return &surveys.Sent{Job: it.job, Out: it.out, At: o.Worker.Now()}
}

// send renders and sends one message, and reports whether the mail server
// accepted it; a refusal is recorded here.
func (o *Outbox) send(ctx context.Context, job *surveys.Job, out *surveys.Outgoing) bool {
	msg, err := mail.Invitation(out, o.opts.BaseURL)
	if err != nil { // a bug, not the buyer's address: fail the job, keep the buyer
		o.Logger.Error("render email", "job", job.ID, "err", err)
		o.counters.failed.Inc()
		o.record(job, o.Worker.FailInvitation(ctx, job, err.Error()))
		return false
	}
	if !o.opts.Unlimited { // the org's send-rate limit (send_per_minute)
		if err := o.limits.For(out.Org.ID, out.Org.Settings.Delivery.SendPerMinute).Wait(ctx); err != nil {
			o.retry(ctx, job, err)
			return false
		}
	}
	err = o.Sender.Send(ctx, msg)
	switch {
	case err == nil:
		o.counters.sent.Inc()
		return true
	case mail.IsPermanent(err):
		o.Logger.Info("address refused", "job", job.ID, "err", err)
		o.counters.bounced.Inc()
		o.record(job, o.Worker.MarkBounced(ctx, job, o.Worker.Now(), err.Error()))
	default:
		o.retry(ctx, job, err)
	}
	return false
}

// retry makes job due again after its backoff.
func (o *Outbox) retry(ctx context.Context, job *surveys.Job, cause error) {
	o.Logger.Warn("delivery failed, will retry", "job", job.ID, "attempt", job.Attempts, "err", cause)
	o.counters.retried.Inc()
	next := o.Worker.Now().Add(surveys.RetryBackoff(job.Attempts))
	o.record(job, o.Worker.RetryJob(ctx, job, cause.Error(), next))
}

// record logs a failure to record a job's outcome; its lease then runs out
// and the job is claimed again.
func (o *Outbox) record(job *surveys.Job, err error) {
	if err != nil {
		o.Logger.Error("record delivery outcome", "job", job.ID, "err", err)
	}
}
