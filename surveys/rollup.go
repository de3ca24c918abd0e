package surveys

import (
	"context"
	"math"
	"time"
)

// Rollup metrics besides the question keys.
const (
	MetricTrust     = "trust"     // response trust values, 0–100
	MetricResponses = "responses" // every response, with or without a trust value; Promoters and Top2 count its diagnosis pairs (see diagnosisDeltas)
	MetricSent      = "sent"      // invitations sent, by sending day
	MetricAnswered  = "answered"  // invitations sent and answered, by sending day: the response rate's cohort
)

// RollupDelta changes one rollup cell: per rep, team, day (in the org's
// time zone) and metric, the count, sum and sum of squares of the values,
// the top-2-box count (ratings 4–5) and NPS promoters and detractors. Rep 0
// is the team's own total over all its reps (see TeamDeltas). Sums are
// whole numbers: a question's of its answers, the trust metric's of
// TrustUnits (sums of squares of their squares), so that they add up alike in any order.
type RollupDelta struct {
	OrgID, RepID, TeamID int64
	Day                  string // YYYY-MM-DD
	Metric               string
	N                    int64
	Sum, SumSq           int64
	Top2                 int64
	Promoters            int64
	Detractors           int64
}

// TeamDeltas are deltas again under rep 0, as changes of their teams' own
// totals: a team's or the org's figures, over any period, then read one
// row per team and metric instead of one per rep.
func TeamDeltas(deltas []RollupDelta) []RollupDelta {
	out := make([]RollupDelta, len(deltas))
	for i, d := range deltas {
		d.RepID = 0
		out[i] = d
	}
	return out
}

// Plus is d with the sums of e added; its key stays d's.
func (d RollupDelta) Plus(e RollupDelta) RollupDelta {
	d.N += e.N
	d.Sum += e.Sum
	d.SumSq += e.SumSq
	d.Top2 += e.Top2
	d.Promoters += e.Promoters
	d.Detractors += e.Detractors
	return d
}

// MergeRollups adds up the deltas of the same cell and returns one delta
// per cell, in RollupCells' fixed order.
func MergeRollups(deltas []RollupDelta) []RollupDelta {
	var c RollupCells
	c.Add(deltas...)
	return c.Drain()
}

// RollupStore keeps the rollups the scores are read from.
type RollupStore interface {
	// ApplyRollups adds each delta to its cell, creating cells as needed.
	ApplyRollups(ctx context.Context, deltas []RollupDelta) error
}

// Day is the calendar day of t in the org's time zone (UTC when tz is
// not known).
func Day(t time.Time, tz string) string {
	// orgLocation caches zones: rebuilding rollups asks for millions of days.
	return t.In(orgLocation(tz)).Format(time.DateOnly)
}

// TrustUnits is a trust value as a whole number of 25/60: every trust
// value, (sum − n)·25/n for n answered items of 1–5, is a multiple of it,
// and so is every promise value (two items: multiples of 25/2).
func TrustUnits(v float64) int64 { return int64(math.Round(v * 60 / 25)) }

// NextDay and PrevDay step a YYYY-MM-DD day by one calendar day; anything
// else is returned as it is.
func NextDay(day string) string { return addDays(day, 1) }

// PrevDay is the day before day; see NextDay.
func PrevDay(day string) string { return addDays(day, -1) }

func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// responseDeltas are what one response adds to the rollups (sign +1) or
// takes away when it is replaced (sign −1).
func responseDeltas(r *Response, trust *float64, tv *TemplateVersion, tz string, sign int64) []RollupDelta {
	if len(r.ExcludedBy) > 0 {
		return excludedDeltas(r, tz, sign)
	}
	day := Day(r.SubmittedAt, tz)
	cell := func(metric string) RollupDelta {
		return RollupDelta{OrgID: r.OrgID, RepID: r.RepID, TeamID: r.TeamID, Day: day, Metric: metric}
	}
	resp := cell(MetricResponses)
	resp.N = sign
	out := []RollupDelta{resp}
	if trust != nil {
		d := cell(MetricTrust)
		u := TrustUnits(*trust)
		d.N, d.Sum, d.SumSq = sign, sign*u, sign*u*u
		out = append(out, d)
	}
	for key, v := range r.Answers {
		q, ok := tv.Question(key)
		if !ok || (v == 0 && q.NotApplicable) {
			continue
		}
		d := cell(key)
		x := int64(v)
		d.N, d.Sum, d.SumSq = sign, sign*x, sign*x*x
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
