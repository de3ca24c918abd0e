package surveys

import (
	"math"
	"math/rand"
	"testing"
)

// scoreNear reports whether got is within tol of want (NaN and infinities must match exactly).
func scoreNear(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol
}

func scoreMomentsOf(xs ...float64) Moments {
	var m Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m
}

func TestScoreTrustValue(t *testing.T) {
	tests := []struct {
		name    string
		ratings []int
		want    float64
		wantOK  bool
	}{
		{"single 5", []int{5}, 100, true},
		{"single 1", []int{1}, 0, true},
		{"single 3", []int{3}, 50, true},
		{"5,4 mean 4.5", []int{5, 4}, 87.5, true},            // (4.5−1)/4×100
		{"2,3,1,2 mean 2", []int{2, 3, 1, 2}, 25, true},      // (2−1)/4×100
		{"3,3,4 mean 10/3", []int{3, 3, 4}, 175.0 / 3, true}, // (10/3−1)/4×100 = 58.33…
		{"all five levels", []int{1, 2, 3, 4, 5}, 50, true},
		{"skipped item (0) ignored", []int{0, 4}, 75, true},
		{"out of range only", []int{0, 6, -1}, 0, false},
		{"nil", nil, 0, false},
	}
	for _, tt := range tests {
		got, gotOK := TrustValue(tt.ratings)
		if gotOK != tt.wantOK || !scoreNear(got, tt.want, 1e-12) {
			t.Errorf("%s: TrustValue(%v) = %v, %v; want %v, %v", tt.name, tt.ratings, got, gotOK, tt.want, tt.wantOK)
		}
	}
}

func TestStudentTQuantile(t *testing.T) {
	tests := []struct {
		p, df, want float64
	}{
		{0.95, 1, 6.313752},    // tan(0.45π) = 6.3137515
		{0.95, 2, 2.919986},    // 0.9/√(2·0.95·0.05) = 2.9199856
		{0.95, 4, 2.131847},    // tables
		{0.95, 9, 1.833113},    // tables
		{0.95, 29, 1.699127},   // tables
		{0.95, 1000, 1.646379}, // tables
		{0.975, 1, 12.706205},  // tan(0.475π)
		{0.975, 1000, 1.962339},
		{0.9999, 1, 3183.098757}, // tan(0.4999π)
		{0.05, 2, -2.919986},     // symmetry
		{0.5, 7, 0},
		{0.95, 1e7, 1.644854}, // → normal quantile 1.6448536 as df → ∞
		{0, 3, math.Inf(-1)},
		{1, 3, math.Inf(1)},
		{0.95, 0, math.NaN()},
		{0.95, -1, math.NaN()},
		{math.NaN(), 3, math.NaN()},
	}
	for _, tt := range tests {
		got := StudentTQuantile(tt.p, tt.df)
		if !scoreNear(got, tt.want, 1e-6) {
			t.Errorf("StudentTQuantile(%v, %v) = %.9f; want %.6f", tt.p, tt.df, got, tt.want)
		}
	}
}

// TestStudentTQuantileClosedForms checks df = 1 (Cauchy) and df = 2 over a grid of p.
func TestStudentTQuantileClosedForms(t *testing.T) {
	for p := 0.001; p < 1; p += 0.0137 {
		want1 := math.Tan(math.Pi * (p - 0.5))
		want2 := (2*p - 1) / math.Sqrt(2*p*(1-p))
		if got := StudentTQuantile(p, 1); !scoreNear(got, want1, 1e-6*math.Max(1, math.Abs(want1))) {
			t.Errorf("StudentTQuantile(%v, 1) = %v; want %v", p, got, want1)
		}
		if got := StudentTQuantile(p, 2); !scoreNear(got, want2, 1e-6) {
			t.Errorf("StudentTQuantile(%v, 2) = %v; want %v", p, got, want2)
		}
	}
}

