package api

import (
	"reflect"
	"testing"

	"trustcard/surveys"
)

// Every language fills every text of the survey page.
func TestSurveyCatalogueComplete(t *testing.T) {
	for _, l := range surveys.Locales {
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
