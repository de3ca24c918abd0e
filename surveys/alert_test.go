package surveys

import (
	"slices"
	"testing"
)

func TestAlertRulesMatch(t *testing.T) {
	tv := &TemplateVersion{Questions: DefaultQuestions(nil)}
	rules := DefaultAlertRules()
	rules.Keywords = []string{"Cancel", "lawyer"}
	for _, c := range []struct {
		name    string
		ratings map[string]int
		comment string
		want    []string
	}{
		{"AboveTheThresholds", map[string]int{QUnderstood: 3, QRecommend: 7}, "fine", nil},
		{"TrustItemAtTwo", map[string]int{QUnderstood: 2, QPrepared: 3}, "", []string{"understood at 2"}},
		{"InQuestionOrder", map[string]int{QRecommend: 6, QPrepared: 1}, "", []string{"prepared at 1", "recommend at 6"}},
		{"RecommendAtZero", map[string]int{QRecommend: 0}, "", []string{"recommend at 0"}},
		{"KeywordIgnoringCase", map[string]int{QUnderstood: 5}, "We may CANCEL.", []string{`comment mentions "Cancel"`}},
		{"Everything", map[string]int{QDiagnosed: 1}, "my lawyer", []string{"diagnosed at 1", `comment mentions "lawyer"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := rules.Match(tv, c.ratings, c.comment); !slices.Equal(got, c.want) {
				t.Errorf("Match = %q, want %q", got, c.want)
			}
		})
	}
	off := AlertRules{TrustAtMost: 0, RecommendAtMost: -1}
	if got := off.Match(tv, map[string]int{QUnderstood: 1, QRecommend: 0}, "cancel"); got != nil {
		t.Errorf("rules turned off match %q", got)
	}
}

func TestAlertRulesValidate(t *testing.T) {
	for _, c := range []struct {
		rules AlertRules
		field string
	}{
		{AlertRules{TrustAtMost: 5}, "alerts.trust_at_most"},
		{AlertRules{TrustAtMost: -1}, "alerts.trust_at_most"},
		{AlertRules{RecommendAtMost: 10}, "alerts.recommend_at_most"},
		{AlertRules{RecommendAtMost: -2}, "alerts.recommend_at_most"},
		{AlertRules{TargetWorkingDays: 0}, "alerts.target_working_days"},
		{AlertRules{TargetWorkingDays: 31}, "alerts.target_working_days"},
		{AlertRules{TargetWorkingDays: 2, Keywords: []string{"ok", "  "}}, "alerts.keywords[1]"},
		{AlertRules{TargetWorkingDays: 2, Keywords: []string{"a\x00b"}}, "alerts.keywords[0]"},
	} {
		field, _ := ErrorDetail(c.rules.Validate())
		if field != c.field {
			t.Errorf("%+v: field %q, want %q", c.rules, field, c.field)
		}
	}
	r := AlertRules{TargetWorkingDays: 30, Keywords: []string{" cancel ", "cancel", "lawyer"}}
	if err := r.Validate(); err != nil || !slices.Equal(r.Keywords, []string{"cancel", "lawyer"}) {
		t.Errorf("Validate = %v, keywords %q; want cancel, lawyer", err, r.Keywords)
	}
}

func TestAlertTransitions(t *testing.T) {
	for _, c := range []struct {
		from AlertStatus
		to   AlertStatus
		code string
	}{
		{AlertOpen, AlertAcknowledged, ""},
		{AlertOpen, AlertContacted, ECONFLICT},
		{AlertOpen, AlertResolved, ECONFLICT},
		{AlertAcknowledged, AlertContacted, ""},
		{AlertAcknowledged, AlertResolved, ""},
		{AlertAcknowledged, AlertOpen, ECONFLICT},
		{AlertContacted, AlertResolved, ""},
		{AlertContacted, AlertAcknowledged, ECONFLICT},
		{AlertResolved, AlertOpen, ECONFLICT},
		{AlertResolved, "closed", EINVALID},
	} {
		tr := AlertTransition{To: c.to}
		if c.to == AlertResolved {
			tr.Note, tr.Outcome = "called", OutcomeResolved
		}
		if got := ErrorCode(tr.validate(&Alert{ID: 1, Status: c.from})); got != c.code {
			t.Errorf("%s → %s: %q, want %q", c.from, c.to, got, c.code)
		}
	}
}