func TestScoreMomentsEdgeCases(t *testing.T) {
	var zero Moments
	if got := zero.Mean(); got != 0 {
		t.Errorf("zero Mean = %v; want 0", got)
	}
	if got := zero.Variance(); got != 0 {
		t.Errorf("zero Variance = %v; want 0", got)
	}
	if _, ok := TInterval90(zero); ok {
		t.Error("TInterval90(zero) ok; want no interval")
	}
	one := scoreMomentsOf(87.5)
	if got, want := one.Mean(), 87.5; got != want {
		t.Errorf("one Mean = %v; want %v", got, want)
	}
	if got := one.Variance(); got != 0 {
		t.Errorf("one Variance = %v; want 0", got)
	}
	if _, ok := TInterval90(one); ok {
		t.Error("TInterval90(n=1) ok; want no interval")
	}
	// Equal values whose sums round: 175/3 and 0.1 are not exact in binary, so
	// SumSq − Sum²/N is rounding noise (possibly negative) and must become 0.
	for _, x := range []float64{175.0 / 3, 0.1, 100, 0} {
		for _, n := range []int{2, 3, 7, 10, 1000} {
			var m Moments
			for i := 0; i < n; i++ {
				m.Add(x)
			}
			if got := m.Variance(); got != 0 {
				t.Errorf("Variance of %d×%v = %v; want 0", n, x, got)
			}
			iv, ok := TInterval90(m)
			if !ok || iv.Low != iv.High || !scoreNear(iv.Low, x, 1e-9) {
				t.Errorf("TInterval90 of %d×%v = %+v, %v; want zero width at %v", n, x, iv, ok, x)
			}
		}
	}
}

func TestScoreMomentsMerge(t *testing.T) {
	xs := []float64{87.5, 50, 25, 100, 0, 175.0 / 3, 62.5, 75}
	all := scoreMomentsOf(xs...)
	for split := 0; split <= len(xs); split++ {
		got := scoreMomentsOf(xs[:split]...)
		got.Merge(scoreMomentsOf(xs[split:]...))
		if got.N != all.N || !scoreNear(got.Sum, all.Sum, 1e-9) || !scoreNear(got.SumSq, all.SumSq, 1e-9) {
			t.Errorf("split %d: merged %+v; want %+v", split, got, all)
		}
	}
}

// TestScoreMomentsProperty compares sums-based mean/variance with a direct two-pass computation.
func TestScoreMomentsProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(20240601))
	for trial := 0; trial < 500; trial++ {
		n := rng.Intn(400)
		xs := make([]float64, n)
		var m Moments
		for i := range xs {
			if trial%2 == 0 {
				xs[i] = rng.Float64() * 100 // continuous on 0–100
			} else {
				xs[i] = float64(rng.Intn(17)) * 6.25 // trust-like grid of 0–100
			}
			m.Add(xs[i])
		}
		var wantMean, wantVar float64
		if n > 0 {
			for _, x := range xs {
				wantMean += x
			}
			wantMean /= float64(n)
		}
		if n > 1 {
			for _, x := range xs {
				wantVar += (x - wantMean) * (x - wantMean)
			}
			wantVar /= float64(n - 1)
		}
		if got := m.Mean(); !scoreNear(got, wantMean, 1e-9) {
			t.Fatalf("trial %d (n=%d): Mean = %v; want %v", trial, n, got, wantMean)
		}
		if got := m.Variance(); !scoreNear(got, wantVar, 1e-9) {
			t.Fatalf("trial %d (n=%d): Variance = %v; want %v", trial, n, got, wantVar)
		}
	}
}

