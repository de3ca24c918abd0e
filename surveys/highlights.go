package surveys

import (
	"cmp"
	"slices"
)

// Highlight is a strength or a focus area of a rep, in words a rep can act
// on: the question, its mean on the 1–5 scale, and advice.
type Highlight struct {
	Question Question
	Mean     float64
	Focus    bool // false: a strength
	Advice   string
}

// advice says, per question, what to keep doing and what to try next.
var advice = map[string][2]string{
	QUnderstood: {"Buyers feel understood: keep playing back what you heard before you propose.",
		"Sum up the buyer's need in their own words and ask whether you got it right."},
	QDiagnosed: {"You diagnose before you prescribe: keep asking before proposing.",
		"Ask two more questions about the buyer's situation before proposing anything."},
	QInterest: {"Buyers trust that you put their interests first.",
		"Say so when something is not a fit, and point the buyer to what would serve them."},
	QPrepared: {"You come prepared and know the buyer's business.",
		"Before each meeting, read up on the buyer's business and bring one specific observation."},
}

// Highlights are the rep's two highest and two lowest answered questions
// (one each with two or three answered), strengths first; none with fewer
// than two answered. The report card and the rep's page show the same.
func (c *RepCard) Highlights() []Highlight {
	f := c.Detail.Figures
	qs := slices.DeleteFunc(slices.Clone(c.Questions), func(q Question) bool { return f.Questions[q.Key].N == 0 })
	if len(qs) < 2 {
		return nil
	}
	mean := func(q Question) float64 { return f.Questions[q.Key].Mean }
	slices.SortStableFunc(qs, func(a, b Question) int { return cmp.Compare(mean(b), mean(a)) })
	n := min(2, len(qs)/2)
	var out []Highlight
	for i, q := range append(qs[:n:n], qs[len(qs)-n:]...) {
		h := Highlight{Question: q, Mean: mean(q), Focus: i >= n}
		if h.Advice = advice[q.Key][0]; h.Focus {
			h.Advice = advice[q.Key][1]
		}
		if h.Advice == "" {
			h.Advice = q.Text("en", c.Detail.Rep.FirstName())
		}
		out = append(out, h)
	}
	return out
}
