package outbox

import (
	"context"
	"sync"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// RunOnce claims one batch of due jobs, delivers them and returns how many
// it claimed. What to send is read in one transaction, and what was sent
// recorded in another.
func (o *Outbox) RunOnce(ctx context.Context) (int, error) {
	now := o.Service.Clock.Now()
	jobs, err := o.Service.Store.ClaimJobs(ctx, now, o.opts.Batch, o.opts.Lease)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	var mails []*surveys.Job
	for _, job := range jobs {
		if job.Kind == surveys.JobExpire {
			o.record(job, o.Service.Expire(ctx, job))
			continue
		}
		mails = append(mails, job)
	}
	outs := o.outgoing(ctx, mails)
	// Jobs not started when shutting down, or when half their lease is
	// gone, are left to run out their lease and be claimed again, so that
	// no two workers send the same email.
	deadline := now.Add(o.opts.Lease / 2)
	sent := o.sendAll(ctx, mails, outs, deadline)
	if len(sent) > 0 {
		if err := o.Service.MarkSent(ctx, sent); err != nil {
			for _, x := range sent { // find the one that fails; record the others
				o.record(x.Job, o.Service.MarkSent(ctx, []surveys.Sent{x}))
			}
		}
	}
	return len(jobs), nil
}

// outgoing returns what each job should send (nil: nothing). When the batch
// cannot be read as a whole, each job is read alone, and a job that still
// fails is retried later.
func (o *Outbox) outgoing(ctx context.Context, jobs []*surveys.Job) []*surveys.Outgoing {
	if len(jobs) == 0 {
		return nil
	}
	outs, err := o.Service.Outgoing(ctx, jobs)
	if err == nil {
		return outs
	}
	outs = make([]*surveys.Outgoing, len(jobs))
	for i, job := range jobs {
		one, err := o.Service.Outgoing(ctx, []*surveys.Job{job})
		if err != nil {
			o.retry(ctx, job, err)
			continue
		}
		outs[i] = one[0]
	}
	return outs
}

// sendAll sends the messages of outs, Concurrency at a time across rounds,
// and returns those the mail server accepted.
func (o *Outbox) sendAll(ctx context.Context, jobs []*surveys.Job, outs []*surveys.Outgoing, deadline time.Time) []surveys.Sent {
	var (
		mu   sync.Mutex
		sent []surveys.Sent
		wg   sync.WaitGroup
	)
	for i, out := range outs {
		if out == nil {
			continue
		}
		o.inFlight <- struct{}{}
		if o.stopping() || o.Service.Clock.Now().After(deadline) {
			<-o.inFlight
			continue
		}
		wg.Go(func() {
			defer func() { <-o.inFlight }()
			if o.send(ctx, jobs[i], out) {
				mu.Lock()
				sent = append(sent, surveys.Sent{Job: jobs[i], At: o.Service.Clock.Now()})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return sent
}

// send renders and sends one message, and reports whether the mail server
// accepted it; a refusal is recorded here.
func (o *Outbox) send(ctx context.Context, job *surveys.Job, out *surveys.Outgoing) bool {
	msg, err := mail.Invitation(out, o.opts.BaseURL)
	if err != nil { // a bug, not the buyer's address: fail the job, keep the buyer
		o.Logger.Error("render email", "job", job.ID, "err", err)
		o.record(job, o.Service.Store.RetryJob(ctx, job.ID, err.Error(), time.Time{}))
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
		return true
	case mail.IsPermanent(err):
		o.Logger.Info("address refused", "job", job.ID, "err", err)
		o.record(job, o.Service.MarkBounced(ctx, job, o.Service.Clock.Now(), err.Error()))
	default:
		o.retry(ctx, job, err)
	}
	return false
}

// retry makes job due again after its backoff.
func (o *Outbox) retry(ctx context.Context, job *surveys.Job, cause error) {
	o.Logger.Warn("delivery failed, will retry", "job", job.ID, "attempt", job.Attempts, "err", cause)
	next := o.Service.Clock.Now().Add(surveys.RetryBackoff(job.Attempts))
	o.record(job, o.Service.Store.RetryJob(ctx, job.ID, cause.Error(), next))
}

// record logs a failure to record a job's outcome; its lease then runs out
// and the job is claimed again.
func (o *Outbox) record(job *surveys.Job, err error) {
	if err != nil {
		o.Logger.Error("record delivery outcome", "job", job.ID, "err", err)
	}
}
