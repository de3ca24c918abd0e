package api_test

import (
	"strings"
	"testing"

	"trustcard/api"
)

// No cell leaves NeutralizeCell starting with a formula character, and a
// harmless cell leaves it unchanged.
func FuzzNeutralizeCell(f *testing.F) {
	for _, s := range append(hostile, "", "plain", "'=already", "é=", "💥") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := api.NeutralizeCell(s)
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Errorf("NeutralizeCell(%q) = %q starts with a formula character", s, got)
		}
		if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			if got != s {
				t.Errorf("NeutralizeCell(%q) = %q, want it unchanged", s, got)
			}
		} else if got != "'"+s {
			t.Errorf("NeutralizeCell(%q) = %q, want it prefixed with '", s, got)
		}
	})
}
