package surveys

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Rollup metrics besides the question keys.
const (
	MetricTrust     = "trust"     // response trust values, 0–100
	MetricResponses = "responses" // every response, with or without a trust value
	MetricSent      = "sent"      // invitations sent, by sending day
)

// RollupDelta changes one rollup cell: per rep, team, day (in the org's
// time zone) and metric, the count, sum and sum of squares of the values,
// the top-2-box count (ratings 4–5) and NPS promoters and detractors.
type RollupDelta struct {
	OrgID, RepID, TeamID int64
	Day                  string // YYYY-MM-DD
	Metric               string
	N                    int64
	Sum, SumSq           float64
	Top2                 int64
	Promoters            int64
	Detractors           int64
}

// MergeRollups adds up the deltas of the same cell and returns one delta
// per cell in one fixed order, so that transactions touching the same
// cells wait for each other instead of deadlocking.
func MergeRollups(deltas []RollupDelta) []RollupDelta {
	type cell struct {
		org, rep, team int64
		day, metric    string
	}
	at := make(map[cell]int, len(deltas))
	out := make([]RollupDelta, 0, len(deltas))
	for _, d := range deltas {
		k := cell{d.OrgID, d.RepID, d.TeamID, d.Day, d.Metric}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, d)
			continue
		}
		m := &out[i]
		m.N, m.Sum, m.SumSq, m.Top2 = m.N+d.N, m.Sum+d.Sum, m.SumSq+d.SumSq, m.Top2+d.Top2
		m.Promoters, m.Detractors = m.Promoters+d.Promoters, m.Detractors+d.Detractors
	}
	slices.SortFunc(out, func(a, b RollupDelta) int {
		return cmp.Or(cmp.Compare(a.OrgID, b.OrgID), cmp.Compare(a.RepID, b.RepID), cmp.Compare(a.TeamID, b.TeamID),
			cmp.Compare(a.Day, b.Day), cmp.Compare(a.Metric, b.Metric))
	})
	return out
}

// RollupStore keeps the rollups the scores are read from.
type RollupStore interface {
	// ApplyRollups adds each delta to its cell, creating cells as needed.
	ApplyRollups(ctx context.Context, deltas []RollupDelta) error
}

// Day is the calendar day of t in the org's time zone (UTC when tz is
// not known).
func Day(t time.Time, tz string) string {
	// buyerLocation caches zones: rebuilding rollups asks for millions of days.
	loc := buyerLocation(tz)
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}

// responseDeltas are what one response adds to the rollups (sign +1) or
// takes away when it is replaced (sign −1).
func responseDeltas(r *Response, trust *float64, tv *TemplateVersion, tz string, sign int64) []RollupDelta {
	cell := func(metric string) RollupDelta {
		return RollupDelta{OrgID: r.OrgID, RepID: r.RepID, TeamID: r.TeamID, Day: Day(r.SubmittedAt, tz), Metric: metric}
	}
	resp := cell(MetricResponses)
	resp.N = sign
	out := []RollupDelta{resp}
	if trust != nil {
		d := cell(MetricTrust)
		d.N, d.Sum, d.SumSq = sign, float64(sign)**trust, float64(sign)**trust**trust
		out = append(out, d)
	}
	for key, v := range r.Answers {
		q, ok := tv.Question(key)
		if !ok {
			continue
		}
		d := cell(key)
		x := float64(v)
		d.N, d.Sum, d.SumSq = sign, float64(sign)*x, float64(sign)*x*x
		switch {
		case q.Kind == KindRating && v >= 4:
			d.Top2 = sign
		case q.Kind == KindScale && v >= 9:
			d.Promoters = sign
		case q.Kind == KindScale && v <= 6:
			d.Detractors = sign
		}
		out = append(out, d)
	}
	return out
}
