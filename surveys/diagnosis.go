package surveys

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Diagnostic accuracy: the rep names the buyer's main problem (their
// diagnosis), the buyer names it too (one optional question on the survey
// page), both from the org's list of categories; the figure is the share of
// answered pairs whose categories match.

// CategoryElse is the category that every org's list has and keeps.
const CategoryElse = "something_else"

// Diagnosis pairs are counted in the rollup cells of MetricResponses,
// whose N counts the responses and whose other sums were unused: Promoters
// counts the pairs and Top2 the pairs whose categories match. The scores
// so read no more rows than before.

// DiagnosisWindow is how long after the meeting a rep may enter their
// diagnosis in the web app.
const DiagnosisWindow = 48 * time.Hour

// Limits of the diagnosis categories setting and of the notes.
const (
	MaxDiagnosisCategories = 12
	MaxCategoryLabel       = 80
	MaxDiagnosisNote       = 500
	DefaultLabelLanguage   = "en" // every category needs a label in it: the language a buyer without another reads
)

// DiagnosisCategory is one buyer problem of the org's list: a stable key
// and its label per language.
type DiagnosisCategory struct {
	Key    string
	Labels map[string]string // language → label
}

// Label is the category's label in lang, else in DefaultLabelLanguage.
func (c DiagnosisCategory) Label(lang string) string {
	if l := c.Labels[lang]; l != "" {
		return l
	}
	if base, _, ok := strings.Cut(lang, "-"); ok && c.Labels[base] != "" {
		return c.Labels[base]
	}
	return c.Labels[DefaultLabelLanguage]
}

// DiagnosisCategories is an org's list, in the order shown.
type DiagnosisCategories []DiagnosisCategory

// Find returns the category with key.
func (cs DiagnosisCategories) Find(key string) (DiagnosisCategory, bool) {
	i := slices.IndexFunc(cs, func(c DiagnosisCategory) bool { return c.Key == key })
	if i < 0 {
		return DiagnosisCategory{}, false
	}
	return cs[i], true
}

// Label is the label of key in lang, or key itself for a category since
// removed from the list.
func (cs DiagnosisCategories) Label(key, lang string) string {
	if c, ok := cs.Find(key); ok {
		return c.Label(lang)
	}
	return key
}

// Keys are the categories' keys, in order.
func (cs DiagnosisCategories) Keys() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Key
	}
	return out
}

// check refuses an unknown category, naming field and the known ones.
func (cs DiagnosisCategories) check(field, key string) error {
	if _, ok := cs.Find(key); !ok {
		return Errorf(EINVALID, field, "%q is not one of the org's diagnosis categories (%s)", key, strings.Join(cs.Keys(), ", "))
	}
	return nil
}

var categoryKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Validate checks the list: 2 to MaxDiagnosisCategories categories with
// unique keys, CategoryElse among them, each labelled in
// DefaultLabelLanguage.
func (cs DiagnosisCategories) Validate() error {
	const field = "diagnosis_categories"
	switch {
	case len(cs) > MaxDiagnosisCategories:
		return Errorf(EINVALID, field, "may have at most %d categories", MaxDiagnosisCategories)
	case len(cs) < 2:
		return Errorf(EINVALID, field, "needs at least one category besides %q", CategoryElse)
	}
	seen := map[string]bool{}
	for i, c := range cs {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !categoryKey.MatchString(c.Key):
			return Errorf(EINVALID, f+".key", "must be 1–40 lower-case letters, digits or _, starting with a letter, such as cut_costs")
		case seen[c.Key]:
			return Errorf(EINVALID, f+".key", "%q appears twice", c.Key)
		}
		seen[c.Key] = true
		if err := checkLabels(f+".labels", c.Labels); err != nil {
			return err
		}
	}
	if !seen[CategoryElse] {
		return Errorf(EINVALID, field, "must keep %q: a buyer whose problem is none of the others needs it", CategoryElse)
	}
	return nil
}

func checkLabels(field string, labels map[string]string) error {
	if strings.TrimSpace(labels[DefaultLabelLanguage]) == "" {
		return Errorf(EINVALID, field+"."+DefaultLabelLanguage, "is required: every category needs a label in %s", DefaultLabelLanguage)
	}
	for lang, l := range labels {
		if !validLocale(lang) {
			return Errorf(EINVALID, field, "%q is not a language tag such as de", lang)
		}
		if err := checkText(field+"."+lang, &l, MaxCategoryLabel, true, false); err != nil {
			return err
		}
		labels[lang] = l
	}
	return nil
}

// Diagnosis is the rep's diagnosis of an interaction: the buyer's main
// problem as the rep heard it.
type Diagnosis struct {
	InteractionID int64
	OrgID         int64
	RepID         int64
	Category      string
	Note          string
	Source        string // DiagnosisFromCRM or DiagnosisFromRep
	EnteredAt     time.Time
}

// Where a diagnosis came from.
const (
	DiagnosisFromCRM = "crm"
	DiagnosisFromRep = "rep"
)

