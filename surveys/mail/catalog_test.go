package mail

import (
	"reflect"
	"strings"
	"testing"

	"trustcard/surveys/catalog"
)

// Every language of the catalogue has every string, and the placeholders each
// string needs.
func TestCatalogueComplete(t *testing.T) {
	for _, locale := range catalog.Default.Languages() {
		tx, ok := catalogue[locale]
		if !ok {
			t.Errorf("catalogue lacks %q", locale)
			continue
		}
		v := reflect.ValueOf(tx)
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			switch f := v.Field(i); f.Kind() {
			case reflect.String:
				if f.String() == "" {
					t.Errorf("%s.%s is empty", locale, name)
				}
			case reflect.Array:
				for j := range f.Len() {
					if f.Index(j).String() == "" {
						t.Errorf("%s.%s[%d] is empty", locale, name, j)
					}
				}
			}
		}
		for _, c := range []struct{ field, s, placeholder string }{
			{"Subject", tx.Subject, "{rep}"}, {"Intro", tx.Intro, "{rep}"}, {"Greeting", tx.Greeting, "{name}"},
		} {
			if got, want := strings.Count(c.s, c.placeholder), 1; got != want {
				t.Errorf("%s.%s has %d %s, want %d", locale, c.field, got, c.placeholder, want)
			}
		}
	}
}
