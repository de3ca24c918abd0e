package api

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"trustcard/frontend"
	"trustcard/surveys/catalog"
)

// Every language of the catalogue fills every text of the survey page.
func TestSurveyCatalogueComplete(t *testing.T) {
	for _, l := range catalog.Default.Languages() {
		tx, ok := surveyCatalogue[l]
		if !ok {
			t.Errorf("no survey texts for %s", l)
			continue
		}
		v := reflect.ValueOf(tx)
		for i := range v.NumField() {
			f := v.Field(i)
			empty := f.IsZero()
			if f.Kind() == reflect.Array {
				for j := range f.Len() {
					empty = empty || f.Index(j).IsZero()
				}
			}
			if empty {
				t.Errorf("%s: %s is empty", l, v.Type().Field(i).Name)
			}
		}
	}
}

// A language file added to the catalogue gives the page its words and a
// place in the switcher.
func TestSurveyNewLanguage(t *testing.T) {
	files := fstest.MapFS{}
	for _, name := range []string{"en.toml", "de.toml"} {
		b, err := fs.ReadFile(frontend.Locales, name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: b}
	}
	en := string(files["en.toml"].Data)
	it := strings.NewReplacer(`name = "English"`, `name = "Italiano"`,
		`"How was your conversation with {rep}?"`, `"Com'è andato il colloquio con {rep}?"`).Replace(en)
	files["it.toml"] = &fstest.MapFile{Data: []byte(it)}
	c, err := catalog.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	texts := catalog.ByLanguage(c, newSurveyTexts)
	if got := texts["it"]; got.LangName != "Italiano" || got.Title != "Com'è andato il colloquio con {rep}?" {
		t.Errorf("it: %q, %q", got.LangName, got.Title)
	}
	if len(texts) != 3 || texts["de"].LangName != "Deutsch" {
		t.Errorf("languages: %d, de %q", len(texts), texts["de"].LangName)
	}
}

// Accept-Language is read by its q-values; unsupported languages are passed over.
func TestPageLanguage(t *testing.T) {
	cases := []struct{ chosen, buyer, accept, want string }{
		{"", "", "", "en"},
		{"", "", "fr-CH, fr;q=0.9, en;q=0.8", "fr"},
		{"", "", "en;q=0.2, es-MX;q=0.7, ja", "es"},
		{"", "de", "fr", "de"},
		{"es", "de", "fr", "es"},
		{"xx", "", "de;q=0", "en"},
	}
	for _, c := range cases {
		if got := pageLanguage(c.chosen, c.buyer, c.accept); got != c.want {
			t.Errorf("pageLanguage(%q, %q, %q) = %q, want %q", c.chosen, c.buyer, c.accept, got, c.want)
		}
	}
}
