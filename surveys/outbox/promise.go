package outbox

import (
	"context"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// sendPromise emails a promise follow-up and records it sent once the mail
// server accepted it; a follow-up with nothing to send (cancelled,
// suppressed) is done already. An email that cannot be built fails the
// follow-up, an address refused for good bounces it; other send failures
// are retried. It reports no email to record: it records its own.
func (o *Outbox) sendPromise(ctx context.Context, job *surveys.Job) (bool, error) {
	out, err := o.Worker.PromiseOutgoing(ctx, job)
	if err != nil || out == nil {
		return false, err
	}
	msg, err := mail.Promise(out, o.opts.BaseURL)
	if err != nil {
		o.counters.failed.Inc()
		return false, o.Worker.FailPromise(ctx, job, surveys.ReasonError, err.Error())
	}
	if err := o.Sender.Send(ctx, msg); err != nil {
		if mail.IsPermanent(err) {
			o.counters.failed.Inc()
			return false, o.Worker.FailPromise(ctx, job, surveys.ReasonBounced, err.Error())
		}
		return false, err
	}
	o.counters.sent.Inc()
	return false, o.Worker.MarkPromiseSent(ctx, job, out, o.Worker.Now())
}
