package catalog

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"trustcard/frontend"
	"trustcard/surveys"
)

// The embedded files load, which checks that every language has every key
// of English with the same placeholders and no key English lacks.
func TestEmbeddedCatalogue(t *testing.T) {
	c, err := Load(frontend.Locales)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Languages(), []string{"en", "de", "es", "fr"}; !slices.Equal(got, want) {
		t.Errorf("languages %v, want %v", got, want)
	}
}

// Every text reaches the caller exactly as its file has it: placeholders,
// apostrophes and French narrow no-break spaces included.
func TestTextsAsWritten(t *testing.T) {
	for _, lang := range Default.Languages() {
		for key, want := range rawTexts(t, lang) {
			if got := Default.Text(lang, key); got != want {
				t.Errorf("%s %s = %q, want %q", lang, key, got, want)
			}
		}
	}
}

// French puts a narrow no-break space (U+202F), never a plain or a wide
// one, before ? ! : ; — on the page and in the email. The default questions
// are kept word for word as orgs' surveys already store them.
func TestFrenchSpaces(t *testing.T) {
	checked := 0
	for key, text := range rawTexts(t, "fr") {
		if strings.HasPrefix(key, "question.") {
			continue
		}
		for _, bad := range []string{" ", "\u00a0"} {
			for _, mark := range []string{"?", "!", ":", ";"} {
				if strings.Contains(text, bad+mark) {
					t.Errorf("fr %s: %q before %s in %q", key, bad, mark, text)
				}
			}
		}
		checked += strings.Count(text, "\u202f")
	}
	if checked < 10 {
		t.Errorf("only %d narrow no-break spaces in French; some were lost", checked)
	}
}

// rawTexts reads lang's file straight from TOML, without go-i18n.
func rawTexts(t *testing.T, lang string) map[string]string {
	t.Helper()
	var tree map[string]any
	if _, err := toml.DecodeFS(frontend.Locales, lang+".toml", &tree); err != nil {
		t.Fatal(err)
	}
	flat := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				walk(strings.TrimPrefix(prefix+"."+k, "."), child)
			}
		case string:
			flat[prefix] = v
		default:
			t.Fatalf("%s.toml: %s is a %T", lang, prefix, v)
		}
	}
	walk("", tree)
	return flat
}

