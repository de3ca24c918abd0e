package surveys

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// WebhookDispatch is a delivery ready to post, with the endpoint's secret
// and the org's rule on private addresses.
type WebhookDispatch struct {
	Delivery     *WebhookDelivery
	Endpoint     *WebhookEndpoint
	Secret       string
	AllowPrivate bool
}

// WebhookRetryIn is how long to wait after attempt n of a delivery fails:
// base doubling, up to an hour.
func WebhookRetryIn(n int, base time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// ClaimWebhook returns what a webhook job should post, leased for lease,
// or nil when there is nothing to post now; the job is then finished.
// Deliveries to one endpoint go strictly in order: a delivery waits while
// an earlier one to its endpoint is pending, and its job is queued again
// when that one is delivered (RecordWebhook). A delivery whose endpoint
// was disabled is cancelled.
func (w *Worker) ClaimWebhook(ctx context.Context, job *Job, lease time.Duration) (*WebhookDispatch, error) {
	now := w.clock.Now()
	d, err := w.store.ClaimWebhookDelivery(ctx, job.Ref, now, now.Add(lease))
	if err != nil {
		return nil, err
	}
	if d == nil { // not first in line, not due, leased by another job, or done
		return nil, w.store.FinishJob(ctx, now, job.ID)
	}
	e, err := findEndpoint(ctx, w.store, d.OrgID, d.EndpointID)
	if err != nil {
		return nil, err
	}
	if !e.Enabled {
		d.Status = DeliveryCancelled
		return nil, w.inTx(ctx, func(tx workerStore) error {
			if err := tx.SaveWebhookDelivery(ctx, d); err != nil {
				return err
			}
			return tx.FinishJob(ctx, now, job.ID)
		})
	}
	org, err := w.store.FindOrgByID(ctx, d.OrgID)
	if err != nil {
		return nil, err
	}
	set, err := w.store.FindWebhookSettings(ctx, d.OrgID)
	if err != nil {
		return nil, err
	}
	secret, err := WebhookSecret(org, e)
	if err != nil {
		return nil, fmt.Errorf("webhook endpoint %d: open secret: %w", e.ID, err)
	}
	return &WebhookDispatch{Delivery: d, Endpoint: e, Secret: secret, AllowPrivate: set.AllowPrivate}, nil
}

// RecordWebhook records attempt at, of the dispatch x claimed by job, in
// one transaction: the line of the delivery log, and then
//   - after a 2xx, the delivery done, the endpoint healthy, the next
//     delivery to the endpoint queued and job finished;
//   - after a failure, job due again at retryAt; or, when the endpoint has
//     failed for WebhookFailingFor without a success, the endpoint
//     disabled, its pending deliveries cancelled and its org's admins
//     emailed.
func (w *Worker) RecordWebhook(ctx context.Context, job *Job, x *WebhookDispatch, at *WebhookAttempt, retryAt time.Time) error {
	now := w.clock.Now()
	d, e := x.Delivery, x.Endpoint
	return w.inTx(ctx, func(tx workerStore) error {
		if err := tx.AddWebhookAttempt(ctx, at); err != nil {
			return err
		}
		if at.Succeeded() {
			return webhookDelivered(ctx, tx, job, d, e, now)
		}
		d.LastError, d.NextAt = at.Error, retryAt
		if err := tx.SaveWebhookDelivery(ctx, d); err != nil {
			return err
		}
		if e.FailingSince.IsZero() {
			e.FailingSince = at.At
		}
		if now.Sub(e.FailingSince) < WebhookFailingFor {
			if err := tx.UpdateWebhookEndpoint(ctx, e); err != nil {
				return err
			}
			return tx.RetryJob(ctx, job.ID, at.Error, retryAt)
		}
		return disableEndpoint(ctx, tx, job, e, now)
	})
}

// webhookDelivered records d delivered and queues the next delivery to e.
func webhookDelivered(ctx context.Context, tx workerStore, job *Job, d *WebhookDelivery, e *WebhookEndpoint, now time.Time) error {
	d.Status, d.DeliveredAt, d.LastError = DeliveryDelivered, now, ""
	if err := tx.SaveWebhookDelivery(ctx, d); err != nil {
		return err
	}
	if !e.FailingSince.IsZero() {
		e.FailingSince = time.Time{}
		if err := tx.UpdateWebhookEndpoint(ctx, e); err != nil {
			return err
		}
	}
	next, err := tx.NextWebhookDelivery(ctx, e.ID)
	if err != nil {
		return err
	}
	if next != 0 {
		if err := tx.EnqueueJob(ctx, &Job{OrgID: e.OrgID, Kind: JobWebhook, Ref: next, RunAt: now}); err != nil {
			return err
		}
	}
	return tx.FinishJob(ctx, now, job.ID)
}

// disableEndpoint switches e off after a day of failures, cancels what it
// has pending and queues an email to each of the org's admins.
func disableEndpoint(ctx context.Context, tx workerStore, job *Job, e *WebhookEndpoint, now time.Time) error {
	e.Enabled, e.DisabledReason, e.UpdatedAt = false, "failing", now
	if err := tx.UpdateWebhookEndpoint(ctx, e); err != nil {
		return err
	}
	if err := tx.CancelWebhookDeliveries(ctx, e.ID); err != nil {
		return err
	}
	role, active := RoleAdmin, true
	admins, _, err := tx.FindUsers(ctx, UserFilter{OrgID: e.OrgID, Role: &role, Active: &active, Page: Page{Limit: -1}})
	if err != nil {
		return err
	}
	jobs := make([]*Job, 0, len(admins))
	for _, u := range admins {
		jobs = append(jobs, &Job{OrgID: e.OrgID, Kind: JobWebhookDisabled, Ref: e.ID, Payload: strconv.FormatInt(u.ID, 10), RunAt: now})
	}
	if err := tx.EnqueueJob(ctx, jobs...); err != nil {
		return err
	}
	return tx.FinishJob(ctx, now, job.ID)
}

// WebhookDisabledMail is the email that tells an admin an endpoint was
// disabled after a day of failures.
type WebhookDisabledMail struct {
	Org       *Org
	Admin     *User
	Endpoint  *WebhookEndpoint
	LastError string
	Ref       string // stable per job, for the Message-ID
}

// WebhookDisabledMail returns the email of a webhook_disabled job, or nil
// when the admin may no longer sign in or the endpoint is gone.
func (w *Worker) WebhookDisabledMail(ctx context.Context, job *Job) (*WebhookDisabledMail, error) {
	adminID, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("webhook mail job %d: admin %q: %w", job.ID, job.Payload, err)
	}
	users, _, err := w.store.FindUsers(ctx, UserFilter{OrgID: job.OrgID, IDs: []int64{adminID}, Page: Page{Limit: -1}})
	if err != nil || len(users) != 1 || users[0].Role != RoleAdmin {
		return nil, err
	}
	if ok, err := maySignIn(ctx, w.store, users[0]); err != nil || !ok {
		return nil, err
	}
	es, err := w.store.FindWebhookEndpoints(ctx, job.OrgID, job.Ref)
	if err != nil || len(es) == 0 {
		return nil, err
	}
	org, err := w.store.FindOrgByID(ctx, job.OrgID)
	if err != nil {
		return nil, err
	}
	m := &WebhookDisabledMail{Org: org, Admin: users[0], Endpoint: es[0], Ref: fmt.Sprintf("webhook-%d", job.ID)}
	if log, err := w.store.FindWebhookAttempts(ctx, job.OrgID, job.Ref, 1); err == nil && len(log) == 1 {
		m.LastError = log[0].Error
	}
	return m, nil
}
