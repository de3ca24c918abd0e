package surveys

import (
	"math"
	"sync"
)

const (
	// LowConfidenceBelow is the response count under which a trust score is flagged low confidence.
	LowConfidenceBelow = 5
	// DefaultShrinkK is the default pseudo-count k pulling a trust score toward the org mean.
	DefaultShrinkK = 5.0
)

// TrustValue returns the 0–100 trust value of one response's trust ratings; ok is false when none is in 1–5.
// Other values (e.g. 0 for a skipped item) count as not answered. Computed from
// the integer sum, so equal answers give bit-identical values.
func TrustValue(ratings []int) (v float64, ok bool) {
	var sum, n int
	for _, r := range ratings {
		if r >= 1 && r <= 5 {
			sum += r
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return float64(sum-n) * 25 / float64(n), true
}

// Moments accumulates count, sum and sum of squares, the shape of an incrementally maintained rollup.
type Moments struct {
	N          int64
	Sum, SumSq float64
}

// Add records one value.
func (m *Moments) Add(x float64) {
	m.N++
	m.Sum += x
	m.SumSq += x * x
}

// Merge adds all values recorded in o.
func (m *Moments) Merge(o Moments) {
	m.N += o.N
	m.Sum += o.Sum
	m.SumSq += o.SumSq
}

// Mean returns the mean, or 0 when N is 0.
func (m Moments) Mean() float64 {
	if m.N <= 0 {
		return 0
	}
	return m.Sum / float64(m.N)
}

// Variance returns the sample variance (n − 1 denominator), or 0 when N < 2.
// SumSq − Sum²/N cancels: a result within its rounding error (8·N·2⁻⁵³·SumSq) is
// taken as 0, so equal values give exactly zero variance, never a negative one.
func (m Moments) Variance() float64 {
	if m.N < 2 {
		return 0
	}
	n := float64(m.N)
	d := m.SumSq - m.Sum*m.Sum/n
	if d <= n*0x1p-50*m.SumSq {
		return 0
	}
	return d / (n - 1)
}

// Interval is a confidence interval [Low, High].
type Interval struct{ Low, High float64 }

// TInterval90 returns the two-sided 90% Student t interval for the mean of m; ok is false when N < 2.
// It is not clamped: on the 0–100 trust scale it may pass 0 or 100; displays should clamp.
func TInterval90(m Moments) (iv Interval, ok bool) {
	if m.N < 2 {
		return Interval{}, false
	}
	mean := m.Mean()
	half := t95(m.N-1) * math.Sqrt(m.Variance()/float64(m.N))
	return Interval{Low: mean - half, High: mean + half}, true
}

// t95s caches StudentTQuantile(0.95, df) by df: each costs about 10 µs, and
// scoring every rep asks for the same few hundred.
var t95s sync.Map // int64 → float64

func t95(df int64) float64 {
	if q, ok := t95s.Load(df); ok {
		return q.(float64)
	}
	q := StudentTQuantile(0.95, float64(df))
	t95s.Store(df, q)
	return q
}

// Shrink returns (n·raw + k·orgMean) / (n + k); when n + k ≤ 0 it returns raw.
func Shrink(raw float64, n int64, orgMean float64, k float64) float64 {
	d := float64(n) + k
	if d <= 0 {
		return raw
	}
	return (float64(n)*raw + k*orgMean) / d
}

// LowConfidence reports whether n responses are too few for a confident score.
func LowConfidence(n int64) bool { return n < LowConfidenceBelow }

// TrustSummary is the headline trust figure for one subject (e.g. a rep) in one window.
type TrustSummary struct {
	N             int64    // responses with a trust value
	Raw           float64  // mean trust value, 0–100
	Score         float64  // Raw shrunk toward the org mean
	Interval      Interval // 90% t interval for Raw; valid only if HasInterval
	HasInterval   bool     // false when N < 2
	LowConfidence bool     // N < LowConfidenceBelow
}

// SummarizeTrust builds the headline figure from the trust-value moments m; ok is false when m.N is 0.
// orgMean is the org mean of the same window; k is normally DefaultShrinkK.
func SummarizeTrust(m Moments, orgMean, k float64) (s TrustSummary, ok bool) {
	if m.N <= 0 {
		return TrustSummary{}, false
	}
	raw := m.Mean()
	iv, hasIv := TInterval90(m)
	return TrustSummary{
		N:             m.N,
		Raw:           raw,
		Score:         Shrink(raw, m.N, orgMean, k),
		Interval:      iv,
		HasInterval:   hasIv,
		LowConfidence: LowConfidence(m.N),
	}, true
}

// QuestionResult is one question's mean on the 1–5 scale and its top-2-box share (0–1); all zero when N is 0.
type QuestionResult struct {
	N               int64
	Mean, Top2Share float64
}

// NewQuestionResult builds a QuestionResult from the moments of the 1–5 answers and the count answering 4 or 5.
func NewQuestionResult(m Moments, top2 int64) QuestionResult {
	if m.N <= 0 {
		return QuestionResult{}
	}
	return QuestionResult{N: m.N, Mean: m.Mean(), Top2Share: float64(top2) / float64(m.N)}
}

// QuestionTally accumulates the 1–5 answers of one question.
type QuestionTally struct {
	Moments Moments
	Top2    int64
}

// Add records a rating and reports whether it was in 1–5; other values (skipped) are ignored.
func (t *QuestionTally) Add(rating int) bool {
	if rating < 1 || rating > 5 {
		return false
	}
	t.Moments.Add(float64(rating))
	if rating >= 4 {
		t.Top2++
	}
	return true
}

// Merge adds all answers recorded in o.
func (t *QuestionTally) Merge(o QuestionTally) {
	t.Moments.Merge(o.Moments)
	t.Top2 += o.Top2
}

// Result returns the question's result.
func (t QuestionTally) Result() QuestionResult { return NewQuestionResult(t.Moments, t.Top2) }

// NPS is a net promoter score of a 0–10 question; Score is in −100..100 and 0 when N is 0.
type NPS struct {
	N, Promoters, Passives, Detractors int64
	Score                              float64
}

// NewNPS builds an NPS from the counts answering 9–10, 7–8 and 0–6.
func NewNPS(promoters, passives, detractors int64) NPS {
	s := NPS{N: promoters + passives + detractors, Promoters: promoters, Passives: passives, Detractors: detractors}
	if s.N > 0 {
		s.Score = float64(promoters-detractors) * 100 / float64(s.N)
	}
	return s
}

// TallyNPS computes the NPS of 0–10 answers; values outside 0–10 (skipped) are ignored.
func TallyNPS(answers []int) NPS {
	var pro, pas, det int64
	for _, a := range answers {
		switch {
		case a >= 9 && a <= 10:
			pro++
		case a >= 7 && a <= 8:
			pas++
		case a >= 0 && a <= 6:
			det++
		}
	}
	return NewNPS(pro, pas, det)
}

// StudentTQuantile returns t with P(T ≤ t) = p for Student's t with df degrees of freedom.
// It bisects the CDF (via the regularized incomplete beta) to ~1e-13 relative, well within 1e-6.
// p ≤ 0 gives −Inf, p ≥ 1 gives +Inf, and df ≤ 0 or NaN arguments give NaN.
func StudentTQuantile(p float64, df float64) float64 {
	switch {
	case math.IsNaN(p) || math.IsNaN(df) || df <= 0:
		return math.NaN()
	case p <= 0:
		return math.Inf(-1)
	case p >= 1:
		return math.Inf(1)
	case p == 0.5:
		return 0
	case p < 0.5:
		return -StudentTQuantile(1-p, df)
	}
	// For t > 0, P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t²).
	tail := func(t float64) float64 {
		t2 := t * t
		return 0.5 * regIncBeta(df/2, 0.5, df/(df+t2), t2/(df+t2))
	}
	q := 1 - p
	lo, hi := 0.0, 1.0
	for tail(hi) > q && hi < 1e300 {
		lo, hi = hi, hi*2
	}
	for i := 0; i < 200 && hi-lo > 1e-13*hi; i++ {
		mid := lo + (hi-lo)/2
		if tail(mid) > q {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// regIncBeta is the regularized incomplete beta I_x(a, b); y must equal 1 − x (passed for precision).
func regIncBeta(a, b, x, y float64) float64 {
	if x <= 0 {
		return 0
	}
	if y <= 0 {
		return 1
	}
	// The continued fraction converges fast for x < (a+1)/(a+b+2); use I_x(a,b) = 1 − I_y(b,a) otherwise.
	if x > (a+1)/(a+b+2) {
		return 1 - regIncBeta(b, a, y, x)
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log(y))
	return front * betaCF(a, b, x) / a
}

// betaCF evaluates the continued fraction of the incomplete beta function by the modified Lentz method.
func betaCF(a, b, x float64) float64 {
	const tiny, eps = 1e-300, 1e-15
	guard := func(v float64) float64 {
		if math.Abs(v) < tiny {
			return tiny
		}
		return v
	}
	// f = 1/(1 + d1/(1 + d2/(1 + ...))), d1 = −(a+b)x/(a+1); step applies one further d.
	c, d := 1.0, 1/guard(1-(a+b)*x/(a+1))
	f := d
	step := func(num float64) float64 {
		d = 1 / guard(1+num*d)
		c = guard(1 + num/c)
		f *= c * d
		return c * d
	}
	for m := 1.0; m <= 1e5; m++ {
		step(m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m)))
		if math.Abs(step(-(a+m)*(a+b+m)*x/((a+2*m)*(a+2*m+1)))-1) < eps {
			break
		}
	}
	return f
}
