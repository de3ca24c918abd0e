package reports

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"trustcard/surveys"
)

// RepCard writes c as a PDF report card to w.
func RepCard(w io.Writer, c *surveys.RepCard) error {
	return draw(func() error {
		p := drawFitted(cardTexts(c), func(f face) *page { return drawRepCard(c, f) })
		return p.write(w)
	})
}

// cardTexts are the names, comments and notes c shows.
func cardTexts(c *surveys.RepCard) []string {
	texts := []string{c.OrgName, c.TeamName, c.Detail.Rep.Name}
	for _, cm := range c.Comments {
		texts = append(texts, cm.Text, cm.Buyer)
	}
	for _, pr := range c.Diagnosis.Pairs {
		texts = append(texts, pr.Rep.Note, pr.Buyer.Note)
	}
	return texts
}

// drawRepCard draws c in face f.
func drawRepCard(c *surveys.RepCard, f face) *page {
	d := c.Detail
	p := newPage(c.PaperSize, "Report card: "+d.Rep.Name, c.Window.To, f)
	// gofpdf allocates a 1 MB compressor for each page it compresses; over
	// a ZIP of cards that churn costs more than drawing them, for a card
	// of about 30 KB instead of 16 KB.
	p.SetCompression(false)
	sub := "No team"
	if c.TeamName != "" {
		sub = "Team " + c.TeamName
	}
	p.header(c.OrgName, c.Logo, "Report card", d.Rep.Name, sub, c.Window)
	p.repFigures(c)
	p.outcomes(d.Figures)
	p.section("Trust score by month", 40)
	p.trendChart(d.Trend, 30)
	p.questions(c)
	p.funnel(c.Funnel)
	if note := excludedNote(d.Figures.Excluded); note != "" {
		p.para(p.width, 4.5, note)
	}
	p.strengths(c)
	p.diagnosis(c)
	p.comments(c.Comments)
	p.methodNote()
	return p
}

// repFigures draws the score block and, beside it, team, org, response
// rate and NPS.
func (p *page) repFigures(c *surveys.RepCard) {
	d, y := c.Detail, p.GetY()
	p.scoreBlock(p.left, y, p.width*0.45, d.Figures, "Trust score (0–100)")
	x, w := p.left+p.width*0.5, p.width*0.5
	p.SetY(y)
	if d.Team != nil {
		p.figureRow(x, w, "Team", scoreText(*d.Team), fmt.Sprintf("n = %d", d.Team.N))
	}
	p.figureRow(x, w, "Org", scoreText(d.Org), fmt.Sprintf("n = %d", d.Org.N))
	f := d.Figures
	p.figureRow(x, w, "Response rate", pct(f.ResponseRate), fmt.Sprintf("%d of %d sent", f.Answered, f.Sent))
	nps := "–"
	if f.NPS.N > 0 {
		nps = signed(f.NPS.Score)
	}
	p.figureRow(x, w, "Rep NPS", nps, fmt.Sprintf("n = %d", f.NPS.N))
	p.npsSplit(x, w, f.NPS)
	p.SetY(max(p.GetY(), y+34))
	if !f.HasScore {
		p.noResponses(c)
	}
}

// npsSplit draws promoters, passives and detractors as one bar.
func (p *page) npsSplit(x, w float64, n surveys.NPS) {
	if n.N == 0 {
		return
	}
	y, bx := p.GetY()+1, x
	for _, part := range []struct {
		n int64
		c rgb
	}{{n.Promoters, accent}, {n.Passives, rule}, {n.Detractors, red}} {
		pw := w * float64(part.n) / float64(n.N)
		p.fill(part.c)
		p.Rect(bx, y, pw, 3, "F")
		bx += pw
	}
	p.SetXY(x, y+4)
	p.text(muted, "", 7)
	p.line(w, 4, fmt.Sprintf("%d promoters (9–10) · %d passives (7–8) · %d detractors (0–6)", n.Promoters, n.Passives, n.Detractors), "L")
	p.Ln(5)
}

// noResponses explains an empty period, so the card still helps.
func (p *page) noResponses(c *surveys.RepCard) {
	p.Ln(2)
	p.fill(wash)
	p.text(ink, "", 9)
	msg := fmt.Sprintf("No buyer answered in this period. %d interactions were recorded and %d surveys sent. "+
		"A score appears with the first answer and is confident from %d answers. Months with answers show in the trend below.",
		c.Funnel.Interactions, c.Funnel.Invited, surveys.LowConfidenceBelow)
	p.MultiCell(p.width, 5, msg, "", "L", true)
}

