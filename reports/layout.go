package reports

import (
	"fmt"
	"math"
	"time"

	"trustcard/surveys"
)

const margin = 15.0 // mm, on an 8-point grid near enough

// rgb is a colour of the product's palette.
type rgb struct{ r, g, b int }

var (
	ink    = rgb{31, 41, 55}
	muted  = rgb{107, 114, 128}
	rule   = rgb{209, 213, 219}
	wash   = rgb{243, 244, 246}
	accent = rgb{15, 118, 110}
	amber  = rgb{180, 83, 9}
	red    = rgb{185, 28, 28}
)

const (
	thin       = 0.2   // mm, the width of rules
	boldStroke = 0.022 // mm of outline per point of type size
)

// text sets the colour, style ("" or "B") and size of the text drawn
// next. Bold is the one face drawn with an outline of its own colour.
func (p *page) text(c rgb, style string, size float64) {
	p.SetTextColor(c.r, c.g, c.b)
	p.SetFont(family, "", size)
	bold, w := style == "B", thin
	if bold {
		p.SetDrawColor(c.r, c.g, c.b)
		w = size * boldStroke
	}
	if p.GetLineWidth() != w {
		p.SetLineWidth(w)
	}
	if bold != p.bold {
		p.bold = bold
		p.weight()
	}
}

// weight sets the text rendering mode for p.bold: a page starts with
// filled text, so it runs again on every new page.
func (p *page) weight() {
	mode := 0 // fill
	if p.bold {
		mode = 2 // fill, then outline
	}
	p.SetTextRenderingMode(mode)
}

func (p *page) fill(c rgb) { p.SetFillColor(c.r, c.g, c.b) }

// hrule draws a thin grey line across from x1 to x2 at y.
func (p *page) hrule(x1, x2, y float64) {
	p.SetDrawColor(rule.r, rule.g, rule.b)
	p.SetLineWidth(thin)
	p.Line(x1, y, x2, y)
}

// line writes one line of text, cut to fit w so it never leaves its box.
func (p *page) line(w, h float64, s, align string) {
	e := p.enc(clean(s))
	if lines := p.face.split(p.Fpdf, e, w); len(lines) > 1 {
		e = lines[0] + p.enc("…")
	}
	p.Fpdf.CellFormat(w, h, e, "", 0, align, false, 0, "")
}

// para writes wrapped text across w, continuing onto new pages.
func (p *page) para(w, h float64, s string) {
	p.MultiCell(w, h, clean(s), "", "L", false)
}

// header draws the org's logo and name, the title, the subject's name
// and the period.
func (p *page) header(org string, logo *surveys.Logo, title, name, sub string, w surveys.Window) {
	if logo != nil {
		y := p.GetY()
		p.logo(logo, p.left, y)
		p.SetY(y + logoHeight + 2)
	}
	p.text(muted, "", 9)
	p.line(p.width/2, 5, org, "L")
	p.line(p.width/2, 5, title+" · "+period(w), "R")
	p.Ln(8)
	p.text(ink, "B", 20)
	p.line(p.width, 10, name, "L")
	p.Ln(10)
	if sub != "" {
		p.text(muted, "", 10)
		p.line(p.width, 5, sub, "L")
		p.Ln(5)
	}
	p.hrule(p.left, p.left+p.width, p.GetY()+2)
	p.Ln(5)
}

// section starts a titled block, on a new page when less than need mm
// remain.
func (p *page) section(title string, need float64) {
	_, h := p.GetPageSize()
	if p.GetY()+need > h-margin {
		p.AddPage()
	}
	p.Ln(3)
	p.text(accent, "B", 11)
	p.line(p.width, 6, title, "L")
	p.Ln(7)
}

