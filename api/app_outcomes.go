package api

import (
	"strconv"

	"trustcard/surveys"
)

// interactionOutcomeLabels name the outcomes on pages and cards.
var interactionOutcomeLabels = map[string]string{
	surveys.OutcomeOpen: "Open", surveys.OutcomeWon: "Won", surveys.OutcomeLost: "Lost",
	surveys.OutcomeNoDecision: "No decision", surveys.OutcomeDisqualified: "Disqualified",
}

// outcomesView is a rep's trust score by outcome, good losses and promise
// score, as the rep page shows them.
type outcomesView struct {
	Rows       []outcomeCell // one per outcome with answers, in surveys.Outcomes order
	GoodLosses string
	Promise    figureView
	Gap        string // said when the trust score is far above the promise score
}

// outcomeCell is one figure by outcome: "82" with "n = 7" and its interval.
type outcomeCell struct {
	Outcome  string
	Score    string
	N        string
	Interval string // "64–93"; "—" below two answers
}

// newOutcomesView is f's outcome figures, or nil when there are none to
// show: no answer about an interaction with an outcome, no follow-up.
func newOutcomesView(f surveys.Figures) *outcomesView {
	if len(f.ByOutcome) == 0 && !f.HasPromise && f.GoodLosses == 0 {
		return nil
	}
	v := &outcomesView{GoodLosses: goodLossesText(f.GoodLosses), Promise: promiseFigure(f)}
	for _, o := range surveys.Outcomes {
		if s, ok := f.ByOutcome[o]; ok {
			v.Rows = append(v.Rows, newOutcomeCell(o, s))
		}
	}
	if f.PromiseGap() {
		v.Gap = "The trust score is far above the promise score: buyers trusted the conversation more than what was said turned out to deserve (the two 90% intervals do not overlap)."
	}
	return v
}

func newOutcomeCell(o string, s surveys.TrustSummary) outcomeCell {
	c := outcomeCell{Outcome: interactionOutcomeLabels[o], Score: scoreFigure(s.Score), N: "n = " + strconv.FormatInt(s.N, 10), Interval: "—"}
	if s.HasInterval {
		c.Interval = scoreFigure(on100(s.Interval.Low)) + "–" + scoreFigure(on100(s.Interval.High))
	}
	return c
}

// promiseFigure is the promise score as a figure beside the trust score.
func promiseFigure(f surveys.Figures) figureView {
	v := figureView{Label: "Promise score", Value: "—", Detail: "no follow-up answered yet"}
	if !f.HasPromise {
		return v
	}
	c := newOutcomeCell("", f.Promise)
	v.Value, v.Detail = c.Score, c.N
	if f.Promise.HasInterval {
		v.Detail += " · 90% interval " + c.Interval
	}
	return v
}

func goodLossesText(n int64) string {
	return plural(n, "good loss", "good losses") + ": disqualified, and the buyer agreed the rep was honest about the fit"
}

// boardOutcomes are a team's reps side by side by outcome, with their
// promise scores; the reps whose trust score is far above their promise
// score are named for their leader.
type boardOutcomes struct {
	Heads   []string // the outcomes with answers
	Rows    []boardOutcomeRow
	Flagged []string // names of reps with a promise gap
}

type boardOutcomeRow struct {
	Name, URL  string
	Cells      []string // per head: "82 (n = 7)", or "—"
	GoodLosses string
	Promise    string
	Gap        bool
}

// newBoardOutcomes is the reps' outcome figures, or nil when none has any.
func newBoardOutcomes(reps []surveys.RepScore, urlOf func(*surveys.Rep) string) *boardOutcomes {
	b := &boardOutcomes{}
	var outcomes []string
	for _, o := range surveys.Outcomes {
		for _, rs := range reps {
			if _, ok := rs.Figures.ByOutcome[o]; ok {
				outcomes = append(outcomes, o)
				b.Heads = append(b.Heads, interactionOutcomeLabels[o])
				break
			}
		}
	}
	for _, rs := range reps {
		f := rs.Figures
		if len(f.ByOutcome) == 0 && !f.HasPromise && f.GoodLosses == 0 {
			continue
		}
		row := boardOutcomeRow{Name: rs.Rep.Name, URL: urlOf(rs.Rep), GoodLosses: strconv.FormatInt(f.GoodLosses, 10),
			Promise: "—", Gap: f.PromiseGap()}
		for _, o := range outcomes {
			cell := "—"
			if s, ok := f.ByOutcome[o]; ok {
				cell = scoreFigure(s.Score) + " (n = " + strconv.FormatInt(s.N, 10) + ")"
			}
			row.Cells = append(row.Cells, cell)
		}
		if f.HasPromise {
			row.Promise = scoreFigure(f.Promise.Score) + " (n = " + strconv.FormatInt(f.Promise.N, 10) + ")"
		}
		if row.Gap {
			b.Flagged = append(b.Flagged, rs.Rep.Name)
		}
		b.Rows = append(b.Rows, row)
	}
	if len(b.Rows) == 0 {
		return nil
	}
	return b
}
