package surveys

import (
	"slices"
	"testing"
)

// Reasons read in the survey's own wording, with the rep's first name; a
// survey without a question's wording, or none at all, falls back to the
// key, and a reason the rules never write stays as it is.
func TestAlertReasonTexts(t *testing.T) {
	worded := &TemplateVersion{Questions: DefaultQuestions(QuestionTexts{
		QUnderstood: {"en": "{rep} understood what I actually needed.", "de": "{rep} hat verstanden."},
		QRecommend:  {"en": "How likely are you to recommend {rep}?"}})}
	reasons := []string{"understood at 1", "prepared at 2", "recommend at 4", `comment mentions "cancel"`, `comment mentions "say \"no\""`, "odd"}
	for _, c := range []struct {
		name string
		tv   *TemplateVersion
		want []string
	}{
		{"Worded", worded, []string{"Rated 1 of 5: “Will understood what I actually needed.”", "Rated 2 of 5: prepared",
			"Would recommend: 4 of 10", "Comment mentions “cancel”", "Comment mentions “say \"no\"”", "odd"}},
		{"NoSurvey", nil, []string{"Rated 1 of 5: understood", "Rated 2 of 5: prepared",
			"Would recommend: 4 of 10", "Comment mentions “cancel”", "Comment mentions “say \"no\"”", "odd"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := AlertReasonTexts(c.tv, reasons, "Will Turner"); !slices.Equal(got, c.want) {
				t.Errorf("AlertReasonTexts =\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}
