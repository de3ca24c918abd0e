package api_test

import (
	"context"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// day is a calendar day, YYYY-MM-DD, as midnight UTC.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// window is the days from to to, YYYY-MM-DD.
func window(t *testing.T, from, to string) surveys.Window {
	t.Helper()
	return surveys.Window{From: day(t, from), To: day(t, to)}
}

// The picker's presets, which one is chosen, its label and the period it
// is compared with, around the calendar's edges.
func TestPeriodPicker(t *testing.T) {
	cases := []struct {
		name, today, from, to string
		selected, label       string
		prevFrom, prevTo      string
		presets               map[string]string // key → "from to"
	}{
		{"MonthEnd", "2026-01-31", "2026-01-01", "2026-01-31", api.PeriodThisMonth, "1 – 31 Jan 2026",
			"2025-12-01", "2025-12-31", map[string]string{api.PeriodLastMonth: "2025-12-01 2025-12-31",
				api.PeriodThisQuarter: "2026-01-01 2026-01-31", api.PeriodLastDays: "2025-11-03 2026-01-31"}},
		{"LastMonthOfThirty", "2026-12-15", "2026-11-01", "2026-11-30", api.PeriodLastMonth, "1 – 30 Nov 2026",
			"2026-10-02", "2026-10-31", map[string]string{api.PeriodThisMonth: "2026-12-01 2026-12-15",
				api.PeriodThisQuarter: "2026-10-01 2026-12-15", api.PeriodThisYear: "2026-01-01 2026-12-15"}},
		{"QuarterEnd", "2026-09-30", "2026-07-01", "2026-09-30", api.PeriodThisQuarter, "1 Jul – 30 Sep 2026",
			"2026-03-31", "2026-06-30", map[string]string{api.PeriodLastMonth: "2026-08-01 2026-08-31"}},
		{"QuarterStart", "2026-04-01", "2026-04-01", "2026-04-01", api.PeriodThisMonth, "1 Apr 2026",
			"2026-03-31", "2026-03-31", map[string]string{api.PeriodThisQuarter: "2026-04-01 2026-04-01",
				api.PeriodLastMonth: "2026-03-01 2026-03-31", api.PeriodThisYear: "2026-01-01 2026-04-01"}},
		{"LeapFebruary", "2028-03-01", "2028-02-01", "2028-02-29", api.PeriodLastMonth, "1 – 29 Feb 2028",
			"2028-01-03", "2028-01-31", map[string]string{api.PeriodLastDays: "2027-12-03 2028-03-01",
				api.PeriodThisQuarter: "2028-01-01 2028-03-01"}},
		{"LeapDay", "2028-02-29", "2028-01-01", "2028-02-29", api.PeriodThisQuarter, "1 Jan – 29 Feb 2028",
			"2027-11-02", "2027-12-31", map[string]string{api.PeriodThisMonth: "2028-02-01 2028-02-29"}},
		{"NewYearsDay", "2026-01-01", "2026-01-01", "2026-01-01", api.PeriodThisMonth, "1 Jan 2026",
			"2025-12-31", "2025-12-31", map[string]string{api.PeriodThisYear: "2026-01-01 2026-01-01",
				api.PeriodThisQuarter: "2026-01-01 2026-01-01", api.PeriodLastMonth: "2025-12-01 2025-12-31",
				api.PeriodLastDays: "2025-10-04 2026-01-01"}},
		{"Custom", "2026-03-20", "2026-02-10", "2026-03-05", api.PeriodCustom, "10 Feb – 5 Mar 2026",
			"2026-01-17", "2026-02-09", map[string]string{api.PeriodCustom: "2026-02-10 2026-03-05"}},
		{"CustomAcrossYears", "2026-03-20", "2025-11-01", "2026-01-31", api.PeriodCustom, "1 Nov 2025 – 31 Jan 2026",
			"2025-08-01", "2025-10-31", nil},
		{"PreviousOfQ4", "2027-01-10", "2026-10-01", "2026-12-31", api.PeriodCustom, "1 Oct – 31 Dec 2026",
			"2026-07-01", "2026-09-30", nil},
		{"PreviousOfQ1", "2026-05-10", "2026-01-01", "2026-03-31", api.PeriodCustom, "1 Jan – 31 Mar 2026",
			"2025-10-03", "2025-12-31", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := api.NewPeriodPicker(day(t, c.today), window(t, c.from, c.to), "en")
			if p.Label != c.label || p.From != c.from || p.To != c.to || p.Max != c.today {
				t.Errorf("label %q, from %s, to %s, max %s; want %q, %s, %s, %s", p.Label, p.From, p.To, p.Max, c.label, c.from, c.to, c.today)
			}
			if got := selectedKeys(p); len(got) != 1 || got[0] != c.selected {
				t.Errorf("selected %v, want [%s]", got, c.selected)
			}
			if got, want := p.Previous, window(t, c.prevFrom, c.prevTo); !got.From.Equal(want.From) || !got.To.Equal(want.To) {
				t.Errorf("previous %v, want %s – %s", got.Period(), c.prevFrom, c.prevTo)
			}
			for key, want := range c.presets {
				if got := optionDays(p, key); got != want {
					t.Errorf("%s: %q, want %q", key, got, want)
				}
			}
		})
	}
}

