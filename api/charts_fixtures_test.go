package api_test

import (
	"encoding/xml"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
)

var update = flag.Bool("update", false, "rewrite api/testdata/charts/*.svg from the charts drawn now")

// scored is a period's figures with a score, the interval lo–hi from two
// responses on, and low confidence below five, as the domain computes them.
func scored(n int64, score, lo, hi float64) surveys.Figures {
	f := surveys.Figures{N: n, Responses: n, HasScore: true, Score: score, Raw: score, LowConfidence: surveys.LowConfidence(n)}
	if n >= 2 {
		f.HasInterval, f.Interval = true, surveys.Interval{Low: lo, High: hi}
	}
	return f
}

// chartMonths is a rep's last 12 months, Apr 2025 to Mar 2026: gaps in Aug
// and Oct, a lone month with one response in Sep, low confidence in Jun,
// Dec and Jan, and Jan's interval past both ends of the scale.
func chartMonths() []surveys.TrendPoint {
	figs := []surveys.Figures{
		scored(12, 71, 62, 80), scored(15, 73, 65, 81), scored(3, 68, 40, 92), scored(9, 74, 64, 84),
		{}, scored(1, 72, 0, 0), {}, scored(11, 75, 66, 83),
		scored(1, 74, 0, 0), scored(2, 77, -5, 140), scored(10, 77, 69, 86), scored(12, 78, 70, 87),
	}
	months := []string{"2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11",
		"2025-12", "2026-01", "2026-02", "2026-03"}
	out := make([]surveys.TrendPoint, len(figs))
	for i := range figs {
		out[i] = surveys.TrendPoint{Month: months[i], Figures: figs[i]}
	}
	return out
}

// chartWeeks is a team's last 12 weeks, from Monday 1 Dec 2025 across the
// new year: large counts, and two weeks without responses.
func chartWeeks() []surveys.TrendPoint {
	counts := []int64{120, 96, 0, 14, 230, 1234, 123_456, 0, 4, 88, 12_500, 140}
	out := make([]surveys.TrendPoint, len(counts))
	first := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	for i, n := range counts {
		out[i].Week = first.AddDate(0, 0, 7*i).Format(time.DateOnly)
		if n > 0 {
			s := 60 + float64(i%5)*4
			out[i].Figures = scored(n, s, s-30/float64(i%3+2), s+30/float64(i%3+2))
		}
	}
	return out
}

// chartEmpty is 12 months without a response.
func chartEmpty() []surveys.TrendPoint {
	out := chartMonths()
	for i := range out {
		out[i].Figures = surveys.Figures{}
	}
	return out
}

// svgNode is an element of a drawn chart, read back with encoding/xml.
type svgNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []svgNode  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns n and the elements below it that keep says to.
func (n svgNode) all(keep func(svgNode) bool) []svgNode {
	var out []svgNode
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(keep)...)
	}
	return out
}

// named keeps the elements with the given local name and, when class is
// not empty, that class among theirs.
func named(local, class string) func(svgNode) bool {
	return func(n svgNode) bool {
		return n.XMLName.Local == local && (class == "" || strings.Contains(" "+n.attr("class")+" ", " "+class+" "))
	}
}

// mustParseSVG reads a drawn chart back as XML, failing the test when it
// is not well formed.
func mustParseSVG(t *testing.T, h template.HTML) svgNode {
	t.Helper()
	var root svgNode
	if err := xml.Unmarshal([]byte(h), &root); err != nil {
		t.Fatalf("the chart is not well-formed XML: %v\n%s", err, h)
	}
	return root
}

// golden compares a drawn chart with testdata/charts/name, or rewrites
// that file under -update.
func golden(t *testing.T, name string, got template.HTML) {
	t.Helper()
	path := filepath.Join("testdata", "charts", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(string(got)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(got)+"\n" != string(want) {
		t.Errorf("%s differs from the chart drawn now (run with -update after checking the change):\n%s", path, got)
	}
}
