package outbox

import (
	"context"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// sendAlert emails a leader that an alert opened on their team's
// feedback, or finishes the job when there is no longer anyone to tell.
// An email that cannot be built, or an address refused for good, fails the
// job; other send failures are retried.
func (o *Outbox) sendAlert(ctx context.Context, job *surveys.Job) (bool, error) {
	m, err := o.Worker.AlertMail(ctx, job)
	if err != nil {
		return false, err
	}
	if m == nil {
		return false, o.Worker.FinishJob(ctx, job)
	}
	msg, err := mail.Alert(m, o.opts.BaseURL)
	return o.deliver(ctx, job, msg, err)
}
