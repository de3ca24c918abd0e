package surveys

import (
	"context"
	"time"
)

// TrendPeriods is how many months, and how many weeks, a trend covers.
const TrendPeriods = 12

// TrendPoint is the trust figures of one calendar month or week, shrunk
// toward the org mean of the same period.
type TrendPoint struct {
	Month   string // YYYY-MM for a month; empty for a week
	Week    string // the week's Monday, YYYY-MM-DD; empty for a month
	Figures Figures
}

// Trends are the last 12 calendar months and the last 12 weeks (Monday to
// Sunday) up to and including the window's last day, oldest first.
type Trends struct {
	Trend       []TrendPoint // months
	WeeklyTrend []TrendPoint // weeks
}

// trendRange is the first and last day the trends of a window cover.
func trendRange(w Window) (firstMonth, firstWeek, last time.Time) {
	to := time.Date(w.To.Year(), w.To.Month(), w.To.Day(), 0, 0, 0, 0, time.UTC)
	firstMonth = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-TrendPeriods, 0)
	monday := to.AddDate(0, 0, -(int(to.Weekday())+6)%7)
	firstWeek = monday.AddDate(0, 0, -7*(TrendPeriods-1))
	last = firstMonth.AddDate(0, TrendPeriods, -1)
	if sunday := monday.AddDate(0, 0, 6); sunday.After(last) {
		last = sunday
	}
	return firstMonth, firstWeek, last
}

// trendQuery is q (its RepIDs or TeamIDs; none: the whole org) summed per
// day over the trend range of the window.
func (ws *windowScores) trendQuery(q RollupQuery) RollupQuery {
	firstMonth, firstWeek, last := trendRange(ws.w)
	from := firstMonth
	if firstWeek.Before(from) {
		from = firstWeek
	}
	q.OrgID, q.From, q.To, q.ByDay = ws.org.ID, from.Format(time.DateOnly), last.Format(time.DateOnly), true
	return q
}

// trends returns the trends of the rollups q selects, shrunk toward the
// org's figures of each period.
func (ws *windowScores) trends(ctx context.Context, st Store, q RollupQuery) (Trends, error) {
	days, err := st.SumRollups(ctx, ws.trendQuery(q))
	if err != nil {
		return Trends{}, err
	}
	firstMonth, firstWeek, _ := trendRange(ws.w)
	k := ws.org.Settings.ShrinkK
	var out Trends
	for i := range TrendPeriods {
		m := firstMonth.AddDate(0, i, 0)
		out.Trend = append(out.Trend, TrendPoint{Month: m.Format("2006-01"),
			Figures: periodFigures(ws.orgDays, days, m, m.AddDate(0, 1, -1), k)})
		wk := firstWeek.AddDate(0, 0, 7*i)
		out.WeeklyTrend = append(out.WeeklyTrend, TrendPoint{Week: wk.Format(time.DateOnly),
			Figures: periodFigures(ws.orgDays, days, wk, wk.AddDate(0, 0, 6), k)})
	}
	return out, nil
}

// periodFigures tallies the per-day sums of days from first to last and
// shrinks them toward the org's mean of the same days.
func periodFigures(orgDays, days []RollupSum, first, last time.Time, k float64) Figures {
	from, to := first.Format(time.DateOnly), last.Format(time.DateOnly)
	o, t := newTally(), newTally()
	for _, d := range orgDays {
		if d.Day >= from && d.Day <= to {
			o.add(d)
		}
	}
	for _, d := range days {
		if d.Day >= from && d.Day <= to {
			t.add(d)
		}
	}
	return t.figures(o.trust.Mean(), k)
}
