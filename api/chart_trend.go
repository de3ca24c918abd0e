package api

import (
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"

	"trustcard/surveys"
)

// The trend chart's layout, in px down and % across.
const (
	trendGutter = 8.0 // % of the width left of the plot, for the 0–100 labels
	trendTop    = 24  // the plot's top, leaving room for a value label at 100
	trendPlotH  = 160
	trendRow    = 16 // between the rows of labels under the plot
	trendLegend = 24 // per legend line
	trendStep   = 16 // how far every other count drops when counts are wide
)

// trendView is what the "trend" template draws.
type trendView struct {
	Label            string // the aria-label: what the chart shows, in a sentence
	Height           int
	Gutter, PlotW    string // the plot's left edge and width, across
	PlotTop, PlotH   int
	Cols             int      // the nested viewBox's width: one unit per period
	Grid             []string // nested y of the gridlines at 25, 50 and 75
	YLabels          []yLabel
	Bands, Lines     []string // nested points of the interval band and the score line
	Points           []pointView
	Ticks            []tickView
	Row1, Row2, Row3 int // baselines: label, year or month, n
	Legend           []legendView
	Empty            string // "no responses" when no period has a score
	EmptyX           string
	EmptyY           int
}

type yLabel struct {
	Y    int
	Text string
}

type pointView struct {
	X, Y, LabelY string
	Low          bool
	Value, Title string
}

type tickView struct {
	X, Label, Sub, N string
	NY               int // the count's baseline
}

type legendView struct {
	Y, SwatchY int  // the text's baseline; the swatch's top, or its centre for a point
	Band       bool // the band's swatch; otherwise a low-confidence point's
	Text       string
}

// trendPeriod is one point's period, named for people.
type trendPeriod struct {
	Name  string // "Mar 2026" or "6 – 12 Apr 2026": tooltips, the table, the summary
	Label string // under the plot: "Mar", or the week's Monday "6"
	Sub   string // under that, where it changes: the year, or the week's month
}

// Trend draws a trend (monthly or weekly, as surveys.Trends holds them)
// as a line of trust scores, with the 90% interval as a band. A period
// with no responses has no point and breaks the line; a low-confidence
// one has a hollow amber point. name, when given, is the rep or team the
// trend is of, for screen readers.
func (c Charts) Trend(name string, points []surveys.TrendPoint) template.HTML {
	return drawChart("trend", c.trendView(name, points))
}

func (c Charts) trendView(name string, points []surveys.TrendPoint) trendView {
	periods := c.trendPeriods(points)
	v := trendView{Label: c.trendSummary(name, points, periods), Gutter: across(trendGutter), PlotW: across(100 - trendGutter),
		PlotTop: trendTop, PlotH: trendPlotH, Cols: max(1, len(points))}
	bottom := trendTop + trendPlotH
	v.Row1, v.Row2, v.Row3 = bottom+20, bottom+20+trendRow, bottom+20+2*trendRow
	for _, y := range []float64{0, 25, 50, 75, 100} {
		if y > 0 && y < 100 {
			v.Grid = append(v.Grid, coord(100-y))
		}
		v.YLabels = append(v.YLabels, yLabel{Y: trendY(y), Text: scoreFigure(y)})
	}
	v.Bands, v.Lines = trendRuns(points)
	for i, p := range points {
		x := trendX(i, len(points))
		v.Ticks = append(v.Ticks, tickView{X: x, Label: periods[i].Label, Sub: periods[i].Sub, N: c.tx.count(p.Figures.N)})
		if p.Figures.HasScore {
			v.Points = append(v.Points, c.trendPoint(x, p.Figures, periods[i]))
		}
	}
	if len(v.Points) == 0 {
		v.Empty, v.EmptyX, v.EmptyY = c.tx.NoResponses, trendX(0, 1), trendTop+trendPlotH/2
	}
	last := staggerCounts(v.Ticks, v.Row3)
	v.Legend = c.trendLegend(points, last)
	v.Height = last + 12 + len(v.Legend)*trendLegend
	return v
}

