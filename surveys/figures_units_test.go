package surveys

import "testing"

// A response answering five trust items has a trust value that is a
// multiple of 25/5, not of 25/12: counted in units of 25/60, the tally keeps
// it exactly. (In units of 25/12, 30 would read as 29.17.)
func TestTallyKeepsFiveItemTrustValues(t *testing.T) {
	for _, c := range []struct {
		name    string
		ratings []int
		want    float64
	}{
		{"FiveItems", []int{2, 2, 2, 2, 3}, 30},
		{"FiveItemsHigh", []int{5, 5, 5, 5, 4}, 95},
		{"ThreeItems", []int{4, 4, 5}, 250.0 / 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _ := TrustValue(c.ratings)
			tl := newTally()
			u := TrustUnits(v)
			tl.add(RollupSum{Metric: MetricTrust, N: 1, Sum: u, SumSq: u * u})
			if got := tl.trust.moments().Mean(); got != c.want {
				t.Fatalf("mean = %v, want %v", got, c.want)
			}
		})
	}
}
