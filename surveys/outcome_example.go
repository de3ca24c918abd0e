package surveys

// OutcomeExampleResponse is one buyer's answers in the worked example of
// the figures by outcome: the five trust items (fit_honesty last; 0 is
// "didn't come up") and the interaction's outcome.
type OutcomeExampleResponse struct {
	Outcome  string
	Ratings  []int
	Value    float64
	GoodLoss bool
}

// OutcomeExampleFigure is one outcome's figure in the worked example.
type OutcomeExampleFigure struct {
	Outcome string
	OrgMean float64
	Summary TrustSummary
}

// OutcomeExample works the figures by outcome, the good losses and the
// promise score through for one rep, with the functions every score uses,
// for the page that explains the method.
type OutcomeExample struct {
	K          float64
	Responses  []OutcomeExampleResponse
	ByOutcome  []OutcomeExampleFigure
	GoodLosses int64
	Trust      TrustSummary // over every response, toward ExampleOrgMean
	Promises   [][2]int     // accurate, fits
	Values     []float64    // the promise values
	PromiseOrg float64
	Promise    TrustSummary
	Gap        bool
}

var outcomeExampleAnswers = []OutcomeExampleResponse{
	{Outcome: OutcomeWon, Ratings: []int{5, 4, 5, 4, 5}},
	{Outcome: OutcomeWon, Ratings: []int{4, 4, 4, 4, 0}},
	{Outcome: OutcomeWon, Ratings: []int{5, 5, 4, 5, 5}},
	{Outcome: OutcomeLost, Ratings: []int{4, 5, 4, 4, 5}},
	{Outcome: OutcomeLost, Ratings: []int{3, 3, 3, 3, 4}},
	{Outcome: OutcomeDisqualified, Ratings: []int{4, 4, 5, 4, 5}},
	{Outcome: OutcomeDisqualified, Ratings: []int{3, 4, 3, 3, 2}},
}

// The org's means of the same window that the example shrinks toward.
var outcomeExampleOrgMeans = map[string]float64{OutcomeWon: 72, OutcomeLost: 58, OutcomeDisqualified: 61}

// ExamplePromiseOrgMean is the org's mean promise value in the example.
const ExamplePromiseOrgMean = 60.0

// NewOutcomeExample works the example through with shrinkage k.
func NewOutcomeExample(k float64) OutcomeExample {
	e := OutcomeExample{K: k, Promises: [][2]int{{4, 4}, {3, 4}, {2, 3}, {3, 3}}, PromiseOrg: ExamplePromiseOrgMean}
	byOutcome := map[string]*Moments{}
	var all Moments
	for _, r := range outcomeExampleAnswers {
		r.Value, _ = TrustValue(r.Ratings)
		r.GoodLoss = IsGoodLoss(r.Outcome, map[string]int{QFitHonesty: r.Ratings[4]})
		if r.GoodLoss {
			e.GoodLosses++
		}
		if byOutcome[r.Outcome] == nil {
			byOutcome[r.Outcome] = &Moments{}
		}
		byOutcome[r.Outcome].Add(r.Value)
		all.Add(r.Value)
		e.Responses = append(e.Responses, r)
	}
	for _, o := range Outcomes {
		if m := byOutcome[o]; m != nil {
			s, _ := SummarizeTrust(*m, outcomeExampleOrgMeans[o], k)
			e.ByOutcome = append(e.ByOutcome, OutcomeExampleFigure{Outcome: o, OrgMean: outcomeExampleOrgMeans[o], Summary: s})
		}
	}
	e.Trust, _ = SummarizeTrust(all, ExampleOrgMean, k)
	var promise Moments
	for _, a := range e.Promises {
		v, _ := (&PromiseFollowUp{Accurate: a[0], Fits: a[1]}).Value()
		e.Values = append(e.Values, v)
		promise.Add(v)
	}
	e.Promise, _ = SummarizeTrust(promise, ExamplePromiseOrgMean, k)
	f := Figures{HasInterval: e.Trust.HasInterval, Interval: e.Trust.Interval,
		OutcomeFigures: OutcomeFigures{Promise: e.Promise, HasPromise: true}}
	e.Gap = f.PromiseGap()
	return e
}
