package store_test

import (
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store"
)

// DueJobStats counts pending jobs due now, held by a worker or not, and
// dates the longest-waiting one; done, failed and future jobs do not count.
func testDueJobStats(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	check := func(name string, wantDue int, wantOldest time.Time) {
		t.Helper()
		due, oldest, err := db.DueJobStats(ctx, now)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if due != wantDue || !oldest.Equal(wantOldest) {
			t.Errorf("%s: due %d, oldest %v; want %d, %v", name, due, oldest, wantDue, wantOldest)
		}
	}
	check("Empty", 0, time.Time{})

	jobs := map[string]*surveys.Job{}
	for name, at := range map[string]time.Duration{"failed": -30 * time.Minute, "done": -20 * time.Minute,
		"held": -10 * time.Minute, "waiting": -5 * time.Minute, "future": 5 * time.Minute} {
		jobs[name] = &surveys.Job{OrgID: o.ID, Kind: surveys.JobInvitation, RunAt: now.Add(at)}
		if err := db.EnqueueJob(ctx, jobs[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RetryJob(ctx, jobs["failed"].ID, "refused", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishJob(ctx, now, jobs["done"].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimJobs(ctx, now, 1, time.Minute); err != nil { // a worker holds "held"
		t.Fatal(err)
	}
	check("PendingDueOnly", 2, now.Add(-10*time.Minute))

	if err := db.RetryJob(ctx, jobs["held"].ID, "try later", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("RetriedLater", 1, now.Add(-5*time.Minute))
}
