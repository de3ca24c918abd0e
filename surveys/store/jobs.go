package store

import (
	"context"
	"fmt"
	"time"

	"trustcard/surveys"
)

// EnqueueJob stores pending jobs in one statement.
func (db *DB) EnqueueJob(ctx context.Context, jobs ...*surveys.Job) error {
	if len(jobs) == 0 {
		return nil
	}
	now := time.Now().UTC()
	rows := make([]jobRow, len(jobs))
	for i, j := range jobs {
		rows[i] = jobRow{OrgID: j.OrgID, Kind: j.Kind, RefID: j.Ref, Payload: j.Payload, Status: "pending", RunAt: j.RunAt.UTC(), CreatedAt: now}
	}
	if err := db.q(ctx).Create(&rows).Error; err != nil {
		return translate("enqueue job", err)
	}
	for i, j := range jobs {
		j.ID = rows[i].ID
	}
	return nil
}

// claimSQL leases due jobs in one statement. On PostgreSQL, SKIP LOCKED
// lets several processes claim side by side without taking the same row;
// SQLite has a single writer, so the statement alone is atomic.
const claimSQL = `UPDATE jobs SET locked_until = @until, attempts = attempts + 1
WHERE id IN (
  SELECT id FROM jobs
  WHERE status = 'pending' AND run_at <= @now AND (locked_until IS NULL OR locked_until < @now)
  ORDER BY run_at, id LIMIT @limit %s)
RETURNING id, org_id, kind, ref_id, payload, run_at, attempts, last_error`

// ClaimJobs leases up to limit due jobs.
func (db *DB) ClaimJobs(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]*surveys.Job, error) {
	lock := ""
	if db.dialect == Postgres {
		lock = "FOR UPDATE SKIP LOCKED"
	}
	var rows []jobRow
	err := db.q(ctx).Raw(fmt.Sprintf(claimSQL, lock), map[string]any{
		"until": now.Add(lease).UTC(), "now": now.UTC(), "limit": limit}).Scan(&rows).Error
	if err != nil {
		return nil, translate("claim jobs", err)
	}
	out := make([]*surveys.Job, len(rows))
	for i := range rows {
		out[i] = rows[i].toJob()
	}
	return out, nil
}

// FinishJob marks jobs done.
func (db *DB) FinishJob(ctx context.Context, at time.Time, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := db.q(ctx).Model(&jobRow{}).Where("id IN ?", ids).
		Updates(map[string]any{"status": "done", "done_at": at.UTC(), "locked_until": nil}).Error
	return translate("finish job", err)
}

// RetryJob records a failure; a zero runAt fails the job for good.
func (db *DB) RetryJob(ctx context.Context, id int64, errMsg string, runAt time.Time) error {
	changes := map[string]any{"last_error": errMsg, "locked_until": nil}
	if runAt.IsZero() {
		changes["status"] = "failed"
	} else {
		changes["run_at"] = runAt.UTC()
	}
	return translate("retry job", db.q(ctx).Model(&jobRow{}).Where("id = ?", id).Updates(changes).Error)
}

// dueSQL reads the queue's backlog from the jobs_due index (status,
// run_at): the longest-waiting due job's run_at, and how many are due. No
// row means none is due. The run_at column is selected as itself so that
// SQLite hands it back as a time.
const dueSQL = `SELECT run_at, (SELECT count(*) FROM jobs WHERE status = 'pending' AND run_at <= @now) AS due
FROM jobs WHERE status = 'pending' AND run_at <= @now
ORDER BY run_at LIMIT 1`

// DueJobStats counts the pending jobs due at now and returns the run_at
// of the longest-waiting one.
func (db *DB) DueJobStats(ctx context.Context, now time.Time) (int, time.Time, error) {
	var rows []struct {
		RunAt time.Time
		Due   int
	}
	if err := db.q(ctx).Raw(dueSQL, map[string]any{"now": now.UTC()}).Scan(&rows).Error; err != nil {
		return 0, time.Time{}, translate("due job stats", err)
	}
	if len(rows) == 0 {
		return 0, time.Time{}, nil
	}
	return rows[0].Due, rows[0].RunAt.UTC(), nil
}

// EnqueueJobPerOrg stores a pending copy of j for every org, in one
// statement.
func (db *DB) EnqueueJobPerOrg(ctx context.Context, j *surveys.Job) error {
	err := db.q(ctx).Exec(`INSERT INTO jobs (org_id, kind, ref_id, payload, status, run_at, created_at)
SELECT id, ?, ?, ?, 'pending', ?, ? FROM orgs`, j.Kind, j.Ref, j.Payload, j.RunAt.UTC(), time.Now().UTC()).Error
	return translate("enqueue job per org", err)
}
