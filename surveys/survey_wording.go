package surveys

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Bounds of a question's text, in characters.
const (
	MinQuestionLen = 3
	MaxQuestionLen = 300
)

// RepPlaceholder stands for the rep's first name in a question's text.
const RepPlaceholder = "{rep}"

// braces finds what looks like a placeholder or a template: anything in
// braces, and a lone brace.
var braces = regexp.MustCompile(`\{[^{}]*\}|[{}]`)

// WordQuestions returns base's questions worded by texts (question key →
// language → text). Only the wording changes: keys, kinds and which
// questions count toward trust are the score's definition and are taken
// from base. Every question needs English; another language left empty
// falls back to English (or, for a question still worded as the default
// survey, to the default's translation). langs are the languages a survey
// may be worded in. EINVALID naming "questions.<key>.<lang>".
func WordQuestions(base []Question, texts QuestionTexts, langs []string) ([]Question, error) {
	for key := range texts {
		if !slices.ContainsFunc(base, func(q Question) bool { return q.Key == key }) {
			return nil, Errorf(EINVALID, "questions."+key, "is not a question of this survey; its questions are fixed")
		}
	}
	out := make([]Question, len(base))
	for i, q := range base {
		q.Texts = map[string]string{}
		for _, lang := range slices.Sorted(maps.Keys(texts[q.Key])) {
			field := "questions." + q.Key + "." + lang
			if !slices.Contains(langs, lang) {
				return nil, Errorf(EINVALID, field, "is not a language of the survey; use one of %s", strings.Join(langs, ", "))
			}
			text, err := checkQuestionText(field, texts[q.Key][lang])
			if err != nil {
				return nil, err
			}
			if text != "" {
				q.Texts[lang] = text
			}
		}
		if q.Texts["en"] == "" {
			return nil, Errorf(EINVALID, "questions."+q.Key+".en", "is required: English is what other languages fall back to")
		}
		out[i] = q
	}
	return out, nil
}

// checkQuestionText trims and checks one text: plain text of bounded
// length on one line, with {rep} as its only placeholder and nothing that
// reads as a template.
func checkQuestionText(field, text string) (string, error) {
	if err := checkText(field, &text, MaxQuestionLen, false, false); err != nil || text == "" {
		return text, err
	}
	if n := utf8.RuneCountInString(text); n < MinQuestionLen {
		return "", Errorf(EINVALID, field, "must be at least %d characters", MinQuestionLen)
	}
	if strings.Contains(text, "{{") || strings.Contains(text, "}}") {
		return "", Errorf(EINVALID, field, "must be plain text: {{ and }} are not allowed; write {rep} for the rep's first name")
	}
	for _, m := range braces.FindAllString(text, -1) {
		if m != RepPlaceholder {
			return "", Errorf(EINVALID, field, "has %q: the only placeholder is {rep}, the rep's first name", m)
		}
	}
	return text, nil
}

// SameWording reports whether two versions' questions read the same.
func SameWording(a, b []Question) bool {
	return slices.EqualFunc(a, b, func(x, y Question) bool {
		return x.Key == y.Key && maps.Equal(x.Texts, y.Texts)
	})
}
