package surveys

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

func utc(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

func TestPlanInvitation(t *testing.T) {
	occurred := utc(2026, 1, 15, 10, 0, 0)
	now := utc(2026, 1, 15, 10, 1, 0)
	evening := utc(2026, 1, 15, 18, 30, 0) // 19:30 in Berlin; due 21:30 there
	tests := []struct {
		name     string
		rules    func(*DeliveryRules)
		inactive bool
		buyer    func(*Buyer)
		occurred time.Time
		now      time.Time
		want     Schedule
	}{
		{
			name:     "DelayAfterInteraction",
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0)},
		},
		{
			name:     "ZeroDelaySendsNow",
			rules:    func(r *DeliveryRules) { r.DelayMinutes = 0 },
			occurred: occurred, now: now,
			want: Schedule{DueAt: now},
		},
		{
			name:     "DelayPassedSendsNow",
			occurred: utc(2026, 1, 12, 10, 0, 0), now: now,
			want: Schedule{DueAt: now},
		},
		{
			name:     "QuietHoursPushToMorning",
			buyer:    func(b *Buyer) { b.TimeZone = "Europe/Berlin" },
			occurred: evening, now: evening.Add(time.Minute),
			want: Schedule{DueAt: utc(2026, 1, 16, 7, 0, 0)}, // 08:00 CET
		},
		{
			name:     "EarlyMorningWaitsUntilEight",
			buyer:    func(b *Buyer) { b.TimeZone = "America/New_York" },
			occurred: utc(2026, 1, 15, 7, 0, 0), now: utc(2026, 1, 15, 7, 1, 0), // due 04:00 EST
			want: Schedule{DueAt: utc(2026, 1, 15, 13, 0, 0)}, // 08:00 EST
		},
		{
			name:     "DaytimeInBuyerZoneUnchanged",
			buyer:    func(b *Buyer) { b.TimeZone = "Asia/Tokyo" },
			occurred: utc(2026, 1, 15, 0, 0, 0), now: utc(2026, 1, 15, 0, 1, 0), // due 11:00 JST
			want: Schedule{DueAt: utc(2026, 1, 15, 2, 0, 0)},
		},
		{
			name:     "QuietHoursOff",
			rules:    func(r *DeliveryRules) { r.QuietHours = false },
			buyer:    func(b *Buyer) { b.TimeZone = "Europe/Berlin" },
			occurred: evening, now: evening.Add(time.Minute),
			want: Schedule{DueAt: utc(2026, 1, 15, 20, 30, 0)},
		},
		{
			name:     "UnknownTimeZoneNoQuietHours",
			occurred: evening, now: evening.Add(time.Minute),
			want: Schedule{DueAt: utc(2026, 1, 15, 20, 30, 0)},
		},
		{
			name:     "InvalidTimeZoneNoQuietHours",
			buyer:    func(b *Buyer) { b.TimeZone = "Mars/Olympus_Mons" },
			occurred: evening, now: evening.Add(time.Minute),
			want: Schedule{DueAt: utc(2026, 1, 15, 20, 30, 0)},
		},
		{
			// Clocks go forward at 02:00 on 29 March 2026: 08:00 is CEST.
			name:     "DSTSpringForwardBerlin",
			buyer:    func(b *Buyer) { b.TimeZone = "Europe/Berlin" },
			occurred: utc(2026, 3, 28, 19, 30, 0), now: utc(2026, 3, 28, 19, 31, 0), // due 22:30 CET
			want: Schedule{DueAt: utc(2026, 3, 29, 6, 0, 0)},
		},
		{
			// Clocks go back at 03:00 on 25 October 2026: 08:00 is CET.
			name:     "DSTFallBackBerlin",
			buyer:    func(b *Buyer) { b.TimeZone = "Europe/Berlin" },
			occurred: utc(2026, 10, 24, 19, 30, 0), now: utc(2026, 10, 24, 19, 31, 0), // due 23:30 CEST
			want: Schedule{DueAt: utc(2026, 10, 25, 7, 0, 0)},
		},
		{
			name:     "ThrottledBuyer",
			buyer:    func(b *Buyer) { b.LastInvitedAt = utc(2026, 1, 5, 9, 0, 0) },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonThrottled},
		},
		{
			// 30 days before the due time, though less than 30 days before now.
			name:     "ThrottleMeasuredFromDueTime",
			buyer:    func(b *Buyer) { b.LastInvitedAt = utc(2025, 12, 16, 12, 0, 0) },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0)},
		},
		{
			name:     "ThrottleOneSecondShort",
			buyer:    func(b *Buyer) { b.LastInvitedAt = utc(2025, 12, 16, 12, 0, 1) },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonThrottled},
		},
		{
			// The morning due time is 30 days and 1 hour after the last
			// invitation; the evening one would have been too early.
			name: "ThrottleAfterQuietHours",
			buyer: func(b *Buyer) {
				b.TimeZone = "Europe/Berlin"
				b.LastInvitedAt = utc(2025, 12, 17, 6, 0, 0)
			},
			occurred: evening, now: evening.Add(time.Minute),
			want: Schedule{DueAt: utc(2026, 1, 16, 7, 0, 0)},
		},
		{
			name:     "ThrottleAgainstLaterInvitation",
			buyer:    func(b *Buyer) { b.LastInvitedAt = utc(2026, 1, 20, 9, 0, 0) },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonThrottled},
		},
		{
			name:     "ThrottleDisabled",
			rules:    func(r *DeliveryRules) { r.ThrottleDays = 0 },
			buyer:    func(b *Buyer) { b.LastInvitedAt = utc(2026, 1, 14, 9, 0, 0) },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0)},
		},
		{
			name:     "StaleInteraction",
			occurred: utc(2025, 12, 16, 10, 0, 0), now: now, // 30 days and 1 minute
			want: Schedule{DueAt: now, Reason: ReasonStale},
		},
		{
			name:     "MaxAgeBoundaryNotStale",
			occurred: utc(2025, 12, 16, 10, 1, 0), now: now,
			want: Schedule{DueAt: now},
		},
		{
			name:     "InactiveRep",
			inactive: true,
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonRepInactive},
		},
		{
			name:     "UnsubscribedBuyer",
			buyer:    func(b *Buyer) { b.Status = BuyerUnsubscribed },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonUnsubscribed},
		},
		{
			name:     "BouncedBuyer",
			buyer:    func(b *Buyer) { b.Status = BuyerBounced },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonBounced},
		},
		{
			name:     "ComplainedBuyer",
			buyer:    func(b *Buyer) { b.Status = BuyerComplained },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonComplained},
		},
		{
			name: "ErasedBuyer",
			buyer: func(b *Buyer) {
				b.Email = ""
				b.ErasedAt = utc(2026, 1, 1, 0, 0, 0)
			},
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonErased},
		},
		{
			name:     "BuyerWithoutEmailNotMailed",
			buyer:    func(b *Buyer) { b.Email = "" },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonErased},
		},
		{
			name:     "UnknownStatusNotMailed",
			buyer:    func(b *Buyer) { b.Status = "paused" },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonUnsubscribed},
		},
		{
			name:     "EmptyStatusIsActive",
			buyer:    func(b *Buyer) { b.Status = "" },
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0)},
		},
		{
			name:     "PrecedenceInactiveRepBeforeStale",
			inactive: true,
			buyer:    func(b *Buyer) { b.Status = BuyerComplained },
			occurred: utc(2025, 11, 1, 10, 0, 0), now: now,
			want: Schedule{DueAt: now, Reason: ReasonRepInactive},
		},
		{
			name:     "PrecedenceStaleBeforeBuyerStatus",
			buyer:    func(b *Buyer) { b.Status = BuyerComplained },
			occurred: utc(2025, 11, 1, 10, 0, 0), now: now,
			want: Schedule{DueAt: now, Reason: ReasonStale},
		},
		{
			name: "PrecedenceErasedBeforeStatus",
			buyer: func(b *Buyer) {
				b.Status = BuyerComplained
				b.Email = ""
				b.ErasedAt = utc(2026, 1, 1, 0, 0, 0)
			},
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonErased},
		},
		{
			name: "PrecedenceBuyerStatusBeforeThrottle",
			buyer: func(b *Buyer) {
				b.Status = BuyerUnsubscribed
				b.LastInvitedAt = utc(2026, 1, 10, 0, 0, 0)
			},
			occurred: occurred, now: now,
			want: Schedule{DueAt: utc(2026, 1, 15, 12, 0, 0), Reason: ReasonUnsubscribed},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := DefaultSettings().Delivery
			if tt.rules != nil {
				tt.rules(&r)
			}
			rep := &Rep{ID: 1, Name: "Ada Lovelace", Active: !tt.inactive}
			b := &Buyer{ID: 2, Email: "buyer@example.com", Status: BuyerActive}
			if tt.buyer != nil {
				tt.buyer(b)
			}
			got := PlanInvitation(r, rep, b, tt.occurred, tt.now)
			if !got.DueAt.Equal(tt.want.DueAt) || got.Reason != tt.want.Reason {
				t.Errorf("PlanInvitation() = {%v %q}, want {%v %q}", got.DueAt, got.Reason, tt.want.DueAt, tt.want.Reason)
			}
			if got.DueAt.Location() != time.UTC {
				t.Errorf("DueAt in %v, want UTC", got.DueAt.Location())
			}
			if got.DueAt.Before(tt.now) {
				t.Errorf("DueAt %v is before now %v", got.DueAt, tt.now)
			}
			if gotS, wantS := got.Suppressed(), tt.want.Reason != ""; gotS != wantS {
				t.Errorf("Suppressed() = %v, want %v", gotS, wantS)
			}
		})
	}
}