// questions draws a meter per rating question against the team.
func (p *page) questions(c *surveys.RepCard) {
	p.section("Question by question: mean on 1–5 (bar), your team (tick), top-2 box", 30)
	d := c.Detail
	for _, q := range c.Questions {
		r := d.Figures.Questions[q.Key]
		team := 0.0
		if d.Team != nil {
			team = d.Team.Questions[q.Key].Mean
		}
		y := p.GetY()
		p.text(ink, "", 9)
		p.SetX(p.left)
		p.MultiCell(p.width*0.5, 4.5, clean(q.Text("en", d.Rep.FirstName())), "", "L", false)
		next := max(p.GetY(), y+7)
		p.meter(p.left+p.width*0.52, y+1, p.width*0.25, r.Mean, team)
		p.SetXY(p.left+p.width*0.79, y)
		p.text(ink, "", 8)
		value := "no answers"
		if r.N > 0 {
			value = fmt.Sprintf("%.1f · %s · n %d", r.Mean, pct(r.Top2Share), r.N)
		}
		p.line(p.width*0.21, 5, value, "R")
		p.SetY(next + 1)
	}
}

// funnel draws who was asked, to show nobody picked them.
func (p *page) funnel(f surveys.Funnel) {
	p.section("Who was asked", 30)
	steps := []struct {
		label string
		n     int64
	}{{"interactions posted", f.Interactions}, {"surveys sent", f.Invited}, {"answered", f.Answered}}
	y, w := p.GetY(), p.width/3
	for i, s := range steps {
		x := p.left + float64(i)*w
		p.fill(wash)
		p.Rect(x, y, w-4, 14, "F")
		p.SetXY(x, y+1)
		p.text(ink, "B", 14)
		p.line(w-4, 7, fmt.Sprint(s.n), "C")
		p.SetXY(x, y+8)
		p.text(muted, "", 8)
		p.line(w-4, 5, s.label, "C")
	}
	p.SetXY(p.left, y+16)
	p.text(ink, "", 8)
	p.para(p.width, 4.5, funnelNote(f))
}

func funnelNote(f surveys.Funnel) string {
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(f.Suppressed)) {
		if r == surveys.ReasonExcluded { // not by rule: said on its own below
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(r, "_", " "), f.Suppressed[r]))
	}
	note := "Every interaction the CRM posted was offered a survey by the org's rules; nobody chose who was asked."
	if len(parts) > 0 {
		note += " Not asked, by rule: " + strings.Join(parts, ", ") + "."
	}
	note += excludedInteractionsNote(f)
	if f.Pending > 0 {
		note += fmt.Sprintf(" Still to be sent: %d.", f.Pending)
	}
	return note
}

// strengths names the two highest and two lowest questions with advice.
func (p *page) strengths(c *surveys.RepCard) {
	hs := c.Highlights()
	if len(hs) == 0 {
		return
	}
	p.section("Strengths and focus areas", 40)
	for _, h := range hs {
		p.SetX(p.left)
		label, colour := "Strength", accent
		if h.Focus {
			label, colour = "Focus", amber
		}
		p.text(colour, "B", 9)
		p.line(22, 5, label, "L")
		p.text(ink, "", 9)
		p.MultiCell(p.width-22, 5, clean(fmt.Sprintf("%s (%.1f)", h.Advice, h.Mean)), "", "L", false)
	}
}

// comments draws the newest comments, each wrapped to the page width and
// continued on the next page when long.
func (p *page) comments(cs []surveys.Comment) {
	p.section("What buyers said", 25)
	if len(cs) == 0 {
		p.text(muted, "", 9)
		p.para(p.width, 5, "No comments in this period.")
		return
	}
	for _, c := range cs {
		p.SetX(p.left + 3)
		p.text(ink, "", 9.5)
		p.MultiCell(p.width-3, 5, clean(c.Text), "", "L", false)
		who := "anonymous buyer"
		if c.Buyer != "" {
			who = c.Buyer
		}
		p.SetX(p.left + 3)
		p.text(muted, "", 8)
		p.line(p.width-3, 5, "— "+who+", "+c.SubmittedAt.Format("2 Jan 2006"), "L")
		p.Ln(7)
	}
}

func (p *page) methodNote() {
	p.section("How these figures are computed", 22)
	p.text(muted, "", 7.5)
	p.para(p.width, 3.8, fmt.Sprintf("Each response's trust value is the mean of its answered trust questions mapped to 0–100. "+
		"The trust score is the mean of those values pulled toward the org mean by k pseudo-responses, so a few answers "+
		"cannot swing it far; the 90%% interval is a Student-t interval for the raw mean. Below %d responses a score is "+
		"marked low confidence. Top-2 box is the share answering 4 or 5. NPS is %% answering 9–10 minus %% answering 0–6. "+
		"Response rate is responses ÷ surveys sent. Comments are shown with the buyer's name only where the buyer agreed.",
		surveys.LowConfidenceBelow))
}
