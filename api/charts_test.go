package api_test

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"

	"trustcard/api"
	"trustcard/surveys"
)

// chartCases are every chart the golden files hold.
func chartCases() map[string]template.HTML {
	en, de, fr, es := api.NewCharts("en"), api.NewCharts("de"), api.NewCharts("fr"), api.NewCharts("es")
	months := chartMonths()
	team := scored(140, 74, 71, 77)
	return map[string]template.HTML{
		"trend-month-en.svg":   en.Trend("Ada Lovelace", months),
		"trend-week-de.svg":    de.Trend("Team Nord", chartWeeks()),
		"trend-empty-fr.svg":   fr.Trend("", chartEmpty()),
		"trend-one-es.svg":     es.Trend("", append(chartEmpty()[:11], months[11])),
		"bar-interval-en.svg":  en.IntervalBar(api.Bar{Name: "Ada Lovelace", Figures: months[11].Figures, Mean: team}),
		"bar-low-de.svg":       de.IntervalBar(api.Bar{Name: "Team Süd", Figures: months[2].Figures, Mean: team, MeanOf: api.OrgMean}),
		"bar-mark-only-en.svg": en.IntervalBar(api.Bar{Name: "Grace Hopper", Figures: months[5].Figures}),
		"bar-empty-en.svg":     en.IntervalBar(api.Bar{Name: "Alan Turing", Mean: team}),
		"meter-en.svg": en.QuestionMeter(api.Meter{Question: "Ada understood what I actually needed.",
			Result: surveys.QuestionResult{N: 12, Mean: 4.25, Top2Share: 0.75}, Mean: surveys.QuestionResult{N: 140, Mean: 3.9}}),
		"meter-empty-fr.svg": fr.QuestionMeter(api.Meter{Question: "Ada connaissait mon activité.",
			Mean: surveys.QuestionResult{N: 140, Mean: 3.9}, MeanOf: api.OrgMean}),
	}
}

// Each chart is drawn as its golden file holds it (go test -update
// rewrites them), is well-formed XML, and obeys the rules every chart
// keeps: an image with a name, as wide as its container, no inline style
// or script, and text that meets WCAG AA contrast on white.
func TestChartsGolden(t *testing.T) {
	for name, h := range chartCases() {
		t.Run(name, func(t *testing.T) {
			golden(t, name, h)
			root := mustParseSVG(t, h)
			if root.attr("role") != "img" || root.attr("aria-label") == "" || root.attr("width") != "100%" {
				t.Errorf("root: role %q, aria-label %q, width %q; want img, a label, 100%%",
					root.attr("role"), root.attr("aria-label"), root.attr("width"))
			}
			for _, n := range root.all(func(svgNode) bool { return true }) {
				if n.attr("style") != "" || n.XMLName.Local == "style" || n.XMLName.Local == "script" {
					t.Errorf("<%s style=%q>: the pages' CSP allows no inline style or script", n.XMLName.Local, n.attr("style"))
				}
			}
			for _, n := range root.all(named("text", "")) {
				if c := contrast(n.attr("fill")); c < 4.5 {
					t.Errorf("text %q in %s has contrast %.2f on white, want ≥ 4.5", n.Text, n.attr("fill"), c)
				}
			}
		})
	}
}

// Every period with responses has a point, and a period without draws
// nothing: no point, no line through it, no band.
func TestTrendPoints(t *testing.T) {
	months := chartMonths()
	root := mustParseSVG(t, api.NewCharts("en").Trend("", months))
	points := root.all(named("g", "chart-point"))
	var want int
	for _, p := range months {
		if p.Figures.N > 0 {
			want++
		}
	}
	if len(points) != want {
		t.Errorf("%d points, want %d (periods with n > 0)", len(points), want)
	}
	if low := root.all(named("g", "chart-low")); len(low) != 4 {
		t.Errorf("%d low-confidence points, want 4", len(low))
	}
	for i, p := range months {
		if p.Figures.N > 0 {
			continue
		}
		x := strconv.FormatFloat(float64(i)+0.5, 'f', -1, 64) + ","
		for _, n := range append(root.all(named("polyline", "chart-line")), root.all(named("polygon", "chart-band"))...) {
			if strings.Contains(" "+n.attr("points"), " "+x) {
				t.Errorf("period %s has no responses, but %s %q passes through it", p.Month, n.XMLName.Local, n.attr("points"))
			}
		}
	}
	for _, g := range points {
		for _, gap := range []string{"Aug 2025", "Oct 2025"} {
			if strings.HasPrefix(titleOf(g), gap) {
				t.Errorf("a point is drawn for %s, which has no responses", gap)
			}
		}
	}
	if got := titleOf(points[len(points)-1]); got != "Mar 2026: 78 (n 12, 90% interval 70–87)" {
		t.Errorf("last point's title %q", got)
	}
	if lines := root.all(named("polyline", "chart-line")); len(lines) != 2 {
		t.Errorf("%d line runs, want 2 (Apr–Jul, Nov–Mar; Sep stands alone)", len(lines))
	}
}

