package surveys

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// Every trust value of up to five items is a whole number of 25/60:
// TrustUnits loses nothing.
func TestTrustUnitsExact(t *testing.T) {
	for n := 1; n <= 5; n++ {
		for sum := n; sum <= 5*n; sum++ {
			v := float64(sum-n) * 25 / float64(n)
			if u := TrustUnits(v); math.Abs(float64(u)*25/60-v) > 1e-9 || u*int64(n) != int64(sum-n)*60 {
				t.Errorf("%d items summing to %d: trust %v is %d units", n, sum, v, u)
			}
		}
	}
}

// Trust sums added in any order give bit-identical figures: 2,000 rollups
// of trust values in whole units, summed in 20 shuffled orders, where the
// same values as floats give different digits.
func TestTallyFiguresIgnoreOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sums := make([]RollupSum, 2000)
	for i := range sums {
		s := RollupSum{Metric: MetricTrust}
		for range 1 + r.IntN(5) {
			n := 1 + r.IntN(5)
			ratings := make([]int, n)
			for j := range ratings {
				ratings[j] = 1 + r.IntN(5)
			}
			v, _ := TrustValue(ratings)
			u := TrustUnits(v)
			s.N, s.Sum, s.SumSq = s.N+1, s.Sum+u, s.SumSq+u*u
		}
		sums[i] = s
	}
	figures := func() Figures {
		tl := newTally()
		for _, s := range sums {
			tl.add(s)
		}
		return tl.figures(tl.trust.moments().Mean(), DefaultShrinkK)
	}
	first := figures()
	var naive Moments // what adding the values as floats gives
	differs := false
	for range 20 {
		r.Shuffle(len(sums), func(i, j int) { sums[i], sums[j] = sums[j], sums[i] })
		if got := figures(); !reflect.DeepEqual(got, first) {
			t.Fatalf("figures differ with the order of the sums:\n%+v\n%+v", got, first)
		}
		var m Moments
		for _, s := range sums {
			m.Merge(Moments{N: s.N, Sum: float64(s.Sum) * 25 / 60, SumSq: float64(s.SumSq) * 625 / 3600})
		}
		differs = differs || (naive.N > 0 && m.Sum != naive.Sum)
		naive = m
	}
	if !differs {
		t.Fatal("float sums in these orders never differed: the test shows nothing")
	}
}

// The response rate is the share of the window's invitations answered:
// answers in the window to earlier invitations move responses, not the
// rate, and damaged rollups cannot take it above 1.
func TestTallyResponseRateByCohort(t *testing.T) {
	for _, c := range []struct {
		answered, sent, responses int64
		want                      float64
	}{{3, 4, 9, 0.75}, {4, 4, 0, 1}, {0, 4, 5, 0}, {5, 4, 5, 1}, {0, 0, 2, 0}} {
		tl := newTally()
		tl.add(RollupSum{Metric: MetricResponses, N: c.responses})
		tl.add(RollupSum{Metric: MetricSent, N: c.sent})
		tl.add(RollupSum{Metric: MetricAnswered, N: c.answered})
		f := tl.figures(0, DefaultShrinkK)
		if f.ResponseRate != c.want || f.Answered != c.answered || f.Responses != c.responses {
			t.Errorf("%d answered of %d sent, %d responses: rate %v, answered %d, responses %d; want %v", c.answered, c.sent,
				c.responses, f.ResponseRate, f.Answered, f.Responses, c.want)
		}
	}
}
