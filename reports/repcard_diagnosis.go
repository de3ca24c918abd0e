package reports

import (
	"fmt"

	"trustcard/surveys"
)

// diagnosis draws diagnostic accuracy and the latest pairs side by side:
// what the rep heard, what the buyer said. A card without pairs in its
// period leaves the section out.
func (p *page) diagnosis(c *surveys.RepCard) {
	a := c.Detail.Figures.Diagnosis
	if !a.HasValue && len(c.Diagnosis.Pairs) == 0 {
		return
	}
	p.section("Diagnosis: what you heard, what the buyer said", 30)
	p.SetX(p.left)
	p.text(ink, "B", 12)
	value := "—"
	if a.HasValue {
		value = pct(a.Share)
	}
	p.line(22, 6, value, "L")
	p.text(muted, "", 8.5)
	p.line(p.width-22, 6, accuracyDetail(a), "L")
	p.Ln(8)
	half := p.width / 2
	for _, pr := range c.Diagnosis.Pairs {
		cs := c.Diagnosis.Categories
		y := p.GetY()
		p.SetXY(p.left, y)
		p.text(ink, "", 9)
		p.line(half-2, 5, "You heard: "+cs.Label(pr.Rep.Category, "en")+note(pr.Rep.Note), "L")
		p.SetXY(p.left+half, y)
		p.line(half, 5, "The buyer said: "+cs.Label(pr.Buyer.Category, "en")+note(pr.Buyer.Note), "L")
		p.Ln(5)
		p.SetX(p.left)
		p.text(muted, "", 7.5)
		p.line(p.width, 4, pr.AnsweredAt.Format("2 Jan 2006")+" · "+verdict(pr), "L")
		p.Ln(6)
	}
}

// accuracyDetail says what the figure counts, with its interval.
func accuracyDetail(a surveys.Accuracy) string {
	if !a.HasValue {
		return "diagnostic accuracy: no answered pairs in this period"
	}
	s := fmt.Sprintf("diagnostic accuracy: %d of %d pairs match · 90%% interval %s–%s", a.Matches, a.N, pct(a.Interval.Low), pct(a.Interval.High))
	if a.LowConfidence() {
		s += " · low confidence"
	}
	return s
}

func note(s string) string {
	if s == "" {
		return ""
	}
	return " (“" + s + "”)"
}

func verdict(pr surveys.DiagnosisPair) string {
	switch {
	case !pr.Counted():
		return "not counted: entered after the buyer answered"
	case pr.Match():
		return "match"
	}
	return "no match"
}
