package outbox

import (
	"context"
	"strconv"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// sendTrial sends a test survey email to the admin who asked for it. It
// records nothing but the job's outcome: a test email is no invitation. A
// refusal for good fails the job and marks nobody; anything else is retried.
func (o *Outbox) sendTrial(ctx context.Context, job *surveys.Job) (bool, error) {
	out, err := o.Worker.TrialOutgoing(ctx, job)
	if err != nil {
		return false, err
	}
	if out == nil { // the admin is gone
		return false, o.Worker.FinishJob(ctx, job)
	}
	msg, err := mail.TrialInvitation(out, o.opts.BaseURL, strconv.FormatInt(job.ID, 10))
	return o.deliver(ctx, job, msg, err)
}
