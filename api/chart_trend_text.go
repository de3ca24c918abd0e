package api

import (
	"strconv"
	"time"

	"trustcard/surveys"
)

// TrendTable is a trend as a table, which a page places beside the chart
// for screen readers, visually hidden in a <div class="sr"> (on the table
// itself the class would not narrow it, and the page would scroll
// sideways on a phone).
type TrendTable struct {
	Caption string    // the same sentence as the chart's aria-label
	Head    [4]string // period, trust score, 90% interval, n
	Rows    []TrendRow
}

// TrendRow is one period of a trend, formatted.
type TrendRow struct {
	Period   string // "Mar 2026", or a week: "6 – 12 Apr 2026"
	Score    string // "78", or "—" without responses
	Interval string // "70–85", or "—" with fewer than two responses
	N        string // responses with a trust value
	Note     string // "low confidence", "no responses", or empty
}

// TrendTable returns the rows of the table that stands in for Trend's
// chart of the same points.
func (c Charts) TrendTable(name string, points []surveys.TrendPoint) TrendTable {
	periods := c.trendPeriods(points)
	t := TrendTable{Caption: c.trendSummary(name, points, periods),
		Head: [4]string{c.tx.ColPeriod, c.tx.ColScore, c.tx.ColInterval, c.tx.ColN}}
	for i, p := range points {
		f := p.Figures
		row := TrendRow{Period: periods[i].Name, Score: "—", Interval: "—", N: strconv.FormatInt(f.N, 10)}
		switch {
		case !f.HasScore:
			row.Note = c.tx.NoResponses
		case f.LowConfidence:
			row.Note = c.tx.LowConfidence
		}
		if f.HasScore {
			row.Score = scoreFigure(f.Score)
		}
		if f.HasInterval {
			lo, hi := shownInterval(f)
			row.Interval = scoreFigure(lo) + "–" + scoreFigure(hi)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// trendPeriods names each point's period. Under the plot a month shows
// its short name, and its year where the year starts or changes; a week
// shows its Monday's day, and the month where the month starts or changes.
func (c Charts) trendPeriods(points []surveys.TrendPoint) []trendPeriod {
	out := make([]trendPeriod, len(points))
	var last string // the year or month shown last
	for i, p := range points {
		if p.Month != "" {
			m, err := time.Parse("2006-01", p.Month)
			if err != nil {
				out[i] = trendPeriod{Name: p.Month, Label: p.Month}
				continue
			}
			out[i] = trendPeriod{Name: c.tx.monthName(m), Label: c.tx.Axis[m.Month()-1], Sub: strconv.Itoa(m.Year())}
		} else {
			d, err := time.Parse(time.DateOnly, p.Week)
			if err != nil {
				out[i] = trendPeriod{Name: p.Week, Label: p.Week}
				continue
			}
			out[i] = trendPeriod{Name: c.tx.rangeLabel(d, d.AddDate(0, 0, 6)), Label: strconv.Itoa(d.Day()),
				Sub: c.tx.Axis[d.Month()-1]}
		}
		if out[i].Sub == last {
			out[i].Sub = ""
		} else {
			last = out[i].Sub
		}
	}
	return out
}

// trendSummary says in a sentence what the trend shows: its first and last
// scores, or that there are none.
func (c Charts) trendSummary(name string, points []surveys.TrendPoint, periods []trendPeriod) string {
	title, titleOf := c.tx.TrendByMonth, c.tx.TrendOfByMonth
	if len(points) > 0 && points[0].Month == "" {
		title, titleOf = c.tx.TrendByWeek, c.tx.TrendOfByWeek
	}
	if name != "" {
		title = fillIn(titleOf, "name", name)
	}
	first, last := -1, -1
	for i, p := range points {
		if p.Figures.HasScore {
			last = i
			if first < 0 {
				first = i
			}
		}
	}
	switch {
	case first < 0:
		return fillIn(c.tx.TrendNone, "title", title)
	case first == last:
		return fillIn(c.tx.TrendOnly, "title", title, "first", scoreFigure(points[first].Figures.Score),
			"firstPeriod", periods[first].Name)
	}
	return fillIn(c.tx.TrendFromTo, "title", title, "first", scoreFigure(points[first].Figures.Score),
		"firstPeriod", periods[first].Name, "last", scoreFigure(points[last].Figures.Score), "lastPeriod", periods[last].Name)
}