// locales is a small catalogue: English, plus files.
func locales(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"en.toml": {Data: []byte(`
[page]
title = "How was your conversation with {rep}?"
until = "Until {date}."
`)}}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// A language is added by adding its file: it is listed, matched and read.
func TestNewLanguageFile(t *testing.T) {
	c, err := Load(locales(map[string]string{
		"it.toml":    "[page]\ntitle = \"Com'è andato il colloquio con {rep}?\"\nuntil = \"Fino al {date}.\"\n",
		"pt-BR.toml": "[page]\ntitle = \"Como foi sua conversa com {rep}?\"\nuntil = \"Até {date}.\"\n",
		"README.md":  "not a language",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Languages(), []string{"en", "it", "pt-BR"}; !slices.Equal(got, want) {
		t.Errorf("languages %v, want %v", got, want)
	}
	if got := c.Text("it", "page.title"); got != "Com'è andato il colloquio con {rep}?" {
		t.Errorf("it page.title = %q", got)
	}
	for _, m := range []struct{ got, want string }{
		{first(c.Match("it-CH")), "it"}, {first(c.Match("pt")), "pt-BR"}, {first(c.Match("pt-PT")), "pt-BR"},
		{first(c.MatchAccept("de, it;q=0.8, en;q=0.5")), "it"}, {first(c.Match("de")), "en"},
	} {
		if m.got != m.want {
			t.Errorf("matched %q, want %q", m.got, m.want)
		}
	}
}

func first(lang string, _ bool) string { return lang }

// A file that does not agree with English fails the load, naming the file,
// the key and what is wrong.
func TestLoadRefuses(t *testing.T) {
	ok := "[page]\ntitle = \"Wie war Ihr Gespräch mit {rep}?\"\nuntil = \"Bis {date}.\"\n"
	cases := []struct {
		name  string
		fsys  fs.FS
		wants []string
	}{
		{"MissingKey", locales(map[string]string{"de.toml": "[page]\ntitle = \"Wie war es mit {rep}?\"\n"}), []string{"de.toml lacks page.until"}},
		{"ExtraKey", locales(map[string]string{"de.toml": ok + "extra = \"Mehr\"\n"}), []string{"de.toml: page.extra is not in en.toml"}},
		{"LostPlaceholder", locales(map[string]string{"de.toml": strings.Replace(ok, "{rep}", "Ihrem Berater", 1)}),
			[]string{"de.toml: page.title has placeholders [] where en.toml has [{rep}]"}},
		{"RenamedPlaceholder", locales(map[string]string{"de.toml": strings.Replace(ok, "{date}", "{datum}", 1)}),
			[]string{"page.until has placeholders [{datum}] where en.toml has [{date}]"}},
		{"Template", locales(map[string]string{"de.toml": strings.Replace(ok, "{rep}", "{rep} {{.Name}}", 1)}),
			[]string{"de.toml: page.title has {{: texts are plain text"}},
		{"Empty", locales(map[string]string{"de.toml": strings.Replace(ok, "Bis {date}.", "", 1)}), []string{"de.toml: page.until is empty"}},
		{"NotATag", locales(map[string]string{"german.toml": ok}), []string{"german.toml: name the file by its language tag"}},
		{"NotCanonical", locales(map[string]string{"pt_BR.toml": ok}), []string{"pt_BR.toml: name the file by its language tag"}},
		{"BrokenTOML", locales(map[string]string{"de.toml": "[page\n"}), []string{"de.toml:"}},
		{"NoEnglish", fstest.MapFS{"de.toml": {Data: []byte(ok)}}, []string{"en.toml is missing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.fsys)
			for _, want := range c.wants {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("Load: %v, want an error with %q", err, want)
				}
			}
		})
	}
}

// The stored locale, a ?lang= choice and Accept-Language find the nearest
// language present; what matches none is English, and says so.
func TestMatch(t *testing.T) {
	cases := []struct {
		match, accept string
		want          string
		ok            bool
	}{
		{match: "de", want: "de", ok: true},
		{match: "de-AT", want: "de", ok: true},
		{match: "DE_at", want: "de", ok: true},
		{match: "gsw", want: "de", ok: true}, // Swiss German reads German
		{match: "xx", want: "en"},
		{match: "", want: "en"},
		{match: "ja", want: "en"},
		{accept: "fr-CH, fr;q=0.9, en;q=0.8", want: "fr", ok: true},
		{accept: "en;q=0.2, es-MX;q=0.7, ja", want: "es", ok: true},
		{accept: "en;q=0.5, de-AT;q=0.8, ja", want: "de", ok: true},
		{accept: "xx, zz-ZZ, de;q=0.5", want: "de", ok: true}, // unknown entries are passed over
		{accept: "de;q=abc, fr;q=0.2", want: "fr", ok: true},
		{accept: "de;q=0", want: "en"},
		{accept: "ja, zh", want: "en"},
		{accept: "", want: "en"},
	}
	for _, c := range cases {
		got, ok := Default.Match(c.match)
		if c.accept != "" || c.match == "" {
			got, ok = Default.MatchAccept(c.accept)
		}
		if got != c.want || ok != c.ok {
			t.Errorf("%q %q: %q %v, want %q %v", c.match, c.accept, got, ok, c.want, c.ok)
		}
	}
}

// The default survey is worded in every language, in English as the
// product specification has it.
func TestQuestionTexts(t *testing.T) {
	texts := Default.QuestionTexts()
	for _, q := range surveys.DefaultQuestions(nil) {
		for _, lang := range Default.Languages() {
			if text := texts[q.Key][lang]; strings.Count(text, "{rep}") != 1 {
				t.Errorf("%s %s = %q, want one {rep}", lang, q.Key, text)
			}
		}
	}
	if got, want := texts[surveys.QRecommend]["en"], "How likely are you to recommend {rep} to a colleague?"; got != want {
		t.Errorf("en recommend = %q, want %q", got, want)
	}
}

// A survey created before a language was added reads its default
// questions in that language from the catalogue; its own and reworded
// questions stay as the survey has them.
func TestQuestionInNewLanguage(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"en.toml": {Data: []byte("[question]\nunderstood = \"{rep} understood.\"\n")},
		"it.toml": {Data: []byte("[question]\nunderstood = \"{rep} ha capito.\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	q := func(texts map[string]string) surveys.Question {
		return surveys.Question{Key: surveys.QUnderstood, Kind: surveys.KindRating, Texts: texts}
	}
	cases := []struct {
		q          surveys.Question
		lang, want string
	}{
		{q(map[string]string{"en": "{rep} understood.", "de": "{rep} verstand."}), "it", "Ann ha capito."},
		{q(map[string]string{"en": "{rep} understood.", "de": "{rep} verstand."}), "de", "Ann verstand."},
		{q(map[string]string{"en": "{rep} got what I needed."}), "it", "Ann got what I needed."},
		{q(map[string]string{"en": "{rep} understood.", "it": "{rep} mi ha capito."}), "it", "Ann mi ha capito."},
		{surveys.Question{Key: "budget", Texts: map[string]string{"en": "{rep} kept to budget."}}, "it", "Ann kept to budget."},
	}
	for _, tc := range cases {
		if got := c.Question(tc.q, tc.lang, "Ann"); got != tc.want {
			t.Errorf("%v in %s = %q, want %q", tc.q.Texts, tc.lang, got, tc.want)
		}
	}
}

// Scale is the 1–5 agreement scale in order.
func TestScale(t *testing.T) {
	got := fmt.Sprint(Default.Scale("de"))
	if want := "[stimme überhaupt nicht zu stimme nicht zu teils, teils stimme zu stimme voll und ganz zu]"; got != want {
		t.Errorf("de scale %s, want %s", got, want)
	}
	if en := Default.Scale("xx"); en != Default.Scale("en") {
		t.Errorf("an absent language's scale is %v, want English's", en)
	}
}
