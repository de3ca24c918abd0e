package outbox

import (
	"context"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// deliver sends msg, the email of a job that marks no buyer (a sign-in
// link, a test survey, a report), and reports whether the mail server
// accepted it: the job is then done once the outcome is recorded. A
// message that could not be built (buildErr) or an address refused for
// good fails the job; other send failures are returned, to be retried.
func (o *Outbox) deliver(ctx context.Context, job *surveys.Job, msg *mail.Message, buildErr error) (bool, error) {
	if buildErr != nil {
		return false, o.fail(ctx, job, buildErr.Error())
	}
	if err := o.Sender.Send(ctx, msg); err != nil {
		if mail.IsPermanent(err) {
			return false, o.fail(ctx, job, err.Error())
		}
		return false, err
	}
	o.counters.sent.Inc()
	return true, nil
}