// staggerCounts places the counts under the periods on baseline y or,
// when one is four characters or more ("1.2k", "0.1M") and neighbours
// could touch on a phone, every other one a step lower. It returns the
// lowest baseline used.
func staggerCounts(ticks []tickView, y int) int {
	wide := false
	for i := range ticks {
		ticks[i].NY = y
		wide = wide || utf8.RuneCountInString(ticks[i].N) >= 4
	}
	if !wide || len(ticks) < 2 {
		return y
	}
	for i := 1; i < len(ticks); i += 2 {
		ticks[i].NY = y + trendStep
	}
	return y + trendStep
}

// trendX is the middle of period i of n, across the whole chart.
func trendX(i, n int) string {
	return across(trendGutter + (100-trendGutter)*(float64(i)+0.5)/float64(n))
}

// trendY is a score's height in the chart, in px from its top.
func trendY(score float64) int {
	return trendTop + int(float64(trendPlotH)*(100-on100(score))/100+0.5)
}

func (c Charts) trendPoint(x string, f surveys.Figures, p trendPeriod) pointView {
	y := trendY(f.Score)
	details := []string{"n " + strconv.FormatInt(f.N, 10)}
	if f.HasInterval {
		details = append(details, c.intervalText(f))
	}
	if f.LowConfidence {
		details = append(details, c.tx.LowConfidence)
	}
	return pointView{X: x, Y: strconv.Itoa(y), LabelY: strconv.Itoa(y - 10), Low: f.LowConfidence, Value: scoreFigure(f.Score),
		Title: p.Name + ": " + scoreFigure(f.Score) + " (" + strings.Join(details, ", ") + ")"}
}

// trendRuns are the band's polygons over each run of periods with an
// interval, and the line's polylines over each run of two or more with a
// score, in the nested viewBox: period i is at x = i + 0.5, a score s at
// y = 100 − s. A lone score is drawn as its point only.
func trendRuns(points []surveys.TrendPoint) (bands, lines []string) {
	for _, run := range runs(points, func(f surveys.Figures) bool { return f.HasInterval }) {
		bands = append(bands, bandPolygon(points[run[0]:run[1]], run[0]))
	}
	for _, run := range runs(points, func(f surveys.Figures) bool { return f.HasScore }) {
		if run[1]-run[0] < 2 {
			continue
		}
		var line []string
		for i := run[0]; i < run[1]; i++ {
			line = append(line, coord(float64(i)+0.5)+","+coord(100-on100(points[i].Figures.Score)))
		}
		lines = append(lines, strings.Join(line, " "))
	}
	return bands, lines
}

// bandPolygon outlines the intervals of run, whose first point is period
// first: along the highs, then back along the lows. A lone interval is a
// narrow bar.
func bandPolygon(run []surveys.TrendPoint, first int) string {
	var top, bottom []string
	for i, p := range run {
		lo, hi := shownInterval(p.Figures)
		xs := []float64{float64(first+i) + 0.5}
		if len(run) == 1 {
			xs = []float64{xs[0] - 0.12, xs[0] + 0.12}
		}
		for _, x := range xs {
			top = append(top, coord(x)+","+coord(100-hi))
			bottom = append([]string{coord(x) + "," + coord(100-lo)}, bottom...)
		}
	}
	return strings.Join(append(top, bottom...), " ")
}

// runs are the [first, end) index ranges of consecutive points whose
// figures pass keep.
func runs(points []surveys.TrendPoint, keep func(surveys.Figures) bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(points); i++ {
		if !keep(points[i].Figures) {
			continue
		}
		start := i
		for i < len(points) && keep(points[i].Figures) {
			i++
		}
		out = append(out, [2]int{start, i})
	}
	return out
}

// trendLegend explains the band and the hollow points, when drawn, below
// the baseline y.
func (c Charts) trendLegend(points []surveys.TrendPoint, y int) []legendView {
	var band, low bool
	for _, p := range points {
		band = band || p.Figures.HasInterval
		low = low || (p.Figures.HasScore && p.Figures.LowConfidence)
	}
	var out []legendView
	if band {
		out = append(out, legendView{Band: true, Text: c.tx.LegendBand})
	}
	if low {
		out = append(out, legendView{Text: fillIn(c.tx.LegendLow, "n", strconv.Itoa(surveys.LowConfidenceBelow))})
	}
	for i := range out {
		out[i].Y = y + (i+1)*trendLegend
		out[i].SwatchY = out[i].Y - 9
		if !out[i].Band {
			out[i].SwatchY = out[i].Y - 4
		}
	}
	return out
}
