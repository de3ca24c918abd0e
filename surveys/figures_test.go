package surveys

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// Trust sums added in any order give bit-identical figures: 2,000 rollups
// of trust values (multiples of 25/60, as floats with their rounding),
// summed in 20 shuffled orders.
func TestTallyFiguresIgnoreOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sums := make([]RollupSum, 2000)
	for i := range sums {
		var m Moments
		for range 1 + r.IntN(5) {
			n := 1 + r.IntN(5)
			ratings := make([]int, n)
			for j := range ratings {
				ratings[j] = 1 + r.IntN(5)
			}
			v, _ := TrustValue(ratings)
			m.Add(v)
		}
		sums[i] = RollupSum{Metric: MetricTrust, N: m.N, Sum: m.Sum, SumSq: m.SumSq}
	}
	figures := func() Figures {
		tl := newTally()
		for _, s := range sums {
			tl.add(s)
		}
		return tl.figures(tl.trust.moments().Mean(), DefaultShrinkK)
	}
	first := figures()
	var naive Moments // what adding the floats as they come gives
	differs := false
	for range 20 {
		r.Shuffle(len(sums), func(i, j int) { sums[i], sums[j] = sums[j], sums[i] })
		if got := figures(); !reflect.DeepEqual(got, first) {
			t.Fatalf("figures differ with the order of the sums:\n%+v\n%+v", got, first)
		}
		var m Moments
		for _, s := range sums {
			m.Merge(Moments{N: s.N, Sum: s.Sum, SumSq: s.SumSq})
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
