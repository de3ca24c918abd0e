// Package catalog holds the words Trustcard shows buyers — the survey page,
// the survey email and the default survey's questions — in every language
// it ships. Each language is one message file in frontend/locales, named by
// its language tag and read with go-i18n; adding a language is adding a
// file. A buyer's language is matched to the nearest one present with
// golang.org/x/text/language.
//
// Texts are plain text with placeholders ({rep}, {name}, {date}) that the
// caller fills in; they are never run as templates, so no name, comment or
// edited question can become one. The package knows no HTTP and no email:
// api and surveys/mail ask it for words, and cmd hands the default
// questions' texts to the domain.
package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"

	"trustcard/frontend"
	"trustcard/surveys"
)

// English is the language every other file is checked against, and the one
// shown when nothing nearer is present.
const English = "en"

// Catalog is the buyers' words in every language present.
type Catalog struct {
	langs      []string // English first, then by tag
	localizers map[string]*i18n.Localizer
	matcher    language.Matcher
}

// Default is the catalogue embedded in the binary. A broken file fails every
// test and the binary's start, never a page or an email.
var Default = mustLoad(frontend.Locales)

func mustLoad(fsys fs.FS) *Catalog {
	c, err := Load(fsys)
	if err != nil {
		panic(err)
	}
	return c
}

// Load reads every .toml file at the top of fsys, one language each. It
// fails when a file is not named by a language tag, English is missing, or
// a file's keys or placeholders differ from English's.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files := map[string]map[string]string{} // language → key → text
	for _, name := range names {
		lang, texts, err := loadFile(bundle, fsys, name)
		if err != nil {
			return nil, fmt.Errorf("catalog: %s: %w", name, err)
		}
		files[lang] = texts
	}
	if err := agree(files); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return newCatalog(bundle, files), nil
}

// loadFile adds the file name of fsys to bundle and returns its language
// and texts by key.
func loadFile(bundle *i18n.Bundle, fsys fs.FS, name string) (string, map[string]string, error) {
	stem := strings.TrimSuffix(path.Base(name), ".toml")
	if tag, err := language.Parse(stem); err != nil || tag.String() != stem {
		return "", nil, errors.New("name the file by its language tag, such as de.toml or pt-BR.toml")
	}
	file, err := bundle.LoadMessageFileFS(fsys, name)
	if err != nil {
		return "", nil, err
	}
	texts := map[string]string{}
	for _, m := range file.Messages {
		texts[m.ID] = m.Other
	}
	return stem, texts, nil
}

func newCatalog(bundle *i18n.Bundle, files map[string]map[string]string) *Catalog {
	c := &Catalog{localizers: map[string]*i18n.Localizer{}}
	for lang := range files {
		if lang != English {
			c.langs = append(c.langs, lang)
		}
	}
	slices.Sort(c.langs)
	c.langs = append([]string{English}, c.langs...)
	tags := make([]language.Tag, len(c.langs))
	for i, lang := range c.langs {
		tags[i] = language.MustParse(lang)
		c.localizers[lang] = i18n.NewLocalizer(bundle, lang)
	}
	c.matcher = language.NewMatcher(tags)
	return c
}

// Languages are the tags of the languages present, English first.
func (c *Catalog) Languages() []string { return slices.Clone(c.langs) }

// ByLanguage builds a value for every language present with build, such
// as a page's or an email's texts, once.
func ByLanguage[T any](c *Catalog, build func(c *Catalog, lang string) T) map[string]T {
	byLang := make(map[string]T, len(c.langs))
	for _, lang := range c.langs {
		byLang[lang] = build(c, lang)
	}
	return byLang
}

// Text returns the text of key in lang (English for a language not
// present), as written: placeholders are the caller's to fill. It is ""
// for a key English lacks.
func (c *Catalog) Text(lang, key string) string {
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[English]
	}
	// The identity parser hands the text back as written: no text is ever
	// parsed as a template.
	s, _ := l.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateParser: template.IdentityParser{}})
	return s
}

// Scale returns the words of the 1–5 agreement scale in lang, shared by the
// email's tap targets and the survey page.
func (c *Catalog) Scale(lang string) [5]string {
	var s [5]string
	for i := range s {
		s[i] = c.Text(lang, fmt.Sprintf("rating.%d", i+1))
	}
	return s
}

// QuestionTexts are the default survey's questions in every language
// present ([question]), for the domain to word an org's first survey.
func (c *Catalog) QuestionTexts() surveys.QuestionTexts {
	texts := surveys.QuestionTexts{}
	for _, q := range surveys.DefaultQuestions(nil) {
		texts[q.Key] = map[string]string{}
		for _, lang := range c.langs {
			texts[q.Key][lang] = c.Text(lang, "question."+q.Key)
		}
	}
	return texts
}

// Question returns q's text in lang with rep put in. An org's survey keeps
// the texts it was created with; in a language added since, a question
// still worded as the default survey is in English reads the catalogue's
// translation, and any other question reads in English.
func (c *Catalog) Question(q surveys.Question, lang, rep string) string {
	if _, own := q.Texts[lang]; !own {
		key := "question." + q.Key
		if en := q.Texts[English]; en != "" && en == c.Text(English, key) {
			q.Texts = map[string]string{lang: c.Text(lang, key)}
		}
	}
	return q.Text(lang, rep)
}
