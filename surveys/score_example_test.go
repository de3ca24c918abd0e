package surveys_test

import (
	"math"
	"testing"

	"trustcard/surveys"
)

// The worked example of the method page, computed by hand:
//
//	trust values: 87.5, 66.667 (interest skipped), 100, 37.5, 75 (diagnosed skipped), 81.25
//	sum 447.9167, n 6, raw 74.6528
//	variance 2295.2836/5 = 459.0567, sd 21.4256, se 21.4256/√6 = 8.7470
//	t(0.95, 5) = 2.015048, half-width 17.6256, interval [57.0272, 92.2783]
//	score (6 × 74.6528 + 5 × 64)/11 = 767.9167/11 = 69.8106
//	understood 5, 4, 5, 2, 4, 4: mean 4, top-2 5/6; recommend 9, 8, 10, 5, –, 9: NPS (3 − 1)/5 = 40
func TestWorkedExample(t *testing.T) {
	e := surveys.NewWorkedExample(5)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"sum", e.Sum, 447.9166667}, {"raw", e.Raw, 74.6527778}, {"variance", e.Variance, 459.0567130},
		{"sd", e.SD, 21.4256088}, {"se", e.SE, 8.7469682}, {"t", e.T, 2.0150484}, {"half", e.Half, 17.6255640},
		{"low", e.Interval.Low, 57.0272138}, {"high", e.Interval.High, 92.2783418}, {"score", e.Score, 69.8106061},
		{"understood mean", e.Understood.Mean, 4}, {"top-2", e.Understood.Top2Share, 5.0 / 6}, {"nps", e.NPS.Score, 40},
		{"second value", e.Responses[1].Value, 200.0 / 3},
	} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("%s = %.7f, want %.7f", c.name, c.got, c.want)
		}
	}
	if e.N != 6 || e.LowConfidence || e.NPS.N != 5 || e.Understood.N != 6 {
		t.Errorf("n = %d, low confidence %v, NPS n %d, understood n %d; want 6, false, 5, 6", e.N, e.LowConfidence, e.NPS.N, e.Understood.N)
	}
}