func TestAfterSend(t *testing.T) {
	tests := []struct {
		name         string
		rules        func(*DeliveryRules)
		tz           string
		sentAt       time.Time
		wantRemindAt time.Time
		wantExpires  time.Time
	}{
		{
			name:         "ReminderAndExpiry",
			sentAt:       utc(2026, 1, 15, 10, 0, 0),
			wantRemindAt: utc(2026, 1, 18, 10, 0, 0),
			wantExpires:  utc(2026, 1, 29, 10, 0, 0),
		},
		{
			name:         "ReminderRespectsQuietHours",
			tz:           "Europe/Berlin",
			sentAt:       utc(2026, 1, 15, 21, 0, 0), // 22:00 CET
			wantRemindAt: utc(2026, 1, 19, 7, 0, 0),  // 08:00 CET
			wantExpires:  utc(2026, 1, 29, 21, 0, 0),
		},
		{
			name:         "ReminderInDaytimeUnchanged",
			tz:           "Europe/Berlin",
			sentAt:       utc(2026, 1, 15, 10, 0, 0),
			wantRemindAt: utc(2026, 1, 18, 10, 0, 0),
			wantExpires:  utc(2026, 1, 29, 10, 0, 0),
		},
		{
			name:         "ReminderQuietHoursOff",
			rules:        func(r *DeliveryRules) { r.QuietHours = false },
			tz:           "Europe/Berlin",
			sentAt:       utc(2026, 1, 15, 21, 0, 0),
			wantRemindAt: utc(2026, 1, 18, 21, 0, 0),
			wantExpires:  utc(2026, 1, 29, 21, 0, 0),
		},
		{
			name:         "ReminderUnknownTimeZoneNoQuietHours",
			sentAt:       utc(2026, 1, 15, 21, 0, 0),
			wantRemindAt: utc(2026, 1, 18, 21, 0, 0),
			wantExpires:  utc(2026, 1, 29, 21, 0, 0),
		},
		{
			name:         "ReminderDSTSpringForwardBerlin",
			tz:           "Europe/Berlin",
			sentAt:       utc(2026, 3, 26, 21, 30, 0), // reminder due 23:30 CEST on the 29th
			wantRemindAt: utc(2026, 3, 30, 6, 0, 0),   // 08:00 CEST
			wantExpires:  utc(2026, 4, 9, 21, 30, 0),
		},
		{
			name:        "NoReminderConfigured",
			rules:       func(r *DeliveryRules) { r.ReminderAfterDays = 0 },
			sentAt:      utc(2026, 1, 15, 10, 0, 0),
			wantExpires: utc(2026, 1, 29, 10, 0, 0),
		},
		{
			name: "NoReminderWhenAfterExpiry",
			rules: func(r *DeliveryRules) {
				r.ReminderAfterDays = 5
				r.ExpireAfterDays = 3
			},
			sentAt:      utc(2026, 1, 15, 10, 0, 0),
			wantExpires: utc(2026, 1, 18, 10, 0, 0),
		},
		{
			name: "NoReminderWhenAtExpiry",
			rules: func(r *DeliveryRules) {
				r.ReminderAfterDays = 3
				r.ExpireAfterDays = 3
			},
			sentAt:      utc(2026, 1, 15, 10, 0, 0),
			wantExpires: utc(2026, 1, 18, 10, 0, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := DefaultSettings().Delivery
			if tt.rules != nil {
				tt.rules(&r)
			}
			gotRemindAt, gotExpires := AfterSend(r, tt.tz, tt.sentAt)
			if !gotRemindAt.Equal(tt.wantRemindAt) {
				t.Errorf("remindAt = %v, want %v", gotRemindAt, tt.wantRemindAt)
			}
			if !gotExpires.Equal(tt.wantExpires) {
				t.Errorf("expiresAt = %v, want %v", gotExpires, tt.wantExpires)
			}
			if !gotRemindAt.IsZero() && !gotRemindAt.Before(gotExpires) {
				t.Errorf("remindAt %v is not before expiresAt %v", gotRemindAt, gotExpires)
			}
			if gotExpires.Location() != time.UTC || (!gotRemindAt.IsZero() && gotRemindAt.Location() != time.UTC) {
				t.Errorf("times not in UTC: %v, %v", gotRemindAt.Location(), gotExpires.Location())
			}
		})
	}
}

