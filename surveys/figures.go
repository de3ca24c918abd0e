package surveys

import (
	"context"
	"strings"
	"time"
)

// Window is a range of calendar days in the org's time zone, both ends
// included.
type Window struct {
	From, To time.Time // dates; only year, month and day count
}

// DefaultWindowDays is the window when none is given: the last 90 days.
const DefaultWindowDays = 90

// Period returns the window's first and last day as YYYY-MM-DD.
func (w Window) Period() Period {
	return Period{From: w.From.Format(time.DateOnly), To: w.To.Format(time.DateOnly)}
}

// Validate checks the window's order and size.
func (w Window) Validate() error {
	switch {
	case w.To.Before(w.From):
		return Errorf(EINVALID, "from", "must not be after to")
	case w.To.Sub(w.From) > 5*366*24*time.Hour:
		return Errorf(EINVALID, "from", "the window may span at most five years")
	}
	return nil
}

// RollupSum is the sum of one period's rollups for one metric, pooled or
// for one rep and team.
type RollupSum struct {
	Period        int // index into RollupQuery.Periods
	RepID, TeamID int64
	Metric        string
	N             int64
	Sum, SumSq    int64 // whole numbers, as in RollupDelta
	Top2          int64
	Promoters     int64
	Detractors    int64
}

// Period is a range of days, YYYY-MM-DD, both included.
type Period struct{ From, To string }

// RollupQuery selects rollups to sum.
type RollupQuery struct {
	OrgID   int64
	Periods []Period
	RepIDs  []int64 // nil: all
	TeamIDs []int64 // nil: all; the team a response counted toward
	ByRep   bool    // one sum per rep and team; otherwise pooled
}

// RollupReader sums rollups.
type RollupReader interface {
	// SumRollups sums each period's rollups per metric, and per rep and
	// team when asked, and hands each sum to add, in no particular order;
	// sums of nothing are left out. Its cost grows with the periods and the
	// reps, not with the days or the responses.
	SumRollups(ctx context.Context, q RollupQuery, add func(RollupSum)) error
	// RollupVersions returns the rollup version of each team of the org
	// (team 0: reps without one). Every change to a team's rollups raises
	// its version when it commits.
	RollupVersions(ctx context.Context, orgID int64) (map[int64]int64, error)
}

// Figures are the trust figures of a rep, team or org over a window, as
// the product specification defines them.
type Figures struct {
	N             int64 // responses with a trust value
	Responses     int64 // all responses
	Sent          int64 // invitations sent in the window
	Answered      int64 // of those, the ones answered (at any time since)
	HasScore      bool  // false: "no responses"
	Score         float64
	Raw           float64
	Interval      Interval
	HasInterval   bool
	LowConfidence bool
	Questions     map[string]QuestionResult
	NPS           NPS
	ResponseRate  float64  // Answered ÷ Sent: the share of the window's invitations answered, at most 1; 0 when none were sent
	Excluded      Excluded // responses the org's integrity rules took out of the figures above
	Diagnosis     Accuracy // diagnostic accuracy: answered pairs whose categories match
	OutcomeFigures
}

// tally accumulates rollup sums into figures.
type tally struct {
	trust     trustSums
	questions map[string]*QuestionTally
	nps       NPS
	responses int64
	sent      int64
	answered  int64
	excluded  Excluded
	diagnosis struct{ n, matches int64 }
	outcomeTally
}

func newTally() *tally { return &tally{questions: map[string]*QuestionTally{}} }

func (t *tally) add(s RollupSum) {
	if t.addOutcome(s) {
		return
	}
	switch s.Metric {
	case MetricTrust:
		t.trust.add(s.N, s.Sum, s.SumSq)
	case MetricResponses:
		t.responses += s.N
		t.diagnosis.n, t.diagnosis.matches = t.diagnosis.n+s.Promoters, t.diagnosis.matches+s.Top2 // see diagnosisDeltas
	case MetricSent:
		t.sent += s.N
	case MetricAnswered:
		t.answered += s.N
	case MetricExcluded:
		t.excluded.N += s.N
	case QRecommend:
		t.nps = NewNPS(t.nps.Promoters+s.Promoters, t.nps.Passives+s.N-s.Promoters-s.Detractors, t.nps.Detractors+s.Detractors)
	default:
		if flag, ok := strings.CutPrefix(s.Metric, MetricExcludedPrefix); ok {
			t.excluded.add(flag, s.N)
			return
		}
		q := t.questions[s.Metric]
		if q == nil {
			q = &QuestionTally{}
			t.questions[s.Metric] = q
		}
		q.Merge(QuestionTally{Moments: Moments{N: s.N, Sum: float64(s.Sum), SumSq: float64(s.SumSq)}, Top2: s.Top2})
	}
}

// trustSums are trust moments in whole numbers: sums count TrustUnits
// (25/60: every trust value, (sum − n)·25/n for n answered items of 1–5,
// is a multiple of it, and so is every promise value, a multiple of 25/2)
// and sums of squares TrustUnits². Integers add up alike in any order, so
// rollups, rebuilds and requests summed in any order give identical
// figures.
type trustSums struct{ n, sum, sumSq int64 }

// add adds a rollup's sums.
func (t *trustSums) add(n, sum, sumSq int64) {
	t.n += n
	t.sum += sum
	t.sumSq += sumSq
}

// moments returns the sums in trust points.
func (t trustSums) moments() Moments {
	return Moments{N: t.n, Sum: float64(t.sum) * 25 / 60, SumSq: float64(t.sumSq) * 625 / 3600}
}

// figures computes the figures, shrinking toward orgMean with k.
func (t *tally) figures(orgMean, k float64) Figures {
	f := Figures{Responses: t.responses, Sent: t.sent, Answered: t.answered, NPS: t.nps, Questions: map[string]QuestionResult{}, Excluded: t.excluded,
		Diagnosis: NewAccuracy(t.diagnosis.matches, t.diagnosis.n)}
	if sum, ok := SummarizeTrust(t.trust.moments(), orgMean, k); ok {
		f.HasScore, f.N, f.Score, f.Raw = true, sum.N, sum.Score, sum.Raw
		f.Interval, f.HasInterval, f.LowConfidence = sum.Interval, sum.HasInterval, sum.LowConfidence
	}
	for key, q := range t.questions {
		f.Questions[key] = q.Result()
	}
	if t.sent > 0 {
		f.ResponseRate = min(1, float64(t.answered)/float64(t.sent)) // a subset: min only guards damaged rollups
	}
	f.OutcomeFigures = t.outcomeFigures(k)
	return f
}
