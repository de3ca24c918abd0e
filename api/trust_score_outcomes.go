package api

import (
	"fmt"

	"trustcard/surveys"
)

// outcomeExampleView is surveys.OutcomeExample with its words.
type outcomeExampleView struct {
	surveys.OutcomeExample
	Rows          []outcomeExampleRow
	Figures       []outcomeExampleFigure
	PromiseRows   []string // "4 and 4 → 75.00"
	TrustInterval string
	PromiseText   string
	GapText       string
}

type outcomeExampleRow struct {
	Outcome string
	Ratings []string // "–" for fit_honesty that did not come up
	Value   string
	Good    bool
}

type outcomeExampleFigure struct {
	Outcome, Sum string
}

func newOutcomeExampleView(k float64) outcomeExampleView {
	e := surveys.NewOutcomeExample(k)
	v := outcomeExampleView{OutcomeExample: e}
	for _, r := range e.Responses {
		row := outcomeExampleRow{Outcome: interactionOutcomeLabels[r.Outcome], Value: fmt.Sprintf("%.2f", r.Value), Good: r.GoodLoss}
		for _, x := range r.Ratings {
			cell := fmt.Sprint(x)
			if x == 0 {
				cell = "didn't come up"
			}
			row.Ratings = append(row.Ratings, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	for _, f := range e.ByOutcome {
		s := f.Summary
		v.Figures = append(v.Figures, outcomeExampleFigure{Outcome: interactionOutcomeLabels[f.Outcome],
			Sum: fmt.Sprintf("n = %d, raw %.2f; (%d × %.2f + %g × %.2f) / (%d + %g) = %.2f", s.N, s.Raw, s.N, s.Raw, k, f.OrgMean, s.N, k, s.Score)})
	}
	for i, a := range e.Promises {
		v.PromiseRows = append(v.PromiseRows, fmt.Sprintf("%d and %d → %.2f", a[0], a[1], e.Values[i]))
	}
	p := e.Promise
	v.PromiseText = fmt.Sprintf("n = %d, raw %.2f, 90%% interval %.2f to %.2f; (%d × %.2f + %g × %.2f) / (%d + %g) = %.2f",
		p.N, p.Raw, p.Interval.Low, p.Interval.High, p.N, p.Raw, k, e.PromiseOrg, p.N, k, p.Score)
	v.TrustInterval = fmt.Sprintf("n = %d, raw %.2f, 90%% interval %.2f to %.2f", e.Trust.N, e.Trust.Raw, e.Trust.Interval.Low, e.Trust.Interval.High)
	v.GapText = fmt.Sprintf("The trust interval's low end, %.2f, is below the promise interval's high end, %.2f: the intervals overlap, so the trust score is not far above the promise score.",
		e.Trust.Interval.Low, p.Interval.High)
	if e.Gap {
		v.GapText = fmt.Sprintf("The trust interval's low end, %.2f, is above the promise interval's high end, %.2f: the trust score is far above the promise score.",
			e.Trust.Interval.Low, p.Interval.High)
	}
	return v
}