func TestNotQuiet(t *testing.T) {
	tests := []struct {
		name string
		tz   string
		t    time.Time
		want time.Time
	}{
		{"DaytimeUnchanged", "Europe/Berlin", utc(2026, 1, 15, 12, 0, 0), utc(2026, 1, 15, 12, 0, 0)},
		{"JustBeforeEveningUnchanged", "Europe/Berlin", utc(2026, 1, 15, 18, 59, 59), utc(2026, 1, 15, 18, 59, 59)},
		{"EveningStartsQuiet", "Europe/Berlin", utc(2026, 1, 15, 19, 0, 0), utc(2026, 1, 16, 7, 0, 0)},
		{"MidnightToSameMorning", "Europe/Berlin", utc(2026, 1, 15, 23, 0, 0), utc(2026, 1, 16, 7, 0, 0)},
		{"JustBeforeMorning", "Europe/Berlin", utc(2026, 1, 16, 6, 59, 59), utc(2026, 1, 16, 7, 0, 0)},
		{"EightAMUnchanged", "Europe/Berlin", utc(2026, 1, 16, 7, 0, 0), utc(2026, 1, 16, 7, 0, 0)},
		{"EveningAtMonthEnd", "Europe/Berlin", utc(2026, 1, 31, 20, 0, 0), utc(2026, 2, 1, 7, 0, 0)},
		{"EveningAtYearEnd", "Europe/Berlin", utc(2026, 12, 31, 22, 0, 0), utc(2027, 1, 1, 7, 0, 0)},
		{"ZoneBehindUTCUsesLocalDate", "America/New_York", utc(2026, 1, 15, 2, 0, 0), utc(2026, 1, 15, 13, 0, 0)},
		{"ZoneAheadOfUTCUsesLocalDate", "Asia/Tokyo", utc(2026, 1, 15, 12, 0, 0), utc(2026, 1, 15, 23, 0, 0)},
		{"DSTSpringForwardNewYork", "America/New_York", utc(2026, 3, 8, 6, 30, 0), utc(2026, 3, 8, 12, 0, 0)},
		{"DSTFallBackNewYork", "America/New_York", utc(2026, 11, 1, 5, 30, 0), utc(2026, 11, 1, 13, 0, 0)},
		{"DSTSpringForwardBerlin", "Europe/Berlin", utc(2026, 3, 29, 0, 30, 0), utc(2026, 3, 29, 6, 0, 0)},
		{"UTCZone", "UTC", utc(2026, 1, 15, 21, 0, 0), utc(2026, 1, 16, 8, 0, 0)},
		{"UnknownTimeZoneNoQuietHours", "", utc(2026, 1, 15, 23, 0, 0), utc(2026, 1, 15, 23, 0, 0)},
		{"InvalidTimeZoneNoQuietHours", "Nowhere/Special", utc(2026, 1, 15, 23, 0, 0), utc(2026, 1, 15, 23, 0, 0)},
		{"LocalIsNotABuyerZone", "Local", utc(2026, 1, 15, 23, 0, 0), utc(2026, 1, 15, 23, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NotQuiet(tt.t, tt.tz)
			if !got.Equal(tt.want) {
				t.Errorf("NotQuiet(%v, %q) = %v, want %v", tt.t, tt.tz, got, tt.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("NotQuiet() in %v, want UTC", got.Location())
			}
		})
	}
}

// TestNotQuietSkippedMorning uses made-up zones whose clocks jump over 08:00,
// which no real zone does today.
func TestNotQuietSkippedMorning(t *testing.T) {
	tests := []struct {
		name string
		jump time.Time // clocks go from +00:00 to +01:00 here
		t    time.Time
		want time.Time
	}{
		// 08:00 → 09:00: the morning begins at the jump, 09:00 local.
		{"JumpAtEightFromEvening", utc(2026, 4, 5, 8, 0, 0), utc(2026, 4, 4, 22, 0, 0), utc(2026, 4, 5, 8, 0, 0)},
		{"JumpAtEightFromNight", utc(2026, 4, 5, 8, 0, 0), utc(2026, 4, 5, 3, 0, 0), utc(2026, 4, 5, 8, 0, 0)},
		// 07:30 → 08:30.
		{"JumpAcrossEight", utc(2026, 4, 5, 7, 30, 0), utc(2026, 4, 5, 3, 0, 0), utc(2026, 4, 5, 7, 30, 0)},
		// 08:30 → 09:30 skips 08:30, not 08:00.
		{"JumpAfterEight", utc(2026, 4, 5, 8, 30, 0), utc(2026, 4, 5, 3, 0, 0), utc(2026, 4, 5, 8, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := jumpZone(t, tt.jump)
			got := notQuietIn(tt.t, loc)
			if !got.Equal(tt.want) {
				t.Errorf("notQuietIn(%v) = %v (%v local), want %v", tt.t, got, got.In(loc), tt.want)
			}
			if h := got.In(loc).Hour(); h < 8 || h >= 20 {
				t.Errorf("notQuietIn(%v) = %v, in quiet hours locally", tt.t, got.In(loc))
			}
		})
	}
}

// jumpZone builds a zone that is UTC until jump and UTC+1 from then on, from
// version 1 TZif data.
func jumpZone(t *testing.T, jump time.Time) *time.Location {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString("TZif")
	buf.Write(make([]byte, 16)) // version 1, reserved
	put := func(v any) {
		if err := binary.Write(&buf, binary.BigEndian, v); err != nil {
			t.Fatal(err)
		}
	}
	abbrs := "AST\x00ADT\x00"
	// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
	put([]uint32{0, 0, 0, 1, 2, len32(abbrs)})
	put(int32(jump.Unix())) // transition times
	put(uint8(1))           // the type each transition switches to
	put(int32(0))           // type 0: UTC+0, standard, "AST"
	put([]uint8{0, 0})
	put(int32(3600)) // type 1: UTC+1, daylight, "ADT"
	put([]uint8{1, 4})
	buf.WriteString(abbrs)
	loc, err := time.LoadLocationFromTZData("Test/Jump", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func len32(s string) uint32 { return uint32(len(s)) }
