package surveys

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// Every trust value is a whole number of 25/12: TrustUnits loses nothing.
func TestTrustUnitsExact(t *testing.T) {
	for n := 1; n <= 4; n++ {
		for sum := n; sum <= 5*n; sum++ {
			v := float64(sum-n) * 25 / float64(n)
			if u := TrustUnits(v); math.Abs(float64(u)*25/12-v) > 1e-9 || u*int64(n) != int64(sum-n)*12 {
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
			n := 1 + r.IntN(4)
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
			m.Merge(Moments{N: s.N, Sum: float64(s.Sum) * 25 / 12, SumSq: float64(s.SumSq) * 625 / 144})
		}
		differs = differs || (naive.N > 0 && m.Sum != naive.Sum)
		naive = m
	}
	if !differs {
		t.Fatal("float sums in these orders never differed: the test shows nothing")
	}
}

// A window's answers may come from invitations sent before it: the rate
// stays at most 1.
func TestTallyResponseRateAtMostOne(t *testing.T) {
	for _, c := range []struct {
		responses, sent int64
		want            float64
	}{{3, 4, 0.75}, {4, 4, 1}, {5, 4, 1}, {2, 0, 0}} {
		tl := newTally()
		tl.add(RollupSum{Metric: MetricResponses, N: c.responses})
		tl.add(RollupSum{Metric: MetricSent, N: c.sent})
		if got := tl.figures(0, DefaultShrinkK).ResponseRate; got != c.want {
			t.Errorf("%d responses of %d sent: rate %v, want %v", c.responses, c.sent, got, c.want)
		}
	}
}
