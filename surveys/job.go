package surveys

import (
	"context"
	"time"
)

// Job kinds: every piece of background work is a row in the jobs table,
// written in the same transaction as its cause.
const (
	JobInvitation = "invitation" // send the survey email; Ref is the invitation
	JobReminder   = "reminder"   // send the one reminder; Ref is the invitation
	JobExpire     = "expire"     // the link expires; Ref is the invitation
)

// Job is one unit of background work.
type Job struct {
	ID        int64
	OrgID     int64
	Kind      string
	Ref       int64
	Payload   string // kind-specific detail, such as the month a report covers
	RunAt     time.Time
	Attempts  int
	LastError string
}

// JobStore is the durable queue.
type JobStore interface {
	// EnqueueJob stores pending jobs and sets their IDs.
	EnqueueJob(ctx context.Context, jobs ...*Job) error
	// EnqueueJobPerOrg stores, in one statement, a pending copy of j for
	// every org (j.OrgID is ignored).
	EnqueueJobPerOrg(ctx context.Context, j *Job) error
	// ClaimJobs leases up to limit jobs due at now for lease; a job whose
	// lease runs out (its worker died) is claimed again. Concurrent
	// claimers never get the same job.
	ClaimJobs(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]*Job, error)
	// FinishJob marks jobs done.
	FinishJob(ctx context.Context, at time.Time, ids ...int64) error
	// RetryJob records a failure and makes the job due again at runAt; with
	// a zero runAt it fails for good.
	RetryJob(ctx context.Context, id int64, errMsg string, runAt time.Time) error
	// JobExists reports whether a job of kind with ref was ever queued
	// for the org.
	JobExists(ctx context.Context, orgID int64, kind string, ref int64) (bool, error)
	// DueJobStats returns how many pending jobs are due at now, whether a
	// worker holds them or not, and when the longest-waiting of them fell
	// due (zero when none is due). It reads an index, for monitoring.
	DueJobStats(ctx context.Context, now time.Time) (due int, oldest time.Time, err error)
}

// RetryBackoff is how long to wait before attempt n+1 of a job: 30 s
// doubling up to 1 h.
func RetryBackoff(attempts int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}