// DiagnosisInput is a diagnosis as posted or typed.
type DiagnosisInput struct {
	Category string
	Note     string
}

// validate checks the input against the org's categories; field prefixes
// the names in errors ("diagnosis").
func (d *DiagnosisInput) validate(field string, cs DiagnosisCategories) error {
	d.Category = strings.TrimSpace(d.Category)
	if d.Category == "" {
		return Errorf(EINVALID, field+".category", "is required: one of %s", strings.Join(cs.Keys(), ", "))
	}
	if err := cs.check(field+".category", d.Category); err != nil {
		return err
	}
	return checkText(field+".note", &d.Note, MaxDiagnosisNote, false, false)
}

// BuyerProblem is the buyer's own answer to "What were you mainly trying
// to solve?": a category of the org's list and a free line.
type BuyerProblem struct {
	Category string // "" when only the line was answered
	Note     string
}

// Empty reports whether the buyer left the question unanswered.
func (p BuyerProblem) Empty() bool { return p.Category == "" && p.Note == "" }

// validate checks the answer against the org's categories.
func (p *BuyerProblem) validate(cs DiagnosisCategories) error {
	p.Category = strings.TrimSpace(p.Category)
	if p.Category != "" {
		if err := cs.check("problem", p.Category); err != nil {
			return err
		}
	}
	return checkText("problem_note", &p.Note, MaxDiagnosisNote, false, false)
}

// Counts reports whether d forms a pair with a response first submitted at
// answered: only a diagnosis entered before the buyer answered counts.
func (d *Diagnosis) Counts(answered time.Time) bool {
	return d != nil && !d.EnteredAt.After(answered)
}

// DiagnosisPair is one interaction's diagnosis beside the buyer's answer,
// for coaching.
type DiagnosisPair struct {
	InteractionID int64
	TeamID        int64 // the team the response counted toward
	OccurredAt    time.Time
	AnsweredAt    time.Time // when the buyer first sent their answers
	Rep           Diagnosis
	Buyer         BuyerProblem
	Locale        string // the buyer's language
}

// Counted reports whether the pair counts toward diagnostic accuracy.
func (p DiagnosisPair) Counted() bool {
	return p.Buyer.Category != "" && p.Rep.Counts(p.AnsweredAt)
}

// Match reports whether the categories agree.
func (p DiagnosisPair) Match() bool { return p.Rep.Category == p.Buyer.Category }

// DiagnosisStore keeps diagnoses and the buyers' answers beside them.
type DiagnosisStore interface {
	// SaveDiagnosis stores an interaction's diagnosis, replacing its earlier one.
	SaveDiagnosis(ctx context.Context, d *Diagnosis) error
	// FindDiagnosis returns an interaction's diagnosis; ENOTFOUND when it has none.
	FindDiagnosis(ctx context.Context, orgID, interactionID int64) (*Diagnosis, error)
	// SaveBuyerProblem stores a response's answer to the problem question,
	// removing it when p is empty.
	SaveBuyerProblem(ctx context.Context, orgID, responseID int64, p BuyerProblem) error
	// FindBuyerProblem returns a response's answer; empty when none.
	FindBuyerProblem(ctx context.Context, orgID, responseID int64) (BuyerProblem, error)
	// DiagnosisPairs returns the latest pairs of reps (by the buyer's
	// answer, newest first) whose buyer answered the problem question with
	// a category and was answered in [from, to), at most limit.
	DiagnosisPairs(ctx context.Context, f DiagnosisPairFilter) ([]DiagnosisPair, error)
	// RecentInteractions returns a rep's interactions that happened at or
	// after since, newest first, with their diagnoses.
	RecentInteractions(ctx context.Context, orgID, repID int64, since time.Time) ([]RecentInteraction, error)
}

// DiagnosisPairFilter selects pairs.
type DiagnosisPairFilter struct {
	OrgID    int64
	RepIDs   []int64 // nil: every rep
	From, To time.Time
	Limit    int
}

// RecentInteraction is one of a rep's recent meetings, for the form where
// they enter their diagnosis.
type RecentInteraction struct {
	Interaction
	Diagnosis  *Diagnosis // nil: none yet
	AnsweredAt time.Time  // when the buyer first sent their answers; zero: not yet
}

// diagnosisDeltas are what a response adds to (sign +1) or takes from
// (sign −1) the diagnosis metric: one pair, matching or not, when the
// buyer named a category and the rep's diagnosis counts.
func diagnosisDeltas(r *Response, d *Diagnosis, p BuyerProblem, tz string, sign int64) []RollupDelta {
	if p.Category == "" || !d.Counts(r.SubmittedAt) {
		return nil
	}
	delta := RollupDelta{OrgID: r.OrgID, RepID: r.RepID, TeamID: r.TeamID, Day: Day(r.SubmittedAt, tz), Metric: MetricResponses, Promoters: sign}
	if d.Category == p.Category {
		delta.Top2 = sign
	}
	return []RollupDelta{delta}
}
