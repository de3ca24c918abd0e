package api

import "trustcard/surveys"

// Form fields of the survey page's problem question.
const (
	fieldProblem     = "problem"
	fieldProblemNote = "problem_note"
)

// problemView is the survey's one question about the buyer's main
// problem: the org's categories in the page's language, and a free line.
type problemView struct {
	Options []problemOption
	Note    string
}

// problemOption is one category as a radio button.
type problemOption struct {
	Key, Label string
	Checked    bool
}

func newProblemView(cs surveys.DiagnosisCategories, answer surveys.BuyerProblem, lang string) problemView {
	v := problemView{Note: answer.Note}
	for _, c := range cs {
		v.Options = append(v.Options, problemOption{Key: c.Key, Label: c.Label(lang), Checked: c.Key == answer.Category})
	}
	return v
}
