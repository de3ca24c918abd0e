package catalog

import (
	"slices"
	"testing"
)

// Any Accept-Language header, however malformed, matches a language
// present, and one that names a present language first matches it.
func FuzzMatchAccept(f *testing.F) {
	for _, s := range []string{"de-AT,de;q=0.9,en;q=0.8", "fr-CH, fr;q=0.9, *;q=0.5", "", "*", "xx;q=2", ";q=", "es;q=0.1,de;q=0.1",
		"en-US;q=1.0000", "gsw", "zh-Hant-TW", strings100()} {
		f.Add(s)
	}
	langs := Default.Languages()
	f.Fuzz(func(t *testing.T, header string) {
		got, _ := Default.MatchAccept(header)
		if !slices.Contains(langs, got) {
			t.Fatalf("MatchAccept(%q) = %q, not one of %v", header, got, langs)
		}
		for _, l := range langs {
			if got, ok := Default.MatchAccept(l + "," + header); !ok || got != l {
				t.Errorf("MatchAccept(%q) = %q, %v; want %q first", l+","+header, got, ok, l)
			}
		}
	})
}

func strings100() string {
	s := "en"
	for range 100 {
		s += ",de;q=0.5"
	}
	return s
}
