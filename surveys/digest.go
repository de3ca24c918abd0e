package surveys

import (
	"context"
	"regexp"
	"time"
)

// DigestFrequency is how often a leader's digest goes out.
type DigestFrequency string

// The digest frequencies.
const (
	DigestOff    DigestFrequency = "off"
	DigestDaily  DigestFrequency = "daily"
	DigestWeekly DigestFrequency = "weekly"
)

// DigestFrequencies lists the frequencies.
var DigestFrequencies = []DigestFrequency{DigestOff, DigestDaily, DigestWeekly}

// DigestPrefs are a leader's (or an admin's) choice of digest email: how
// often, at which hour of their time zone, on which weekday for a weekly
// one, and in which language. NextAt is when the next one is due; zero
// when off.
type DigestPrefs struct {
	UserID    int64
	OrgID     int64
	Frequency DigestFrequency
	Hour      int          // 0–23, in TimeZone
	Weekday   time.Weekday // weekly only
	TimeZone  string       // IANA name
	Language  string       // a language tag such as "de"; the nearest the catalogue has is used
	NextAt    time.Time
	UpdatedAt time.Time
}

// languageTag is a short language tag: "de", "pt-BR".
var languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)

// Validate checks the choice. EINVALID names the field.
func (p *DigestPrefs) Validate() error {
	switch {
	case p.Frequency != DigestOff && p.Frequency != DigestDaily && p.Frequency != DigestWeekly:
		return Errorf(EINVALID, "frequency", "must be off, daily or weekly")
	case p.Hour < 0 || p.Hour > 23:
		return Errorf(EINVALID, "hour", "must be a whole hour from 0 to 23")
	case p.Weekday < time.Sunday || p.Weekday > time.Saturday:
		return Errorf(EINVALID, "weekday", "must be a day of the week, 0 (Sunday) to 6 (Saturday)")
	case !languageTag.MatchString(p.Language):
		return Errorf(EINVALID, "language", "must be a language tag such as en or de")
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" {
		return Errorf(EINVALID, "time_zone", "%q is not an IANA time zone such as Europe/Berlin", p.TimeZone)
	}
	return nil
}

// Next is when the digest is due after the instant after: the chosen hour
// of the next day (or of the next chosen weekday) in the leader's time
// zone, or zero when off. An hour a change to summer time skips is sent
// an hour later that day; an hour that occurs twice is sent once.
func (p *DigestPrefs) Next(after time.Time) time.Time {
	if p.Frequency == DigestOff {
		return time.Time{}
	}
	local := after.In(p.location())
	for day := 0; day <= 8; day++ {
		at := p.at(local, day)
		if at.After(after) && (p.Frequency == DigestDaily || at.Weekday() == p.Weekday) {
			return at.UTC()
		}
	}
	return time.Time{}
}

// Latest is the last time a digest was due at or before now, from
// NextAt: when no worker ran for a while, the one digest sent covers the
// latest period.
func (p *DigestPrefs) Latest(now time.Time) time.Time {
	at := p.NextAt
	for range 400 { // a year of daily digests; bounds a loop on a broken choice
		next := p.Next(at)
		if next.IsZero() || next.After(now) {
			break
		}
		at = next
	}
	return at
}

// Period is what the digest due at at covers: from the same hour of the
// day (or week) before, in the leader's time zone, so that one digest
// starts where the one before ended, across a change to summer time too.
func (p *DigestPrefs) Period(at time.Time) (from, to time.Time) {
	days := -1
	if p.Frequency == DigestWeekly {
		days = -7
	}
	return p.at(at.In(p.location()), days).UTC(), at
}

// at is the chosen hour days after local's day, in local's zone.
func (p *DigestPrefs) at(local time.Time, days int) time.Time {
	return time.Date(local.Year(), local.Month(), local.Day()+days, p.Hour, 0, 0, 0, local.Location())
}

// location is the chosen time zone; UTC when unknown.
func (p *DigestPrefs) location() *time.Location {
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// DigestStore keeps digest choices.
type DigestStore interface {
	// FindDigestPrefs returns a user's choice. ENOTFOUND when they made none.
	FindDigestPrefs(ctx context.Context, orgID, userID int64) (*DigestPrefs, error)
	// SaveDigestPrefs stores a user's choice, replacing any.
	SaveDigestPrefs(ctx context.Context, p *DigestPrefs) error
	// FindDueDigests returns up to limit choices whose digest is due at
	// now, of any org, locking them for the transaction on PostgreSQL
	// (others skip them).
	FindDueDigests(ctx context.Context, now time.Time, limit int) ([]*DigestPrefs, error)
	// AdvanceDigest moves a choice's NextAt from from to next, and reports
	// whether it was still from.
	AdvanceDigest(ctx context.Context, userID int64, from, next time.Time) (bool, error)
}
