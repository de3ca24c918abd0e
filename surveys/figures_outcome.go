package surveys

import "strings"

// OutcomeFigures are the figures of honesty about fit and of promises
// kept, beside the trust score.
type OutcomeFigures struct {
	// ByOutcome is the trust score of the responses about interactions
	// with each outcome (only outcomes with responses): each as the trust
	// score is defined, shrunk toward the org's mean of the same outcome.
	ByOutcome map[string]TrustSummary
	// GoodLosses counts responses about disqualified interactions whose
	// buyer rated fit_honesty 4 or 5.
	GoodLosses int64
	// Promise is the promise score: promise values of answered follow-ups,
	// shrunk toward the org's mean promise value like the trust score;
	// valid only if HasPromise.
	Promise    TrustSummary
	HasPromise bool
}

// PromiseGap reports whether the trust score is far above the promise
// score: both have a 90% interval, and the trust interval lies wholly
// above the promise interval. Buyers trusted the rep in the meeting more
// than what the rep said turned out to deserve, by more than chance
// explains.
func (f Figures) PromiseGap() bool {
	return f.HasInterval && f.HasPromise && f.Promise.HasInterval && f.Interval.Low > f.Promise.Interval.High
}

// outcomeTally accumulates the rollups of the outcome figures. ref, when
// set, is the org's tally, whose means the figures shrink toward.
type outcomeTally struct {
	byOutcome map[string]*trustSums
	goodLoss  int64
	promise   trustSums
	ref       *tally
}

// addOutcome adds s when it is an outcome metric, and reports whether it was.
func (t *tally) addOutcome(s RollupSum) bool {
	switch {
	case strings.HasPrefix(s.Metric, metricTrustOutcome):
		if t.byOutcome == nil {
			t.byOutcome = map[string]*trustSums{}
		}
		o := s.Metric[len(metricTrustOutcome):]
		if t.byOutcome[o] == nil {
			t.byOutcome[o] = &trustSums{}
		}
		t.byOutcome[o].add(s.N, s.Sum, s.SumSq)
	case s.Metric == MetricGoodLoss:
		t.goodLoss += s.N
	case s.Metric == MetricPromise:
		t.promise.add(s.N, s.Sum, s.SumSq)
	default:
		return false
	}
	return true
}

// outcomeFigures computes the outcome figures with shrinkage k.
func (t *tally) outcomeFigures(k float64) OutcomeFigures {
	ref := t.ref
	if ref == nil {
		ref = t
	}
	f := OutcomeFigures{GoodLosses: t.goodLoss}
	for o, sums := range t.byOutcome {
		var orgMean float64
		if r := ref.byOutcome[o]; r != nil {
			orgMean = r.moments().Mean()
		}
		if s, ok := SummarizeTrust(sums.moments(), orgMean, k); ok {
			if f.ByOutcome == nil {
				f.ByOutcome = map[string]TrustSummary{}
			}
			f.ByOutcome[o] = s
		}
	}
	f.Promise, f.HasPromise = SummarizeTrust(t.promise.moments(), ref.promise.moments().Mean(), k)
	return f
}
