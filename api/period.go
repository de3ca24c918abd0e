package api

import (
	"strconv"
	"time"

	"trustcard/surveys"
)

// PeriodPicker is the view of the period picker every web-app page shows
// above its figures: presets, a custom range, and the period the changes
// beside each figure compare with. Pages take the period as ?from=&to=
// (YYYY-MM-DD), parsed by the domain; see NewPeriodPicker.
type PeriodPicker struct {
	Options  []PeriodOption // this month, last month, this quarter, last 90 days, this year, custom
	From, To string         // the chosen window, YYYY-MM-DD: the custom range's inputs
	Max      string         // today, YYYY-MM-DD: the date inputs' max
	Label    string         // the chosen window: "1 Oct – 31 Dec 2026"
	Previous surveys.Window // the window of the same length just before, which changes compare with
	Compared string         // "compared with 1 Jul – 30 Sep 2026"
}

// PeriodOption is one choice of the picker.
type PeriodOption struct {
	Key      string // this-month, last-month, this-quarter, last-90-days, this-year or custom
	Label    string // "This month"
	From, To string // its window, YYYY-MM-DD; custom's is the chosen window
	Range    string // its window for people: "1 – 15 Dec 2026"
	Selected bool   // exactly one option is
}

// Keys of the picker's options.
const (
	PeriodThisMonth   = "this-month"
	PeriodLastMonth   = "last-month"
	PeriodThisQuarter = "this-quarter"
	PeriodLastDays    = "last-90-days"
	PeriodThisYear    = "this-year"
	PeriodCustom      = "custom"
)

// NewPeriodPicker builds the picker for window w, chosen on day today, in
// lang. today is the current day in the org's time zone and w the window
// the domain parsed from ?from=&to= (Scores.ParseWindow, which validates
// the days and defaults to the last 90 days, ending today); only their
// calendar days count.
//
// The presets up to today end today ("this month" on 15 Dec is 1–15 Dec;
// "this year" on 1 Jan is that one day). The first preset whose days are
// w's is selected, so on 1 Jan "this month", which is also this quarter
// and this year, is; when none is, "custom" is. The previous period is
// surveys.Window.Previous: the same number of days just before, as the
// PDF team report compares with. So Q4 (92 days) is compared with Q3,
// which has as many, but Q1 of 2026 (90 days) with 3 Oct – 31 Dec.
func NewPeriodPicker(today time.Time, w surveys.Window, lang string) PeriodPicker {
	tx := appTextsFor(lang)
	today = calendarDay(today)
	w = surveys.Window{From: calendarDay(w.From), To: calendarDay(w.To)}
	prev := w.Previous()
	p := PeriodPicker{From: dayText(w.From), To: dayText(w.To), Max: dayText(today),
		Label: tx.rangeLabel(w.From, w.To), Previous: prev,
		Compared: fillIn(tx.ComparedWith, "period", tx.rangeLabel(prev.From, prev.To))}
	chosen := false
	for _, o := range periodPresets(today, tx) {
		o.Selected = !chosen && o.From == p.From && o.To == p.To
		chosen = chosen || o.Selected
		p.Options = append(p.Options, o)
	}
	p.Options = append(p.Options, PeriodOption{Key: PeriodCustom, Label: tx.Custom, From: p.From, To: p.To,
		Range: p.Label, Selected: !chosen})
	return p
}

// periodPresets are the picker's fixed options on day today.
func periodPresets(today time.Time, tx appTexts) []PeriodOption {
	month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	quarter := month.AddDate(0, -(int(today.Month())-1)%3, 0)
	last := surveys.LastMonth(today, "UTC")
	windows := []struct {
		key, label string
		w          surveys.Window
	}{
		{PeriodThisMonth, tx.ThisMonth, surveys.Window{From: month, To: today}},
		{PeriodLastMonth, tx.LastMonth, last},
		{PeriodThisQuarter, tx.ThisQuarter, surveys.Window{From: quarter, To: today}},
		{PeriodLastDays, fillIn(tx.LastDays, "days", strconv.Itoa(surveys.DefaultWindowDays)),
			surveys.Window{From: today.AddDate(0, 0, 1-surveys.DefaultWindowDays), To: today}},
		{PeriodThisYear, tx.ThisYear, surveys.Window{From: month.AddDate(0, 1-int(today.Month()), 0), To: today}},
	}
	out := make([]PeriodOption, 0, len(windows)+1)
	for _, o := range windows {
		out = append(out, PeriodOption{Key: o.key, Label: o.label, From: dayText(o.w.From), To: dayText(o.w.To),
			Range: tx.rangeLabel(o.w.From, o.w.To)})
	}
	return out
}

// calendarDay is t's calendar day, in t's own zone, as midnight UTC: days
// then step and compare without daylight-saving surprises.
func calendarDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func dayText(t time.Time) string { return t.Format(time.DateOnly) }
