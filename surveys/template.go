package surveys

import (
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
	QRecommend  = "recommend"
	QComment    = "comment"
)

// DefaultQuestions is the "Trust check" survey.
func DefaultQuestions() []Question {
	return []Question{
		{Key: QUnderstood, Kind: KindRating, Trust: true, Texts: map[string]string{
			"en": "{rep} understood what I actually needed.",
			"de": "{rep} hat verstanden, was ich wirklich brauchte.",
			"fr": "{rep} a compris ce dont j'avais réellement besoin.",
			"es": "{rep} entendió lo que realmente necesitaba.",
		}},
		{Key: QDiagnosed, Kind: KindRating, Trust: true, Texts: map[string]string{
			"en": "{rep} asked about my situation before proposing anything.",
			"de": "{rep} hat nach meiner Situation gefragt, bevor etwas vorgeschlagen wurde.",
			"fr": "{rep} s'est renseigné(e) sur ma situation avant de proposer quoi que ce soit.",
			"es": "{rep} preguntó por mi situación antes de proponer nada.",
		}},
		{Key: QInterest, Kind: KindRating, Trust: true, Texts: map[string]string{
			"en": "{rep} put my interests ahead of making a sale.",
			"de": "{rep} hat meine Interessen über den Verkauf gestellt.",
			"fr": "{rep} a fait passer mes intérêts avant la vente.",
			"es": "{rep} antepuso mis intereses a cerrar una venta.",
		}},
		{Key: QPrepared, Kind: KindRating, Trust: true, Texts: map[string]string{
			"en": "{rep} came prepared and knew my business.",
			"de": "{rep} war gut vorbereitet und kannte mein Geschäft.",
			"fr": "{rep} était bien préparé(e) et connaissait mon activité.",
			"es": "{rep} vino preparado/a y conocía mi negocio.",
		}},
		{Key: QRecommend, Kind: KindScale, Texts: map[string]string{
			"en": "How likely are you to recommend {rep} to a colleague?",
			"de": "Wie wahrscheinlich ist es, dass Sie {rep} einem Kollegen empfehlen?",
			"fr": "Quelle est la probabilité que vous recommandiez {rep} à un collègue ?",
			"es": "¿Qué probabilidad hay de que recomiende a {rep} a un colega?",
		}},
		{Key: QComment, Kind: KindText, Texts: map[string]string{
			"en": "What is one thing {rep} could do better?",
			"de": "Was könnte {rep} besser machen?",
			"fr": "Qu'est-ce que {rep} pourrait faire mieux ?",
			"es": "¿Qué podría hacer mejor {rep}?",
		}},
	}
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

// RatingLabels are the words of the 1–5 agreement scale by language, shared
// by the email's tap targets and the survey page.
var RatingLabels = map[string][5]string{
	"en": [5]string{"strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"},
	"de": [5]string{"stimme überhaupt nicht zu", "stimme nicht zu", "teils, teils", "stimme zu", "stimme voll und ganz zu"},
	"fr": [5]string{"pas du tout d'accord", "pas d'accord", "ni d'accord ni pas d'accord", "d'accord", "tout à fait d'accord"},
	"es": [5]string{"totalmente en desacuerdo", "en desacuerdo", "ni de acuerdo ni en desacuerdo", "de acuerdo", "totalmente de acuerdo"},
}
