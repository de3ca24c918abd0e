package outbox

import (
	"context"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// webhookBackoff is the first wait after a failed webhook attempt when
// Options.WebhookBackoff is zero; it doubles up to an hour.
const webhookBackoff = 10 * time.Second

// webhookSlots bounds the webhook posts in flight at once when
// Options.WebhookConcurrency is zero.
const webhookSlots = 8

// postWebhook posts the delivery of a webhook job, when it is its turn,
// and records the attempt. A 2xx is recorded however long the database
// takes, within the job's lease, so that it is not sent twice.
func (o *Outbox) postWebhook(ctx context.Context, job *surveys.Job) error {
	x, err := o.Worker.ClaimWebhook(ctx, job, o.opts.Lease)
	if err != nil || x == nil {
		return err
	}
	at := o.hooks.Post(ctx, x, o.Worker.Now())
	base := o.opts.WebhookBackoff
	if base <= 0 {
		base = webhookBackoff
	}
	retryAt := o.Worker.Now().Add(surveys.WebhookRetryIn(x.Delivery.Attempts, base))
	if at.Succeeded() {
		o.counters.sent.Inc()
	} else {
		o.Logger.Info("webhook attempt failed", "endpoint", x.Endpoint.ID, "event", x.Delivery.EventID,
			"attempt", at.Attempt, "status", at.StatusCode, "err", at.Error, "retry_at", retryAt)
		o.counters.retried.Inc()
	}
	for pause := 100 * time.Millisecond; ; pause = min(2*pause, 5*time.Second) {
		err = o.Worker.RecordWebhook(ctx, job, x, at, retryAt)
		if err == nil || !at.Succeeded() {
			return err
		}
		o.Logger.Warn("record webhook delivery, will retry", "delivery", x.Delivery.ID, "err", err)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// goWebhook runs a webhook job on its own goroutine, among at most
// WebhookConcurrency, so that a receiver that hangs holds up neither the
// emails nor the other endpoints.
func (o *Outbox) goWebhook(it item) {
	o.hookWG.Go(func() {
		select {
		case o.hookSlots <- struct{}{}:
		case <-o.stop:
			return // left to run out its lease
		}
		defer func() { <-o.hookSlots }()
		if o.Worker.Now().After(it.deadline) {
			return
		}
		o.runItem(it)
	})
}

// sendWebhookDisabled emails an admin that an endpoint was disabled after
// a day of failures.
func (o *Outbox) sendWebhookDisabled(ctx context.Context, job *surveys.Job) (bool, error) {
	m, err := o.Worker.WebhookDisabledMail(ctx, job)
	if err != nil {
		return false, err
	}
	if m == nil {
		return false, o.Worker.FinishJob(ctx, job)
	}
	msg, err := mail.WebhookDisabled(m, o.opts.BaseURL)
	return o.deliver(ctx, job, msg, err)
}
