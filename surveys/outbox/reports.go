package outbox

import (
	"context"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// scheduleReports queues each org's monthly reports once a month.
func (o *Outbox) scheduleReports(ctx context.Context) {
	if n, err := o.Worker.ScheduleMonthlyReports(ctx); err != nil || n > 0 {
		o.Logger.Info("monthly reports scheduled", "orgs", n, "err", err)
	}
}

// sendReport draws and sends one monthly report email, gathered when its
// job was claimed (m, or the error gathering it). A report that cannot be
// drawn, or an address refused for good, fails the job (and marks no
// buyer); other send failures are retried.
func (o *Outbox) sendReport(ctx context.Context, job *surveys.Job, m *surveys.ReportMail, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	if m == nil { // nobody to send it to any more
		return false, o.Worker.FinishJob(ctx, job)
	}
	if o.DrawReports == nil {
		return false, o.fail(ctx, job, "this worker cannot draw reports")
	}
	files, err := o.DrawReports(m)
	if err != nil {
		return false, o.fail(ctx, job, err.Error())
	}
	return o.deliver(ctx, job, mail.Report(m, files), nil)
}

// fail gives up on job for good, with msg.
func (o *Outbox) fail(ctx context.Context, job *surveys.Job, msg string) error {
	o.Logger.Error("job failed for good", "job", job.ID, "kind", job.Kind, "err", msg)
	o.counters.failed.Inc()
	return o.Worker.RetryJob(ctx, job, msg, time.Time{})
}
