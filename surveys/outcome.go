package surveys

import (
	"slices"
	"strings"
)

// Outcomes of an interaction, as the CRM reports them. An interaction
// without one ("") counts in no figure by outcome.
const (
	OutcomeOpen         = "open"
	OutcomeWon          = "won"
	OutcomeLost         = "lost"
	OutcomeNoDecision   = "no_decision"
	OutcomeDisqualified = "disqualified"
)

// Outcomes lists every outcome, in display order.
var Outcomes = []string{OutcomeOpen, OutcomeWon, OutcomeLost, OutcomeNoDecision, OutcomeDisqualified}

// checkOutcome refuses an outcome not in Outcomes, naming field; empty is
// refused unless optional.
func checkOutcome(field, o string, optional bool) error {
	if (o == "" && optional) || slices.Contains(Outcomes, o) {
		return nil
	}
	return Errorf(EINVALID, field, "must be one of %s", strings.Join(Outcomes, ", "))
}

// Metrics of the figures by outcome and of the good losses.
const (
	metricTrustOutcome = "trust@" // + outcome: trust values of responses about interactions with that outcome
	// MetricGoodLoss counts responses about disqualified interactions whose
	// buyer rated fit_honesty 4 or 5: the rep said it was not a fit, and the
	// buyer agrees it was honest.
	MetricGoodLoss = "good_loss"
	// MetricPromise holds promise values (0–100) of answered follow-ups.
	MetricPromise = "promise"
)

// IsGoodLoss reports whether a response with ratings, about an interaction
// with outcome, is a good loss.
func IsGoodLoss(outcome string, ratings map[string]int) bool {
	return outcome == OutcomeDisqualified && ratings[QFitHonesty] >= 4
}

// outcomeDeltas are what a response about an interaction with outcome
// adds (sign +1) to, or takes away (−1) from, the figures by outcome and
// the good losses. A response without a trust value adds to neither trust
// figure.
func outcomeDeltas(r *Response, trust *float64, outcome, tz string, sign int64) []RollupDelta {
	if outcome == "" {
		return nil
	}
	cell := RollupDelta{OrgID: r.OrgID, RepID: r.RepID, TeamID: r.TeamID, Day: Day(r.SubmittedAt, tz)}
	var out []RollupDelta
	if trust != nil {
		d := cell
		u := TrustUnits(*trust)
		d.Metric, d.N, d.Sum, d.SumSq = metricTrustOutcome+outcome, sign, sign*u, sign*u*u
		out = append(out, d)
	}
	if IsGoodLoss(outcome, r.Answers) {
		d := cell
		d.Metric, d.N = MetricGoodLoss, sign
		out = append(out, d)
	}
	return out
}