func TestScoreShrink(t *testing.T) {
	tests := []struct {
		name             string
		raw              float64
		n                int64
		orgMean, k, want float64
	}{
		{"3 responses", 162.5 / 3, 3, 60, 5, 57.8125}, // (162.5 + 300) / 8
		{"5 responses", 75, 5, 60, 5, 67.5},           // (375 + 300) / 10
		{"n=0 gives org mean", 90, 0, 60, 5, 60},
		{"k=0 gives raw", 90, 4, 60, 0, 90},
		{"n=0,k=0 gives raw", 90, 0, 60, 0, 90},
		{"large n near raw", 90, 9995, 60, 5, 89.985}, // (899550 + 300) / 10000
	}
	for _, tt := range tests {
		if got := Shrink(tt.raw, tt.n, tt.orgMean, tt.k); !scoreNear(got, tt.want, 1e-9) {
			t.Errorf("%s: Shrink = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestScoreLowConfidence(t *testing.T) {
	for n := int64(0); n <= 7; n++ {
		if got, want := LowConfidence(n), n < 5; got != want {
			t.Errorf("LowConfidence(%d) = %v; want %v", n, got, want)
		}
	}
}

func TestScoreSummarizeTrust(t *testing.T) {
	tests := []struct {
		name      string
		responses [][]int
		orgMean   float64
		wantOK    bool
		want      TrustSummary
	}{
		{
			// Trust values 87.5, 50, 25 (the last two responses answered no trust item).
			// Raw = 162.5/3 = 54.166667; Score = (162.5 + 5×60)/8 = 57.8125.
			// Deviations 33.333, −4.1667, −29.1667; SS = 1979.1667; var = 989.5833;
			// SE = √(989.5833/3) = 18.162079; half = 2.919986 × SE = 53.033009;
			// interval [1.133658, 107.199675] — not clamped to 100.
			name:      "three responses",
			responses: [][]int{{5, 4}, {3}, {2, 3, 1, 2}, {0, 0}, nil},
			orgMean:   60, wantOK: true,
			want: TrustSummary{N: 3, Raw: 54.166667, Score: 57.8125,
				Interval: Interval{1.133658, 107.199675}, HasInterval: true, LowConfidence: true},
		},
		{
			// Trust values 75, 75, 50, 100, 75: Raw = 75; Score = (375 + 300)/10 = 67.5.
			// SS = 1250; var = 312.5; SE = √62.5 = 7.905694; half = 2.131847 × SE = 16.853729.
			name:      "five responses",
			responses: [][]int{{4}, {4, 4}, {3}, {5, 5, 5}, {3, 5}},
			orgMean:   60, wantOK: true,
			want: TrustSummary{N: 5, Raw: 75, Score: 67.5,
				Interval: Interval{58.146271, 91.853729}, HasInterval: true},
		},
		{
			// Trust values 0, 100: Raw = 50; Score = (100 + 5×20)/7 = 28.571429;
			// var = 5000, SE = 50, half = 6.313752 × 50 = 315.687576.
			name:      "two responses wide interval",
			responses: [][]int{{1, 1}, {5}},
			orgMean:   20, wantOK: true,
			want: TrustSummary{N: 2, Raw: 50, Score: 200.0 / 7,
				Interval: Interval{-265.687576, 365.687576}, HasInterval: true, LowConfidence: true},
		},
		{
			// Trust value 100: Score = (100 + 5×40)/6 = 50; no interval with n = 1.
			name:      "one response",
			responses: [][]int{{5, 0}},
			orgMean:   40, wantOK: true,
			want: TrustSummary{N: 1, Raw: 100, Score: 50, LowConfidence: true},
		},
		{
			// Six trust values 175/3 = 58.333333: zero-width interval;
			// Score = (6×58.333333 + 5×50)/11 = 600/11 = 54.545455.
			name:      "all equal",
			responses: [][]int{{3, 3, 4}, {3, 3, 4}, {4, 3, 3}, {3, 4, 3}, {3, 3, 4}, {4, 3, 3}},
			orgMean:   50, wantOK: true,
			want: TrustSummary{N: 6, Raw: 175.0 / 3, Score: 600.0 / 11,
				Interval: Interval{175.0 / 3, 175.0 / 3}, HasInterval: true},
		},
		{
			name:      "no trust answers",
			responses: [][]int{{0}, nil},
			orgMean:   60, wantOK: false,
		},
	}
	for _, tt := range tests {
		var m Moments
		for _, r := range tt.responses {
			if v, ok := TrustValue(r); ok {
				m.Add(v)
			}
		}
		got, gotOK := SummarizeTrust(m, tt.orgMean, DefaultShrinkK)
		if gotOK != tt.wantOK {
			t.Errorf("%s: ok = %v; want %v", tt.name, gotOK, tt.wantOK)
			continue
		}
		want := tt.want
		if got.N != want.N || got.HasInterval != want.HasInterval || got.LowConfidence != want.LowConfidence ||
			!scoreNear(got.Raw, want.Raw, 1e-6) || !scoreNear(got.Score, want.Score, 1e-6) ||
			!scoreNear(got.Interval.Low, want.Interval.Low, 1e-5) || !scoreNear(got.Interval.High, want.Interval.High, 1e-5) {
			t.Errorf("%s: SummarizeTrust = %+v; want %+v", tt.name, got, want)
		}
	}
}

func TestTop2QuestionResult(t *testing.T) {
	tests := []struct {
		name    string
		answers []int
		want    QuestionResult
	}{
		// Answered 5, 4, 3, 2, 4 (0 and 7 are skips): mean 18/5 = 3.6; top-2 = 3/5.
		{"mixed with skips", []int{5, 4, 3, 0, 2, 4, 7}, QuestionResult{N: 5, Mean: 3.6, Top2Share: 0.6}},
		{"all top", []int{5, 4}, QuestionResult{N: 2, Mean: 4.5, Top2Share: 1}},
		{"no top", []int{1, 3, 2}, QuestionResult{N: 3, Mean: 2, Top2Share: 0}},
		{"all skipped", []int{0, 0}, QuestionResult{}},
		{"never asked", nil, QuestionResult{}},
	}
	for _, tt := range tests {
		var tally QuestionTally
		for _, a := range tt.answers {
			tally.Add(a)
		}
		got := tally.Result()
		if got.N != tt.want.N || !scoreNear(got.Mean, tt.want.Mean, 1e-12) || !scoreNear(got.Top2Share, tt.want.Top2Share, 1e-12) {
			t.Errorf("%s: Result = %+v; want %+v", tt.name, got, tt.want)
		}
	}

	// From a stored rollup: answers 4, 4, 5, 1 → N 4, Sum 14, SumSq 58, top-2 count 3.
	got := NewQuestionResult(Moments{N: 4, Sum: 14, SumSq: 58}, 3)
	if want := (QuestionResult{N: 4, Mean: 3.5, Top2Share: 0.75}); got != want {
		t.Errorf("NewQuestionResult = %+v; want %+v", got, want)
	}

	// Merging tallies equals tallying everything.
	var a, b, all QuestionTally
	for i, r := range []int{5, 4, 0, 3, 2, 4, 1, 5} {
		all.Add(r)
		if i%2 == 0 {
			a.Add(r)
		} else {
			b.Add(r)
		}
	}
	a.Merge(b)
	if got, want := a.Result(), all.Result(); got != want {
		t.Errorf("merged Result = %+v; want %+v", got, want)
	}
}

func TestNPS(t *testing.T) {
	tests := []struct {
		name    string
		answers []int
		want    NPS
	}{
		// 2 promoters, 2 passives, 2 detractors: 33.3% − 33.3% = 0.
		{"balanced", []int{10, 9, 8, 7, 6, 0}, NPS{N: 6, Promoters: 2, Passives: 2, Detractors: 2, Score: 0}},
		{"all promoters", []int{10, 10, 10, 9}, NPS{N: 4, Promoters: 4, Score: 100}},
		{"all detractors", []int{0, 1, 6}, NPS{N: 3, Detractors: 3, Score: -100}},
		// 3 of 5 promoters (60%) − 1 of 5 detractors (20%) = 40.
		{"mostly promoters", []int{10, 9, 9, 8, 5}, NPS{N: 5, Promoters: 3, Passives: 1, Detractors: 1, Score: 40}},
		// 11 and −1 are skips: 2/4 − 1/4 = 25.
		{"skips ignored", []int{9, 10, 7, 3, 11, -1}, NPS{N: 4, Promoters: 2, Passives: 1, Detractors: 1, Score: 25}},
		// 1/3 − 0 = 33.333…
		{"thirds", []int{9, 7, 8}, NPS{N: 3, Promoters: 1, Passives: 2, Score: 100.0 / 3}},
		{"empty", nil, NPS{}},
	}
	for _, tt := range tests {
		got := TallyNPS(tt.answers)
		if got.N != tt.want.N || got.Promoters != tt.want.Promoters || got.Passives != tt.want.Passives ||
			got.Detractors != tt.want.Detractors || !scoreNear(got.Score, tt.want.Score, 1e-9) {
			t.Errorf("%s: TallyNPS(%v) = %+v; want %+v", tt.name, tt.answers, got, tt.want)
		}
	}
	// From stored counts: (50 − 20) / 100 × 100 = 30.
	if got, want := NewNPS(50, 30, 20), (NPS{N: 100, Promoters: 50, Passives: 30, Detractors: 20, Score: 30}); got != want {
		t.Errorf("NewNPS(50, 30, 20) = %+v; want %+v", got, want)
	}
}
