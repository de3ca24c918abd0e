package surveys

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// JobDigest sends one leader's digest; Ref is the user, Payload when it
// was due (RFC 3339), which names the period it covers.
const JobDigest = "digest"

// digestBatch is how many due digests one transaction schedules.
const digestBatch = 100

// DigestMail is one leader's digest: what happened on their teams in the
// day or week before At.
type DigestMail struct {
	Org      *Org
	Leader   *User
	Prefs    *DigestPrefs
	From, At time.Time // the period covered
	Answers  int       // new answers in the period
	Open     map[AlertStatus]int
	Movers   []DigestMover // at most MaxDigestMovers, the largest change first
	Ref      string        // stable per digest, for the Message-ID
}

// DigestMover is a rep whose trust score moved between the 30 days before
// the digest and the 30 days before those.
type DigestMover struct {
	Rep         string
	Before, Now float64
}

// MaxDigestMovers is how many movers a digest names.
const MaxDigestMovers = 3

// ScheduleDigests queues a digest job for every choice due now and moves
// the choice to its next time, in one transaction per batch: a choice is
// taken by one worker (the others skip it, or find it moved on), so each
// period's digest is queued once. Digests missed while no worker ran are
// sent as one, late, covering the latest period; the next one is due at
// its own time.
func (w *Worker) ScheduleDigests(ctx context.Context) error {
	for {
		n := 0
		err := w.inTx(ctx, func(tx workerStore) (err error) {
			n, err = w.scheduleDigestBatch(ctx, tx)
			return err
		})
		if err != nil || n < digestBatch {
			return err
		}
	}
}

// scheduleDigestBatch queues the digests of one batch of choices due, in
// tx, and returns how many were due.
func (w *Worker) scheduleDigestBatch(ctx context.Context, tx workerStore) (int, error) {
	now := w.clock.Now()
	due, err := tx.FindDueDigests(ctx, now, digestBatch)
	if err != nil {
		return 0, err
	}
	for _, p := range due {
		moved, err := tx.AdvanceDigest(ctx, p.UserID, p.NextAt, p.Next(now))
		if err != nil {
			return 0, err
		}
		if !moved { // another worker took it meanwhile
			continue
		}
		job := &Job{OrgID: p.OrgID, Kind: JobDigest, Ref: p.UserID, Payload: p.Latest(now).UTC().Format(time.RFC3339), RunAt: now}
		if err := tx.EnqueueJob(ctx, job); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

// DigestMail gathers the digest of a digest job, or nil when there is
// nothing to send: the person may no longer sign in, is a rep now, or
// turned digests off. What it counts is what the person sees, by the one
// visibility rule.
func (w *Worker) DigestMail(ctx context.Context, job *Job) (*DigestMail, error) {
	at, err := time.Parse(time.RFC3339, job.Payload)
	if err != nil {
		return nil, fmt.Errorf("digest job %d: time %q: %w", job.ID, job.Payload, err)
	}
	users, _, err := w.store.FindUsers(ctx, UserFilter{OrgID: job.OrgID, IDs: []int64{job.Ref}, Page: Page{Limit: -1}})
	if err != nil || len(users) != 1 || users[0].Role == RoleRep {
		return nil, err
	}
	if ok, err := maySignIn(ctx, w.store, users[0]); err != nil || !ok {
		return nil, err
	}
	prefs, err := w.store.FindDigestPrefs(ctx, job.OrgID, job.Ref)
	if ErrorCode(err) == ENOTFOUND || (err == nil && prefs.Frequency == DigestOff) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	org, err := w.store.FindOrgByID(ctx, job.OrgID)
	if err != nil {
		return nil, err
	}
	m := &DigestMail{Org: org, Leader: users[0], Prefs: prefs, At: at, Open: map[AlertStatus]int{},
		Ref: fmt.Sprintf("digest-%d-%d", job.Ref, at.Unix())}
	m.From, _ = prefs.Period(at)
	u := users[0]
	v, err := visibilityOf(ctx, w.store, &Actor{OrgID: org.ID, UserID: u.ID, Role: u.Role, RepID: u.RepID})
	if err != nil {
		return nil, err
	}
	if err := w.digestCounts(ctx, v, m); err != nil {
		return nil, err
	}
	m.Movers, err = w.digestMovers(ctx, v, org, at)
	return m, err
}

// digestCounts counts the new answers of m's period and the alerts not
// resolved that v sees.
func (w *Worker) digestCounts(ctx context.Context, v *Visibility, m *DigestMail) error {
	_, total, err := w.store.FindResponses(ctx, v.Responses(ResponseFilter{OrgID: m.Org.ID, Since: m.From, Before: m.At,
		Page: Page{Limit: 1}}))
	if err != nil {
		return err
	}
	m.Answers = total
	for _, s := range []AlertStatus{AlertOpen, AlertAcknowledged, AlertContacted} {
		_, n, err := w.store.FindAlerts(ctx, v.Alerts(AlertFilter{OrgID: m.Org.ID, Status: &s, Page: Page{Limit: 1}}))
		if err != nil {
			return err
		}
		m.Open[s] = n
	}
	return nil
}

// digestMovers are the reps v sees whose trust score changed most between
// the 30 days before at (calendar days in the org's time zone) and the 30
// days before those.
func (w *Worker) digestMovers(ctx context.Context, v *Visibility, org *Org, at time.Time) ([]DigestMover, error) {
	reps, _, err := findReps(ctx, w.store, v, RepFilter{Page: Page{Limit: -1}})
	if err != nil || len(reps) == 0 {
		return nil, err
	}
	day := at.In(orgLocation(org.Settings.TimeZone)).AddDate(0, 0, -1)
	last := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	win := Window{From: last.AddDate(0, 0, -29), To: last}
	now, err := w.scores.scorer(ctx, org, win, repIDs(reps))
	if err != nil {
		return nil, err
	}
	before, err := w.scores.scorer(ctx, org, win.Previous(), repIDs(reps))
	if err != nil {
		return nil, err
	}
	var movers []DigestMover
	for _, r := range reps {
		f, p := now.rep(r.ID), before.rep(r.ID)
		if f.HasScore && p.HasScore && math.Round(f.Score) != math.Round(p.Score) {
			movers = append(movers, DigestMover{Rep: r.Name, Before: p.Score, Now: f.Score})
		}
	}
	slices.SortStableFunc(movers, func(a, b DigestMover) int {
		return cmp.Compare(math.Abs(b.Now-b.Before), math.Abs(a.Now-a.Before))
	})
	return movers[:min(len(movers), MaxDigestMovers)], nil
}
