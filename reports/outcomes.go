package reports

import (
	"fmt"

	"trustcard/surveys"
)

// outcomeNames name the outcomes on the card.
var outcomeNames = map[string]string{
	surveys.OutcomeOpen: "Open", surveys.OutcomeWon: "Won", surveys.OutcomeLost: "Lost",
	surveys.OutcomeNoDecision: "No decision", surveys.OutcomeDisqualified: "Disqualified",
}

// outcomes draws the trust score by outcome side by side, the good losses
// and the promise score, when the rep has any of them.
func (p *page) outcomes(f surveys.Figures) {
	if len(f.ByOutcome) == 0 && !f.HasPromise && f.GoodLosses == 0 {
		return
	}
	p.section("Trusted when they won, trusted when they lost", 40)
	for _, o := range surveys.Outcomes {
		if s, ok := f.ByOutcome[o]; ok {
			p.figureRow(p.left, p.width*0.8, outcomeNames[o], fmt.Sprintf("%.0f", s.Score), summaryDetail(s))
		}
	}
	p.figureRow(p.left, p.width*0.8, "Good losses", fmt.Sprint(f.GoodLosses), "disqualified, fit honesty 4–5")
	promise, detail := "–", "no follow-up answered yet"
	if f.HasPromise {
		promise, detail = fmt.Sprintf("%.0f", f.Promise.Score), summaryDetail(f.Promise)
	}
	p.figureRow(p.left, p.width*0.8, "Promise score", promise, detail)
	if f.PromiseGap() {
		p.text(amber, "B", 9)
		p.para(p.width, 5, "Trust score far above promise score: the two 90% intervals do not overlap.")
	}
}

// summaryDetail is "n = 7 · 90% interval 64–93" for a trust-like figure.
func summaryDetail(s surveys.TrustSummary) string {
	d := fmt.Sprintf("n = %d", s.N)
	if s.HasInterval {
		d += fmt.Sprintf(" · 90%% interval %.0f–%.0f", max(0, s.Interval.Low), min(100, s.Interval.High))
	}
	return d
}