func titleOf(g svgNode) string {
	for _, c := range g.Children {
		if c.XMLName.Local == "title" {
			return c.Text
		}
	}
	return ""
}

// The summary names the first and last scores and their periods.
func TestTrendSummary(t *testing.T) {
	cases := []struct {
		charts api.Charts
		points []surveys.TrendPoint
		want   string
	}{
		{api.NewCharts("en"), chartMonths(), "Trust score by month, from 71 in Apr 2025 to 78 in Mar 2026"},
		{api.NewCharts("de"), chartWeeks(), "Vertrauenswert nach Woche, von 60 (1. – 7. Dez 2025) bis 64 (16. – 22. Feb 2026)"},
		{api.NewCharts("en"), chartEmpty(), "Trust score by month: no responses in these periods"},
	}
	for _, c := range cases {
		root := mustParseSVG(t, c.charts.Trend("", c.points))
		if got := root.attr("aria-label"); got != c.want {
			t.Errorf("aria-label %q, want %q", got, c.want)
		}
		if got := c.charts.TrendTable("", c.points).Caption; got != c.want {
			t.Errorf("table caption %q, want %q", got, c.want)
		}
	}
}

// Names and questions are text, never markup.
func TestChartsEscapeNames(t *testing.T) {
	const name = `<script>alert("x")</script> & {first}`
	en := api.NewCharts("en")
	charts := map[string]template.HTML{
		"trend": en.Trend(name, chartMonths()),
		"bar":   en.IntervalBar(api.Bar{Name: name, Figures: scored(12, 78, 70, 87)}),
		"meter": en.QuestionMeter(api.Meter{Question: name, Result: surveys.QuestionResult{N: 3, Mean: 4}}),
	}
	for kind, h := range charts {
		if strings.Contains(string(h), "<script") {
			t.Errorf("%s: markup in a name reached the SVG:\n%s", kind, h)
		}
		if label := mustParseSVG(t, h).attr("aria-label"); !strings.Contains(label, name) {
			t.Errorf("%s: aria-label %q does not read back the name %q", kind, label, name)
		}
	}
}

// The table beside a trend has a row per period, with dashes where there
// is nothing to show.
func TestTrendTable(t *testing.T) {
	tab := api.NewCharts("en").TrendTable("", chartMonths())
	if len(tab.Rows) != 12 || tab.Head != [4]string{"Period", "Trust score", "90% interval", "n"} {
		t.Fatalf("%d rows, head %q", len(tab.Rows), tab.Head)
	}
	want := map[int]api.TrendRow{
		0: {Period: "Apr 2025", Score: "71", Interval: "62–80", N: "12"},
		4: {Period: "Aug 2025", Score: "—", Interval: "—", N: "0", Note: "no responses"},
		5: {Period: "Sep 2025", Score: "72", Interval: "—", N: "1", Note: "low confidence"},
		9: {Period: "Jan 2026", Score: "77", Interval: "0–100", N: "2", Note: "low confidence"},
	}
	for i, w := range want {
		if tab.Rows[i] != w {
			t.Errorf("row %d: %+v, want %+v", i, tab.Rows[i], w)
		}
	}
}

// contrast is the WCAG contrast ratio of colour #rrggbb on white; 0 when
// it is not such a colour.
func contrast(hex string) float64 {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return 0
	}
	lum := 0.0
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		c := float64(v>>(16-8*i)&0xff) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}
