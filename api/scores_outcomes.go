package api

import "trustcard/surveys"

// summaryBody is a trust-like figure: the trust score of some responses,
// or the promise score.
type summaryBody struct {
	N             int64         `json:"n"`
	Score         float64       `json:"score" doc:"0–100, shrunk toward the org's mean of the same figure with k"`
	Raw           float64       `json:"raw" doc:"The mean value, 0–100"`
	Interval      *intervalBody `json:"interval" doc:"90% Student-t interval for raw; null when n < 2"`
	LowConfidence bool          `json:"low_confidence" doc:"n < 5"`
}

func newSummaryBody(s surveys.TrustSummary) *summaryBody {
	b := &summaryBody{N: s.N, Score: s.Score, Raw: s.Raw, LowConfidence: s.LowConfidence}
	if s.HasInterval {
		b.Interval = &intervalBody{Low: s.Interval.Low, High: s.Interval.High}
	}
	return b
}

// outcomeFiguresBody are the figures of honesty about fit and of promises
// kept, beside the trust score.
type outcomeFiguresBody struct {
	ByOutcome    map[string]*summaryBody `json:"by_outcome" doc:"The trust score of the responses about interactions with each outcome (open, won, lost, no_decision, disqualified); outcomes without responses are left out"`
	GoodLosses   int64                   `json:"good_losses" doc:"Responses about disqualified interactions whose buyer rated fit_honesty 4 or 5"`
	PromiseScore *summaryBody            `json:"promise_score" doc:"From the promise follow-ups: the mean of 'what the rep said was accurate' and 'what I bought fits my need' on 0–100; null: no follow-up answered"`
	PromiseGap   bool                    `json:"promise_gap" doc:"The trust score is far above the promise score: the 90% interval of the trust score lies wholly above the promise score's"`
}

func newOutcomeFiguresBody(f surveys.Figures) outcomeFiguresBody {
	b := outcomeFiguresBody{ByOutcome: map[string]*summaryBody{}, GoodLosses: f.GoodLosses, PromiseGap: f.PromiseGap()}
	for o, s := range f.ByOutcome {
		b.ByOutcome[o] = newSummaryBody(s)
	}
	if f.HasPromise {
		b.PromiseScore = newSummaryBody(f.Promise)
	}
	return b
}
