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

// trendStarts are the first days of a window's trends: of the month 11
// months before its last day's, and of the week (from Monday) 11 weeks
// before its last day's.
func trendStarts(w Window) (firstMonth, firstWeek time.Time) {
	to := time.Date(w.To.Year(), w.To.Month(), w.To.Day(), 0, 0, 0, 0, time.UTC)
	firstMonth = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-TrendPeriods, 0)
	monday := to.AddDate(0, 0, -(int(to.Weekday())+6)%7)
	return firstMonth, monday.AddDate(0, 0, -7*(TrendPeriods-1))
}

// trendPeriods are the trend's 12 months, then its 12 weeks, of window w.
func trendPeriods(w Window) []Period {
	firstMonth, firstWeek := trendStarts(w)
	out := make([]Period, 0, 2*TrendPeriods)
	for i := range TrendPeriods {
		m := firstMonth.AddDate(0, i, 0)
		out = append(out, Period{m.Format(time.DateOnly), m.AddDate(0, 1, -1).Format(time.DateOnly)})
	}
	for i := range TrendPeriods {
		w := firstWeek.AddDate(0, 0, 7*i)
		out = append(out, Period{w.Format(time.DateOnly), w.AddDate(0, 0, 6).Format(time.DateOnly)})
	}
	return out
}

// trendQuery is q (its RepIDs or TeamIDs; none: the whole org) summed per
// trend period.
func (ws *windowScores) trendQuery(q RollupQuery) RollupQuery {
	q.OrgID, q.Periods, q.ByRep = ws.org.ID, ws.periods, false
	return q
}

// periodTallies tallies sums per trend period.
func periodTallies(sums []RollupSum) []*tally {
	out := make([]*tally, 2*TrendPeriods)
	for i := range out {
		out[i] = newTally()
	}
	for _, s := range sums {
		out[s.Period].add(s)
	}
	return out
}

// trends returns the trends of the rollups q selects, shrunk toward the
// org's figures of each period.
func (ws *windowScores) trends(ctx context.Context, st RollupReader, q RollupQuery) (Trends, error) {
	var sums []RollupSum
	err := st.SumRollups(ctx, ws.trendQuery(q), func(s RollupSum) { sums = append(sums, s) })
	if err != nil {
		return Trends{}, err
	}
	var out Trends
	k := ws.org.Settings.ShrinkK
	for i, t := range periodTallies(sums) {
		f, p := t.figures(ws.orgTrendMeans[i], k), ws.periods[i]
		if i < TrendPeriods {
			out.Trend = append(out.Trend, TrendPoint{Month: p.From[:7], Figures: f})
		} else {
			out.WeeklyTrend = append(out.WeeklyTrend, TrendPoint{Week: p.From, Figures: f})
		}
	}
	return out, nil
}
