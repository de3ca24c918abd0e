package surveys

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"
)

// PromiseRules decide the promise follow-up: AfterDays after an
// interaction's outcome becomes won, its buyer is asked whether what the rep
// said held. Off by default: orgs that report no outcomes have nothing to
// follow up.
type PromiseRules struct {
	Enabled   bool
	AfterDays int
}

// DefaultPromiseAfterDays is when the follow-up goes out after a win.
const DefaultPromiseAfterDays = 90

func (r *PromiseRules) validate() error {
	if r.AfterDays < 1 || r.AfterDays > 730 {
		return Errorf(EINVALID, "promises.after_days", "must be between 1 and 730")
	}
	return nil
}

// Promise follow-up statuses.
const (
	PromiseScheduled  = "scheduled"
	PromiseCancelled  = "cancelled" // the outcome moved away from won before it was due
	PromiseSuppressed = "suppressed"
	PromiseSent       = "sent"
	PromiseAnswered   = "answered"
	PromiseFailed     = "failed"
)

// The follow-up's two questions, each 1–5 (0: not answered).
const (
	QPromiseAccurate = "accurate" // Did what {rep} told you turn out to be accurate?
	QPromiseFits     = "fits"     // Does what you bought fit the need you described?
)

// JobPromise sends a promise follow-up; Ref is the follow-up.
const JobPromise = "promise"

// PromiseFollowUp is the one follow-up of a won interaction.
type PromiseFollowUp struct {
	ID, OrgID, InteractionID, RepID, TeamID, BuyerID int64
	TokenHash                                        string
	Status                                           string
	Reason                                           string // why it was suppressed or failed
	Locale                                           string
	DueAt, SentAt, ExpiresAt, AnsweredAt, CreatedAt  time.Time
	Accurate, Fits                                   int // 1–5; 0 not answered
}

// Value is the follow-up's promise value: the mean of its answered items
// on 0–100, as a trust value is; ok is false when none was answered.
func (f *PromiseFollowUp) Value() (float64, bool) {
	return TrustValue([]int{f.Accurate, f.Fits})
}

// Answerable reports whether the buyer may answer at now.
func (f *PromiseFollowUp) Answerable(now time.Time) bool {
	return (f.Status == PromiseSent || f.Status == PromiseAnswered) && now.Before(f.ExpiresAt)
}

// PromiseStore keeps promise follow-ups.
type PromiseStore interface {
	// CreatePromiseFollowUp stores f and sets its ID. ECONFLICT when the
	// interaction has one.
	CreatePromiseFollowUp(ctx context.Context, f *PromiseFollowUp) error
	// UpdatePromiseFollowUp writes f's status, reason, token hash, times
	// and answers.
	UpdatePromiseFollowUp(ctx context.Context, f *PromiseFollowUp) error
	// FindPromiseFollowUp returns a follow-up by id (orgID zero: any org). ENOTFOUND.
	FindPromiseFollowUp(ctx context.Context, orgID, id int64) (*PromiseFollowUp, error)
	// FindPromiseByInteraction returns an interaction's follow-up. ENOTFOUND.
	FindPromiseByInteraction(ctx context.Context, interactionID int64) (*PromiseFollowUp, error)
	// FindPromiseByToken returns the follow-up with that token hash. ENOTFOUND.
	FindPromiseByToken(ctx context.Context, tokenHash string) (*PromiseFollowUp, error)
	// AnsweredPromises returns the answered follow-ups of reps, to rebuild
	// rollups from.
	AnsweredPromises(ctx context.Context, orgID int64, repIDs []int64) ([]*PromiseFollowUp, error)
}

// PromiseToken is the follow-up link's token: like a survey token, 256
// bits keyed by the org's secret, stored only hashed; "p" tells it apart.
func PromiseToken(secret string, id int64) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "promise:%d", id)
	return "p" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// promiseScheduler is what scheduling a follow-up reads and writes.
type promiseScheduler interface {
	PromiseStore
	JobStore
}

// schedulePromise queues the follow-up of in when its outcome is won and
// the org follows up: due AfterDays after the outcome, out of the buyer's
// quiet hours. A follow-up is sent once: one already sent, answered or
// suppressed stays as it is; one cancelled is scheduled again from this
// win.
func schedulePromise(ctx context.Context, tx promiseScheduler, org *Org, in *Interaction, b *Buyer) error {
	rules := org.Settings.Promises
	if in.Outcome != OutcomeWon || !rules.Enabled {
		return nil
	}
	due := in.OutcomeAt.Add(time.Duration(rules.AfterDays) * day)
	if org.Settings.Delivery.QuietHours {
		due = NotQuiet(due, b.TimeZone)
	}
	f, err := tx.FindPromiseByInteraction(ctx, in.ID)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		locale := b.Locale
		if locale == "" {
			locale = "en"
		}
		f = &PromiseFollowUp{OrgID: in.OrgID, InteractionID: in.ID, RepID: in.RepID, TeamID: in.TeamID, BuyerID: in.BuyerID,
			Status: PromiseScheduled, Locale: locale, DueAt: due.UTC(), CreatedAt: in.OutcomeAt}
		if err := tx.CreatePromiseFollowUp(ctx, f); err != nil {
			return err
		}
		f.TokenHash = HashSecret(PromiseToken(org.Secret, f.ID))
		if err := tx.UpdatePromiseFollowUp(ctx, f); err != nil {
			return err
		}
	case err != nil:
		return err
	case f.Status == PromiseCancelled:
		f.Status, f.DueAt = PromiseScheduled, due.UTC()
		if err := tx.UpdatePromiseFollowUp(ctx, f); err != nil {
			return err
		}
	default:
		return nil
	}
	return tx.EnqueueJob(ctx, &Job{OrgID: org.ID, Kind: JobPromise, Ref: f.ID, RunAt: f.DueAt})
}

// cancelPromise cancels in's follow-up when it is still scheduled: its
// outcome is no longer won.
func cancelPromise(ctx context.Context, tx PromiseStore, in *Interaction) error {
	f, err := tx.FindPromiseByInteraction(ctx, in.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil || f.Status != PromiseScheduled {
		return err
	}
	f.Status = PromiseCancelled
	return tx.UpdatePromiseFollowUp(ctx, f)
}

// promiseDelta is what an answered follow-up adds to (sign +1) or takes
// from (−1) the promise rollup, on the day it was first answered.
func promiseDelta(f *PromiseFollowUp, tz string, sign int64) []RollupDelta {
	v, ok := f.Value()
	if !ok {
		return nil
	}
	u := TrustUnits(v)
	return []RollupDelta{{OrgID: f.OrgID, RepID: f.RepID, TeamID: f.TeamID, Day: Day(f.AnsweredAt, tz),
		Metric: MetricPromise, N: sign, Sum: sign * u, SumSq: sign * u * u}}
}
