package outbox

import (
	"context"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// deliver sends msg, the email of a job that marks no buyer (a sign-in
// link, a test survey), and finishes the job. A message that could not be
// built (buildErr) or an address refused for good fails the job; other
// send failures are returned, to be retried.
func (o *Outbox) deliver(ctx context.Context, job *surveys.Job, msg *mail.Message, buildErr error) error {
	if buildErr != nil {
		return o.fail(ctx, job, buildErr.Error())
	}
	if err := o.Sender.Send(ctx, msg); err != nil {
		if mail.IsPermanent(err) {
			return o.fail(ctx, job, err.Error())
		}
		return err
	}
	o.counters.sent.Inc()
	return o.Worker.FinishJob(ctx, job)
}
