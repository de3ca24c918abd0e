package surveys

import (
	"maps"
	"strings"
	"time"
)

// QuestionKind is how a question is answered.
type QuestionKind string

// Question kinds.
const (
	KindRating QuestionKind = "rating" // 1–5, strongly disagree … strongly agree
	KindScale  QuestionKind = "scale"  // 0–10, likelihood to recommend
	KindText   QuestionKind = "text"   // free text, at most MaxCommentLen
)

// MaxCommentLen bounds a buyer's comment, in characters.
const MaxCommentLen = 2000

// Question is one item of a survey. Texts are plain text keyed by locale,
// with {rep} standing for the rep's first name — never a template language.
type Question struct {
	Key   string
	Kind  QuestionKind
	Trust bool // counts toward the trust value
	Texts map[string]string
	// NotApplicable offers "it didn't come up", stored as 0: an answer
	// that counts in neither the trust value nor the question's result.
	NotApplicable bool `json:",omitempty"`
}

// Range returns the lowest and highest answer of a rating or scale question.
func (q Question) Range() (lo, hi int) {
	if q.Kind == KindScale {
		return 0, 10
	}
	return 1, 5
}

// Text returns the question in locale (English when missing) for rep.
func (q Question) Text(locale, repFirstName string) string {
	t, ok := q.Texts[locale]
	if !ok {
		t = q.Texts["en"]
	}
	return strings.ReplaceAll(t, "{rep}", repFirstName)
}

// TemplateVersion is one immutable version of an org's survey. Answers
// point at the version that was asked.
type TemplateVersion struct {
	ID        int64
	OrgID     int64
	Version   int
	Name      string
	Questions []Question
	CreatedAt time.Time
}

// Question returns the question with key, if any.
func (v *TemplateVersion) Question(key string) (Question, bool) {
	for _, q := range v.Questions {
		if q.Key == key {
			return q, true
		}
	}
	return Question{}, false
}

// The default survey's question keys.
const (
	QUnderstood = "understood"
	QDiagnosed  = "diagnosed"
	QInterest   = "interest"
	QPrepared   = "prepared"
	QFitHonesty = "fit_honesty" // honest about whether the product fitted; may not have come up
	QRecommend  = "recommend"
	QComment    = "comment"
)

// QuestionTexts word questions: by question key, then by language, plain
// text with {rep} for the rep's first name. The default survey's wording is
// the product's message catalogue, which the domain does not read: it is
// handed in where the Service is built.
type QuestionTexts map[string]map[string]string

// DefaultQuestions is the "Trust check" survey worded by texts; a question
// texts lack has no wording (nil: the questions for their keys only).
func DefaultQuestions(texts QuestionTexts) []Question {
	qs := []Question{
		{Key: QUnderstood, Kind: KindRating, Trust: true},
		{Key: QDiagnosed, Kind: KindRating, Trust: true},
		{Key: QInterest, Kind: KindRating, Trust: true},
		{Key: QPrepared, Kind: KindRating, Trust: true},
		{Key: QFitHonesty, Kind: KindRating, Trust: true, NotApplicable: true},
		{Key: QRecommend, Kind: KindScale},
		{Key: QComment, Kind: KindText},
	}
	for i := range qs {
		qs[i].Texts = maps.Clone(texts[qs[i].Key])
	}
	return qs
}

// TrustValue is the trust value of ratings answered to v: the mean of its
// trust items on 0–100, or nil when none was answered.
func (v *TemplateVersion) TrustValue(ratings map[string]int) *float64 {
	var trust []int
	for key, r := range ratings {
		if q, ok := v.Question(key); ok && q.Trust {
			trust = append(trust, r)
		}
	}
	if t, ok := TrustValue(trust); ok {
		return &t
	}
	return nil
}
