package surveys

import (
	"sync"
	"time"
)

// The delivery rules as pure functions: the caller passes the clock reading,
// the rules and the records, and stores what comes back. Every time returned
// is in UTC.

// Quiet hours run from quietFrom:00 to quietUntil:00 in the buyer's time zone.
const (
	quietFrom  = 20
	quietUntil = 8
)

const day = 24 * time.Hour

// Schedule is the delivery decision for one interaction.
type Schedule struct {
	// DueAt is when the invitation goes out. It is never before the now
	// the schedule was planned at, and is filled in for suppressed
	// schedules too, as when the invitation would have been due.
	DueAt time.Time
	// Reason is empty when the invitation is to be sent at DueAt, and
	// otherwise one of the Reason* constants saying why it is suppressed.
	Reason string
}

// Suppressed reports whether the invitation must not be sent.
func (s Schedule) Suppressed() bool { return s.Reason != "" }

// PlanInvitation decides when, or whether, to survey buyer b about an
// interaction with rep that occurred at occurredAt, as posted at now. rep and
// b must not be nil.
//
// The invitation is due r.DelayMinutes after the interaction, or at now when
// that has passed, and then, with r.QuietHours, moved out of 20:00–08:00 in
// the buyer's time zone (see NotQuiet).
//
// When several reasons to suppress apply, the first of these wins:
//
//  1. ReasonRepInactive: the rep is deactivated.
//  2. ReasonStale: now − occurredAt exceeds r.MaxAgeDays days (0: no limit).
//  3. The buyer's state: ReasonErased (ErasedAt set, or no email left), then
//     ReasonComplained, ReasonBounced, ReasonUnsubscribed. An unknown
//     status other than BuyerActive or empty is treated as unsubscribed.
//  4. ReasonThrottled: the buyer's last invitation (b.LastInvitedAt, zero for
//     never) is less than r.ThrottleDays days from DueAt (0: no throttle).
//
// Facts about the interaction come before facts about the buyer, and a
// permanent state of the buyer before the passing throttle.
func PlanInvitation(r DeliveryRules, rep *Rep, b *Buyer, occurredAt, now time.Time) Schedule {
	due := occurredAt.Add(time.Duration(r.DelayMinutes) * time.Minute)
	if due.Before(now) {
		due = now
	}
	if r.QuietHours {
		due = NotQuiet(due, b.TimeZone)
	}
	s := Schedule{DueAt: due.UTC()}
	switch {
	case !rep.Active:
		s.Reason = ReasonRepInactive
	case r.MaxAgeDays > 0 && now.Sub(occurredAt) > time.Duration(r.MaxAgeDays)*day:
		s.Reason = ReasonStale
	case !b.ErasedAt.IsZero() || b.Email == "":
		s.Reason = ReasonErased
	case b.Status == BuyerComplained:
		s.Reason = ReasonComplained
	case b.Status == BuyerBounced:
		s.Reason = ReasonBounced
	case b.Status != BuyerActive && b.Status != "":
		s.Reason = ReasonUnsubscribed
	case r.ThrottleDays > 0 && !b.LastInvitedAt.IsZero() &&
		absDuration(s.DueAt.Sub(b.LastInvitedAt)) < time.Duration(r.ThrottleDays)*day:
		s.Reason = ReasonThrottled
	}
	return s
}

// AfterSend returns, for an invitation sent at sentAt to a buyer in time zone
// buyerTZ, when to remind the buyer if unanswered (zero for no reminder) and
// when the link expires.
//
// The link expires r.ExpireAfterDays days after sending. The reminder is due
// r.ReminderAfterDays days after sending (0: none), moved out of quiet hours
// like the invitation itself; when that is not before the expiry there is no
// reminder.
func AfterSend(r DeliveryRules, buyerTZ string, sentAt time.Time) (remindAt, expiresAt time.Time) {
	expiresAt = sentAt.Add(time.Duration(r.ExpireAfterDays) * day).UTC()
	if r.ReminderAfterDays <= 0 {
		return time.Time{}, expiresAt
	}
	remindAt = sentAt.Add(time.Duration(r.ReminderAfterDays) * day)
	if r.QuietHours {
		remindAt = NotQuiet(remindAt, buyerTZ)
	}
	if !remindAt.Before(expiresAt) {
		return time.Time{}, expiresAt
	}
	return remindAt.UTC(), expiresAt
}

// NotQuiet returns t, or the next 08:00 in time zone tz when t falls in the
// quiet hours 20:00–08:00 there. An empty or unknown tz has no quiet hours.
// When a clock change skips 08:00, the next morning begins at the instant
// the clocks jump past it. The result is in UTC.
func NotQuiet(t time.Time, tz string) time.Time {
	loc := buyerLocation(tz)
	if loc == nil {
		return t.UTC()
	}
	return notQuietIn(t, loc)
}

// notQuietIn is NotQuiet for a loaded location.
func notQuietIn(t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	y, m, d := local.Date()
	switch h := local.Hour(); {
	case h >= quietFrom:
		d++ // time.Date normalises the day past the end of the month
	case h < quietUntil:
	default:
		return t.UTC()
	}
	morning := wallTime(y, m, d, quietUntil, loc)
	if morning.Before(t) { // cannot happen with real zones; be safe
		return t.UTC()
	}
	return morning.UTC()
}

// wallTime returns the first instant at or after hour:00 on the given day in
// loc. time.Date alone is unreliable when a clock change skips that wall
// time: it may land before or after the jump.
func wallTime(y int, m time.Month, d, hour int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, hour, 0, 0, 0, loc)
	if h, mi, s := t.Clock(); h == hour && mi == 0 && s == 0 {
		return t
	}
	// The wall time was skipped: the answer is the jump itself, which starts
	// the zone t landed in when t is past it, or ends it when t is short of it.
	start, end := t.ZoneBounds()
	if t.Hour() < hour {
		if end.IsZero() {
			return t
		}
		return end
	}
	if start.IsZero() {
		return t
	}
	return start
}

// locations caches loaded time zones by name.
var locations sync.Map // string → *time.Location

// orgLocation is an org's time zone, cached; UTC when unknown.
func orgLocation(tz string) *time.Location {
	if loc := buyerLocation(tz); loc != nil {
		return loc
	}
	return time.UTC
}

// buyerLocation loads a buyer's IANA time zone, or returns nil when it is
// empty or unknown. "Local" is the server's zone, not the buyer's: unknown.
func buyerLocation(tz string) *time.Location {
	if tz == "" || tz == "Local" {
		return nil
	}
	if loc, ok := locations.Load(tz); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil // not cached: names are validated on input, so this is rare
	}
	locations.Store(tz, loc)
	return loc
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
