package api

import (
	"strings"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// surveyEditorPage is the view model of /app/admin/survey: every question
// in every language, and the previews of the page and the email.
type surveyEditorPage struct {
	Version     int  // the version new invitations get
	NextVersion int  // the version saving makes
	Stored      bool // false: the org has no stored survey yet (the default)
	Draft       bool // the admin has unsaved changes
	Questions   []editorQuestion
	Languages   []editorLanguage
	Lang        string // the previews' language
	Notice      string // what the last action did
	Error       string // why the last action was refused
	Email       string // where a test email goes
	Preview     editorPreview
}

// editorQuestion is one question with a field per language.
type editorQuestion struct {
	Key, Kind string
	Trust     bool
	Fields    []editorField
}

// editorField is one question's text in one language.
type editorField struct {
	Name, ID       string // the form field's name and id
	Lang, LangName string
	Value          string
	Required       bool
	Fallback       string // what buyers read while the field is empty
	Error          string
}

type editorLanguage struct {
	Code, Name string
	Current    bool
}

// editorPreview are the sandboxed frames' addresses.
type editorPreview struct {
	Page, Email string
}

// fieldName is a question's form field in lang.
func fieldName(key, lang string) string { return "q." + key + "." + lang }

// newEditorQuestions lays out qs with a field per language, the texts in
// texts (as typed, when the form was refused), and the error on field.
func newEditorQuestions(qs []surveys.Question, texts surveys.QuestionTexts, langs []string, errField, errMsg string) []editorQuestion {
	out := make([]editorQuestion, 0, len(qs))
	for _, q := range qs {
		eq := editorQuestion{Key: q.Key, Kind: kindLabel(q.Kind), Trust: q.Trust}
		for _, lang := range langs {
			f := editorField{Name: fieldName(q.Key, lang), ID: "q-" + q.Key + "-" + lang, Lang: lang,
				LangName: surveyCatalogue[lang].LangName, Value: texts[q.Key][lang], Required: lang == catalog.English}
			if f.Value == "" && !f.Required {
				f.Fallback = fallbackNote(q, lang)
			}
			if errField == "questions."+q.Key+"."+lang || (errField == "questions."+q.Key && lang == catalog.English) {
				f.Error = errMsg
			}
			eq.Fields = append(eq.Fields, f)
		}
		out = append(out, eq)
	}
	return out
}

// fallbackNote says what a buyer reading lang sees of q while it has no
// text of its own: the default survey's translation, or the English.
func fallbackNote(q surveys.Question, lang string) string {
	shown := catalog.Default.Question(q, lang, "{rep}")
	if shown == q.Texts[catalog.English] {
		return "Empty: buyers reading " + surveyCatalogue[lang].LangName + " see the English text."
	}
	return "Empty: buyers reading " + surveyCatalogue[lang].LangName + " see the default translation, " + quote(shown)
}

func quote(s string) string { return "“" + strings.TrimSpace(s) + "”." }

// kindLabel says how a question is answered.
func kindLabel(k surveys.QuestionKind) string {
	switch k {
	case surveys.KindScale:
		return "scale 0–10"
	case surveys.KindText:
		return "free text"
	}
	return "rating 1–5"
}

// editorLanguages are the survey's languages with lang marked.
func editorLanguages(langs []string, lang string) []editorLanguage {
	out := make([]editorLanguage, len(langs))
	for i, l := range langs {
		out[i] = editorLanguage{Code: l, Name: surveyCatalogue[l].LangName, Current: l == lang}
	}
	return out
}
