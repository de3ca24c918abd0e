package surveys

import "testing"

// A buyer's locale must read as a language tag; which languages there are
// is the message catalogue's to say, before the domain sees it.
func TestValidLocale(t *testing.T) {
	for s, want := range map[string]bool{
		"de": true, "de-AT": true, "pt-BR": true, "zh-Hant-TW": true, "gsw": true, "es-419": true,
		"": false, "d": false, "de_AT": false, "de-": false, "-de": false, "d3": false, "de-toolongsub": false,
		"de AT": false, "<b>": false, "dé": false,
	} {
		if got := validLocale(s); got != want {
			t.Errorf("validLocale(%q) = %v, want %v", s, got, want)
		}
	}
}
