package reports

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"trustcard/surveys"
)

// TeamReport writes r as a PDF team report to w.
func TeamReport(w io.Writer, r *surveys.TeamReport) error {
	return draw(func() error {
		p := drawFitted(teamTexts(r), func(f face) *page { return drawTeamReport(r, f) })
		return p.write(w)
	})
}

// teamTexts are the names r shows.
func teamTexts(r *surveys.TeamReport) []string {
	texts := []string{r.OrgName, r.Detail.Team.Name}
	for _, rs := range r.Detail.Reps {
		texts = append(texts, rs.Rep.Name)
	}
	return texts
}

// drawTeamReport draws r in face f.
func drawTeamReport(r *surveys.TeamReport, f face) *page {
	p := newPage(r.PaperSize, "Team report: "+r.Detail.Team.Name, r.Window.To, f)
	d := r.Detail
	p.header(r.OrgName, r.Logo, "Team report", d.Team.Name, fmt.Sprintf("%d reps", len(d.Reps)), r.Window)
	y := p.GetY()
	p.scoreBlock(p.left, y, p.width*0.45, d.Figures, "Team trust score (0–100)")
	x, fw := p.left+p.width*0.5, p.width*0.5
	p.SetY(y)
	p.figureRow(x, fw, "Org", scoreText(d.Org), fmt.Sprintf("n = %d", d.Org.N))
	p.figureRow(x, fw, "Response rate", pct(d.Figures.ResponseRate), fmt.Sprintf("%d of %d sent", d.Figures.Answered, d.Figures.Sent))
	p.figureRow(x, fw, "Team NPS", signed(d.Figures.NPS.Score), fmt.Sprintf("n = %d", d.Figures.NPS.N))
	p.npsSplit(x, fw, d.Figures.NPS)
	p.SetY(max(p.GetY(), y+34))
	p.alertRows(p.left, p.width, d.Alerts)
	p.section("Team trust score by month", 40)
	p.trendChart(r.Trend, 30)
	p.repTable(r)
	return p
}

var repColumns = []struct {
	title string
	share float64
	align string
}{{"Rep", 0.34, "L"}, {"Score", 0.1, "R"}, {"Raw, 90% interval", 0.18, "R"}, {"n", 0.08, "R"}, {"Response rate", 0.16, "R"}, {"Change", 0.14, "R"}}

// repTable lists the reps by trust score, the header repeated on each page.
func (p *page) repTable(r *surveys.TeamReport) {
	reps := slices.Clone(r.Detail.Reps)
	slices.SortStableFunc(reps, func(a, b surveys.RepScore) int {
		if a.Figures.HasScore != b.Figures.HasScore {
			if a.Figures.HasScore {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.Figures.Score, a.Figures.Score)
	})
	p.section("Reps by trust score", 20)
	p.tableHead()
	_, pageH := p.GetPageSize()
	for i, rs := range reps {
		if p.GetY()+6 > pageH-margin {
			p.AddPage()
			p.tableHead()
		}
		if i%2 == 1 {
			p.fill(wash)
			p.Rect(p.left, p.GetY(), p.width, 6, "F")
		}
		p.text(ink, "", 9)
		for c, v := range repRow(rs, r.Previous) {
			p.line(p.width*repColumns[c].share, 6, v, repColumns[c].align)
		}
		p.Ln(6)
	}
}

func (p *page) tableHead() {
	p.text(muted, "B", 8)
	for _, c := range repColumns {
		p.line(p.width*c.share, 6, c.title, c.align)
	}
	p.Ln(6)
}

func repRow(rs surveys.RepScore, prev map[int64]surveys.Figures) []string {
	f := rs.Figures
	iv, change := "–", "–"
	if f.HasInterval {
		lo, hi := clampedInterval(f)
		iv = fmt.Sprintf("%.0f (%.0f–%.0f)", f.Raw, lo, hi)
	}
	if p, ok := prev[rs.Rep.ID]; ok && p.HasScore && f.HasScore {
		change = signed(f.Score - p.Score)
	}
	name := rs.Rep.Name
	if f.HasScore && f.LowConfidence {
		name += " (low confidence)"
	}
	return []string{name, scoreText(f), iv, fmt.Sprint(f.N), pct(f.ResponseRate), change}
}
