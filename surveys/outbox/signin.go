package outbox

import (
	"context"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// sendSignIn sends the one-time sign-in link of a sign-in job, or finishes
// the job when there is nobody to send it to. A link that cannot be built,
// or an address refused for good, fails the job; other send failures are
// retried, each attempt with a link of its own (an unsent one just
// expires).
func (o *Outbox) sendSignIn(ctx context.Context, job *surveys.Job) (bool, error) {
	m, err := o.Worker.SignInMail(ctx, job)
	if err != nil || m == nil {
		return false, err
	}
	msg, err := mail.SignIn(m, o.opts.BaseURL)
	return o.deliver(ctx, job, msg, err)
}
