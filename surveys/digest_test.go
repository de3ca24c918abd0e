package surveys_test

import (
	"testing"
	"time"

	"trustcard/surveys"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

// A digest is due at the chosen hour of the leader's time zone, across
// the changes to and from summer time, once per day or week.
func TestDigestNext(t *testing.T) {
	berlin := func(f surveys.DigestFrequency, hour int) *surveys.DigestPrefs {
		return &surveys.DigestPrefs{Frequency: f, Hour: hour, Weekday: time.Monday, TimeZone: "Europe/Berlin", Language: "de"}
	}
	for _, c := range []struct {
		name        string
		p           *surveys.DigestPrefs
		after, want string
	}{
		{"DailyLaterToday", berlin(surveys.DigestDaily, 8), "2026-03-27 06:00:00", "2026-03-27 07:00:00"},
		{"DailyTomorrow", berlin(surveys.DigestDaily, 8), "2026-03-27 07:00:00", "2026-03-28 07:00:00"},
		{"DailyIntoSummerTime", berlin(surveys.DigestDaily, 8), "2026-03-28 07:00:00", "2026-03-29 06:00:00"},
		{"SkippedHourAnHourLater", berlin(surveys.DigestDaily, 2), "2026-03-28 12:00:00", "2026-03-29 01:00:00"},
		{"AfterTheSkippedHour", berlin(surveys.DigestDaily, 2), "2026-03-29 01:00:00", "2026-03-30 00:00:00"},
		{"RepeatedHourOnce", berlin(surveys.DigestDaily, 2), "2026-10-24 12:00:00", "2026-10-25 01:00:00"},
		{"AfterTheRepeatedHour", berlin(surveys.DigestDaily, 2), "2026-10-25 01:00:00", "2026-10-26 01:00:00"},
		{"NotTwiceInTheRepeatedHour", berlin(surveys.DigestDaily, 2), "2026-10-25 00:30:00", "2026-10-25 01:00:00"},
		{"WeeklyOnMonday", berlin(surveys.DigestWeekly, 9), "2026-03-27 10:00:00", "2026-03-30 07:00:00"},
		{"WeeklyAWeekLater", berlin(surveys.DigestWeekly, 9), "2026-03-30 07:00:00", "2026-04-06 07:00:00"},
		{"Off", berlin(surveys.DigestOff, 9), "2026-03-27 10:00:00", "0001-01-01 00:00:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, want := c.p.Next(utc(c.after)), utc(c.want); !got.Equal(want) {
				t.Errorf("next after %s = %s, want %s", c.after, got, want)
			}
		})
	}
}

// Each digest covers from where the one before ended, across summer time,
// and digests missed while no worker ran are sent as one for the latest
// period.
func TestDigestPeriod(t *testing.T) {
	p := &surveys.DigestPrefs{Frequency: surveys.DigestDaily, Hour: 8, TimeZone: "Europe/Berlin", Language: "en"}
	if from, _ := p.Period(utc("2026-03-29 06:00:00")); !from.Equal(utc("2026-03-28 07:00:00")) {
		t.Errorf("the first summer-time digest starts %s, want where the one before was due", from)
	}
	p.NextAt = utc("2026-03-30 06:00:00")
	if got := p.Latest(utc("2026-04-01 12:00:00")); !got.Equal(utc("2026-04-01 06:00:00")) {
		t.Errorf("latest due = %s, want Wednesday's", got)
	}
	p.Frequency = surveys.DigestWeekly
	if from, _ := p.Period(utc("2026-04-06 06:00:00")); !from.Equal(utc("2026-03-30 06:00:00")) {
		t.Errorf("a weekly digest starts %s, want a week before", from)
	}
}

// A choice names what is wrong with it.
func TestDigestValidate(t *testing.T) {
	for field, p := range map[string]surveys.DigestPrefs{
		"frequency": {Frequency: "hourly", TimeZone: "UTC", Language: "en"},
		"hour":      {Frequency: surveys.DigestDaily, Hour: 24, TimeZone: "UTC", Language: "en"},
		"weekday":   {Frequency: surveys.DigestWeekly, Weekday: 7, TimeZone: "UTC", Language: "en"},
		"time_zone": {Frequency: surveys.DigestDaily, TimeZone: "Nowhere/Town", Language: "en"},
		"language":  {Frequency: surveys.DigestDaily, TimeZone: "UTC", Language: "<script>"},
	} {
		err := p.Validate()
		if got, _ := surveys.ErrorDetail(err); surveys.ErrorCode(err) != surveys.EINVALID || got != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}
