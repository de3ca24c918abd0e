package api

import (
	"sync"

	"trustcard/surveys"
)

// diagnosisExampleView is the method page's worked example of diagnostic
// accuracy, in words, from the code that computes the figure.
type diagnosisExampleView struct {
	surveys.DiagnosisExample
	Pairs                            []diagnosisExampleRow
	Percent, LowPercent, HighPercent float64
}

type diagnosisExampleRow struct{ Heard, Said, Verdict string }

var diagnosisExample = sync.OnceValue(func() diagnosisExampleView {
	e := surveys.NewDiagnosisExample()
	cs := surveys.DefaultDiagnosisCategories()
	a := e.Accuracy
	v := diagnosisExampleView{DiagnosisExample: e, Percent: 100 * a.Share, LowPercent: 100 * a.Interval.Low, HighPercent: 100 * a.Interval.High}
	for _, p := range e.Pairs {
		r := diagnosisExampleRow{Heard: cs.Label(p.Heard, "en"), Said: "(skipped the question)", Verdict: "no: the buyer skipped the question"}
		if p.Said != "" {
			r.Said = cs.Label(p.Said, "en")
		}
		switch {
		case p.Late:
			r.Verdict = "no: the diagnosis was entered after the buyer answered"
		case p.Match():
			r.Verdict = "yes, a match"
		case p.Counted():
			r.Verdict = "yes, no match"
		}
		v.Pairs = append(v.Pairs, r)
	}
	return v
})
