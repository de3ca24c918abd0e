package api

import (
	_ "embed"
	"html/template"
	"strconv"
	"strings"

	"trustcard/surveys"
)

// The web app's charts are SVG drawn here from the same figures the PDF
// report cards are drawn from (surveys.Figures, surveys.TrendPoint), so a
// page and its card never disagree. Each chart is a view struct of
// formatted numbers and words, drawn by charts.tmpl: html/template escapes
// every word, so the result is safe to place in a page as it is.
//
// Charts are as wide as their container and a fixed height: positions
// across are percentages and text keeps its size, so labels read the same
// on a 390 px phone as on a desktop. The trend's lines and band are drawn
// in a nested viewBox stretched to the plot, with strokes that do not
// stretch. Colours are presentation attributes, not style, which the
// pages' Content-Security-Policy (style-src 'self') would block.

//go:embed charts.tmpl
var chartsTemplate string

var chartTemplates = template.Must(template.New("charts").Parse(chartsTemplate))

// Charts draws the web app's charts in one language.
type Charts struct{ tx appTexts }

// NewCharts returns the charts in lang (en, de, fr or es; others get
// English).
func NewCharts(lang string) Charts { return Charts{tx: appTextsFor(lang)} }

// Reference says whose mean a bar's tick marks.
type Reference int

const (
	// TeamMean: the tick is the team's figure.
	TeamMean Reference = iota
	// OrgMean: the tick is the org's figure.
	OrgMean
)

// drawChart draws view with the named chart template. The views are built
// here and the template is fixed, so an error is a bug the golden tests
// catch; it panics rather than hand a page half a chart.
func drawChart(name string, view any) template.HTML {
	var b strings.Builder
	if err := chartTemplates.ExecuteTemplate(&b, name, view); err != nil {
		panic("charts: draw " + name + ": " + err.Error())
	}
	return template.HTML(b.String()) // escaped by html/template
}

// coord formats a coordinate with at most two decimals.
func coord(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// across formats a position across as a percentage of the width.
func across(x float64) string { return coord(x) + "%" }

// on100 holds x to the 0–100 scale.
func on100(x float64) float64 { return max(0, min(100, x)) }

// scoreFigure is a trust score as the PDF prints it: a whole number.
func scoreFigure(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }

// shownInterval is f's 90% interval held to the 0–100 scale, as the PDF draws
// it. The interval is the raw mean's; the score, shrunk toward the org
// mean, may lie outside it.
func shownInterval(f surveys.Figures) (lo, hi float64) {
	return on100(f.Interval.Low), on100(f.Interval.High)
}

// intervalText is "90% interval 70–85" in the language.
func (c Charts) intervalText(f surveys.Figures) string {
	lo, hi := shownInterval(f)
	return fillIn(c.tx.Interval, "low", scoreFigure(lo), "high", scoreFigure(hi))
}

// meanText is "team 74" or "org 74".
func (c Charts) meanText(of Reference, mean string) string {
	if of == OrgMean {
		return fillIn(c.tx.OrgMean, "mean", mean)
	}
	return fillIn(c.tx.TeamMean, "mean", mean)
}

// withName prefixes text with "name: " when there is a name.
func withName(name, text string) string {
	if name == "" {
		return text
	}
	return name + ": " + text
}