func selectedKeys(p api.PeriodPicker) []string {
	var out []string
	for _, o := range p.Options {
		if o.Selected {
			out = append(out, o.Key)
		}
	}
	return out
}

func optionDays(p api.PeriodPicker, key string) string {
	for _, o := range p.Options {
		if o.Key == key {
			return o.From + " " + o.To
		}
	}
	return "no option " + key
}

// The options are offered in order, in the page's language, each with its
// days for people.
func TestPeriodPickerWords(t *testing.T) {
	p := api.NewPeriodPicker(day(t, "2026-12-15"), window(t, "2026-10-01", "2026-12-15"), "de")
	want := []struct{ key, label, rng string }{
		{api.PeriodThisMonth, "Dieser Monat", "1. – 15. Dez 2026"}, {api.PeriodLastMonth, "Letzter Monat", "1. – 30. Nov 2026"},
		{api.PeriodThisQuarter, "Dieses Quartal", "1. Okt – 15. Dez 2026"}, {api.PeriodLastDays, "Letzte 90 Tage", "17. Sep – 15. Dez 2026"},
		{api.PeriodThisYear, "Dieses Jahr", "1. Jan – 15. Dez 2026"}, {api.PeriodCustom, "Eigener Zeitraum", "1. Okt – 15. Dez 2026"},
	}
	if len(p.Options) != len(want) {
		t.Fatalf("%d options, want %d", len(p.Options), len(want))
	}
	for i, w := range want {
		if o := p.Options[i]; o.Key != w.key || o.Label != w.label || o.Range != w.rng {
			t.Errorf("option %d: %s %q %q, want %s %q %q", i, o.Key, o.Label, o.Range, w.key, w.label, w.rng)
		}
	}
	if p.Compared != "im Vergleich zu 17. Jul – 30. Sep 2026" {
		t.Errorf("compared %q", p.Compared)
	}
}

// The window the domain parses from an empty query, the last 90 days
// ending today in the org's zone, is the "last 90 days" preset, whatever
// the time of day and the zone.
func TestPeriodPickerDefaultWindow(t *testing.T) {
	svc := surveys.New(storetest.MustOpen(t, "sqlite"), nil)
	org, err := svc.Directory.EnsureOrg(context.Background(), surveys.DefaultOrgName)
	if err != nil {
		t.Fatal(err)
	}
	ctx := apitest.AsAdmin(context.Background(), org)
	def, err := svc.Scores.DefaultWindow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w, err := svc.Scores.ParseWindow(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := selectedKeys(api.NewPeriodPicker(def.To, w, "en")); len(got) != 1 || got[0] != api.PeriodLastDays {
		t.Errorf("the default window selects %v, want [%s]", got, api.PeriodLastDays)
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 3, 8, 23, 30, 0, 0, la) // the day clocks go forward
	late := surveys.Window{From: today.AddDate(0, 0, 1-surveys.DefaultWindowDays), To: today}
	if p := api.NewPeriodPicker(today, late, "en"); p.From != "2025-12-09" || p.To != "2026-03-08" || selectedKeys(p)[0] != api.PeriodLastDays {
		t.Errorf("late in Los Angeles: %s – %s, selected %v", p.From, p.To, selectedKeys(p))
	}
}
