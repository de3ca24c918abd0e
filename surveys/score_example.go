package surveys

import "math"

// ExampleResponse is one buyer's answers in the worked example.
type ExampleResponse struct {
	Ratings   []int // understood, diagnosed, interest, prepared; 0 means skipped
	Recommend int   // 0–10; −1 means skipped
	Value     float64
}

// WorkedExample is the trust score of one rep worked through step by step,
// computed by the same functions as every score, for the page that
// explains the method.
type WorkedExample struct {
	Responses     []ExampleResponse
	K, OrgMean    float64
	N             int64
	Sum, Raw      float64
	Variance, SD  float64
	SE, T, Half   float64
	Interval      Interval
	Score         float64
	LowConfidence bool
	Understood    QuestionResult
	Top2Percent   float64 // Understood.Top2Share in %
	NPS           NPS
}

// exampleAnswers are the worked example's six buyers.
var exampleAnswers = []ExampleResponse{
	{Ratings: []int{5, 4, 5, 4}, Recommend: 9},
	{Ratings: []int{4, 4, 3, 0}, Recommend: 8},
	{Ratings: []int{5, 5, 5, 5}, Recommend: 10},
	{Ratings: []int{2, 3, 2, 3}, Recommend: 5},
	{Ratings: []int{4, 0, 4, 4}, Recommend: -1},
	{Ratings: []int{4, 5, 4, 4}, Recommend: 9},
}

// ExampleOrgMean is the org mean the worked example shrinks toward.
const ExampleOrgMean = 64.0

// NewWorkedExample works the example through with shrinkage k.
func NewWorkedExample(k float64) WorkedExample {
	e := WorkedExample{K: k, OrgMean: ExampleOrgMean}
	var m Moments
	var understood QuestionTally
	var recommend []int
	for _, r := range exampleAnswers {
		r.Value, _ = TrustValue(r.Ratings)
		m.Add(r.Value)
		understood.Add(r.Ratings[0])
		recommend = append(recommend, r.Recommend)
		e.Responses = append(e.Responses, r)
	}
	sum, _ := SummarizeTrust(m, ExampleOrgMean, k)
	e.N, e.Sum, e.Raw, e.Score, e.LowConfidence = m.N, m.Sum, sum.Raw, sum.Score, sum.LowConfidence
	e.Variance = m.Variance()
	e.SD = math.Sqrt(e.Variance)
	e.SE = e.SD / math.Sqrt(float64(m.N))
	e.T = StudentTQuantile(0.95, float64(m.N-1))
	e.Half = e.T * e.SE
	e.Interval = sum.Interval
	e.Understood = understood.Result()
	e.Top2Percent = 100 * e.Understood.Top2Share
	e.NPS = TallyNPS(recommend)
	return e
}