// footer numbers the page; the text style it ends with carries over to
// the next page.
func (p *page) footer() {
	bold := p.bold
	p.SetY(-10)
	p.text(muted, "", 7)
	p.CellFormat(0, 4, fmt.Sprintf("Trustcard · page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	p.bold = bold
}

// scoreText formats a trust score, or a dash when there is none.
func scoreText(f surveys.Figures) string {
	if !f.HasScore {
		return "–"
	}
	return fmt.Sprintf("%.0f", f.Score)
}

// intervalText formats the raw mean and its 90% interval, clamped to the
// 0–100 scale. The interval is the raw mean's; the headline score, shrunk
// toward the org mean, may lie outside it.
func intervalText(f surveys.Figures) string {
	if !f.HasInterval {
		return "no interval (n < 2)"
	}
	lo, hi := clampedInterval(f)
	return fmt.Sprintf("raw mean %.0f, 90%% interval %.0f–%.0f", f.Raw, lo, hi)
}

// clampedInterval is f's 90% interval held to the 0–100 scale.
func clampedInterval(f surveys.Figures) (lo, hi float64) {
	return max(0, f.Interval.Low), min(100, f.Interval.High)
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// signed formats a change or NPS with its sign; one that rounds to zero
// is "±0", never "-0".
func signed(x float64) string {
	if math.Round(x) == 0 {
		return "±0"
	}
	return fmt.Sprintf("%+.0f", x)
}

// scoreBlock draws the large score with its interval, n and confidence.
func (p *page) scoreBlock(x, y, w float64, f surveys.Figures, label string) {
	p.SetXY(x, y)
	p.text(muted, "", 9)
	p.line(w, 5, label, "L")
	p.SetXY(x, y+5)
	p.text(accent, "B", 40)
	if !f.HasScore {
		p.text(muted, "B", 40)
	}
	p.line(w, 17, scoreText(f), "L")
	p.SetXY(x, y+23)
	p.text(ink, "", 9)
	if !f.HasScore {
		p.line(w, 5, "no responses in this period", "L")
		return
	}
	p.line(w, 5, fmt.Sprintf("n = %d · %s", f.N, intervalText(f)), "L")
	if f.LowConfidence {
		p.SetXY(x, y+28)
		p.text(amber, "B", 9)
		p.line(w, 5, fmt.Sprintf("Low confidence: fewer than %d responses", surveys.LowConfidenceBelow), "L")
	}
}

// figureRow draws "label  value  detail" at the current line.
func (p *page) figureRow(x, w float64, label, value, detail string) {
	p.SetX(x)
	p.text(muted, "", 9)
	p.line(w*0.4, 6, label, "L")
	p.text(ink, "B", 11)
	p.line(w*0.2, 6, value, "R")
	p.text(muted, "", 8)
	p.line(w*0.4, 6, "  "+detail, "L")
	p.Ln(6)
}

// trendChart draws a bar per month: the score above, the month and n below.
func (p *page) trendChart(points []surveys.TrendPoint, h float64) {
	x0, y0 := p.left, p.GetY()
	colW, low := p.width/float64(max(1, len(points))), false
	p.hrule(x0, x0+p.width, y0+h)
	for i, pt := range points {
		x := x0 + float64(i)*colW
		if pt.Figures.HasScore {
			bh := (h - 6) * pt.Figures.Score / 100
			p.fill(accent)
			if pt.Figures.LowConfidence {
				p.fill(amber)
				low = true
			}
			p.Rect(x+colW*0.2, y0+h-bh, colW*0.6, bh, "F")
			p.SetXY(x, y0+h-bh-5)
			p.text(ink, "", 7)
			p.line(colW, 5, scoreText(pt.Figures), "C")
		}
		month, _ := time.Parse("2006-01", pt.Month)
		p.SetXY(x, y0+h+0.5)
		p.text(muted, "", 7)
		p.line(colW, 4, month.Format("Jan 06"), "C")
		p.SetXY(x, y0+h+4)
		p.line(colW, 4, fmt.Sprintf("n %d", pt.Figures.N), "C")
	}
	p.SetXY(x0, y0+h+8.5)
	if low {
		p.text(amber, "", 7)
		p.line(p.width, 4, fmt.Sprintf("Amber: fewer than %d responses that month (low confidence).", surveys.LowConfidenceBelow), "R")
	}
	p.Ln(5)
}

// meter draws a 1–5 track filled to mean, with a tick at mark (0: none).
func (p *page) meter(x, y, w, mean, mark float64) {
	p.fill(wash)
	p.Rect(x, y, w, 3, "F")
	if mean > 0 {
		p.fill(accent)
		p.Rect(x, y, w*(mean-1)/4, 3, "F")
	}
	if mark > 0 {
		mx := x + w*(mark-1)/4
		p.SetDrawColor(ink.r, ink.g, ink.b)
		p.SetLineWidth(0.6)
		p.Line(mx, y-1, mx, y+4)
		p.SetLineWidth(thin)
	}
}
