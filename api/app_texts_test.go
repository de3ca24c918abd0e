package api

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// Every language fills every word of the charts and the period picker.
func TestAppCatalogueComplete(t *testing.T) {
	for _, l := range []string{"en", "de", "fr", "es"} {
		if _, ok := appCatalogue[l]; !ok {
			t.Errorf("no app texts for %s", l)
		}
	}
	for _, field := range blankTexts(reflect.ValueOf(appCatalogue), "appCatalogue") {
		t.Errorf("%s is empty", field)
	}
	if got := appTextsFor("de-AT").ThisYear; got != "Dieses Jahr" {
		t.Errorf("de-AT: %q, want German", got)
	}
	if got := appTextsFor("ja").ThisYear; got != "This year" {
		t.Errorf("ja: %q, want English", got)
	}
}

// A value holding a placeholder is kept as it is.
func TestFillInOnePass(t *testing.T) {
	got := fillIn("{title}, from {first}", "title", "Rep {first}", "first", "71")
	if want := "Rep {first}, from 71"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Counts stay short enough for a chart's column; decimals follow the
// language.
func TestCountAndNumber(t *testing.T) {
	en, de, fr := appTextsFor("en"), appTextsFor("de"), appTextsFor("fr")
	cases := []struct {
		tx   appTexts
		n    int64
		want string
	}{
		{en, 0, "0"}, {en, 999, "999"}, {en, 1000, "1.0k"}, {en, 1299, "1.2k"}, {de, 1299, "1,2k"},
		{en, 9999, "9.9k"}, {en, 10_000, "10k"}, {en, 99_999, "99k"}, {en, 123_456, "0.1M"}, {en, 1_250_000, "1.2M"},
		{fr, 2_000_000, "2,0M"}, {en, 12_345_678, "12M"},
	}
	for _, c := range cases {
		if got := c.tx.count(c.n); got != c.want {
			t.Errorf("count(%d) in %s = %q, want %q", c.n, c.tx.Decimal, got, c.want)
		}
	}
	if got := de.number(4.25, 1); got != "4,2" {
		t.Errorf("de 4.25 = %q, want 4,2 (as strconv rounds)", got)
	}
}

// A range names only what its two days do not share.
func TestRangeLabel(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	cases := []struct{ lang, from, to, want string }{
		{"en", "2026-10-01", "2026-12-31", "1 Oct – 31 Dec 2026"},
		{"en", "2026-12-01", "2026-12-15", "1 – 15 Dec 2026"},
		{"en", "2026-01-01", "2026-01-01", "1 Jan 2026"},
		{"en", "2025-11-01", "2026-01-31", "1 Nov 2025 – 31 Jan 2026"},
		{"de", "2026-10-01", "2026-12-31", "1. Okt – 31. Dez 2026"},
		{"fr", "2026-02-01", "2026-02-28", "1 – 28 févr. 2026"},
		{"es", "2026-03-02", "2026-04-05", "2 mar – 5 abr 2026"},
	}
	for _, c := range cases {
		if got := appTextsFor(c.lang).rangeLabel(day(c.from), day(c.to)); got != c.want {
			t.Errorf("%s %s…%s: %q, want %q", c.lang, c.from, c.to, got, c.want)
		}
	}
}

// blankTexts names the empty strings in v, texts in structs, arrays and
// maps; path names v.
func blankTexts(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return []string{path}
		}
	case reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, blankTexts(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Map:
		var out []string
		for _, k := range v.MapKeys() {
			out = append(out, blankTexts(v.MapIndex(k), fmt.Sprintf("%s[%q]", path, k.String()))...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			out = append(out, blankTexts(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
		return out
	}
	return nil
}
