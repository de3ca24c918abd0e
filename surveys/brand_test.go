package surveys_test

import (
	"strings"
	"testing"

	"trustcard/surveys"
)

// The accent is refused unless white text on it, and it as text on white,
// reach WCAG AA's 4.5:1; a refusal names the contrast and a darker shade
// that passes.
func TestAccentContrast(t *testing.T) {
	for _, tt := range []struct {
		in, want string // want: the stored colour, or what the refusal says
		ok       bool
	}{
		{"#0F766E", "#0f766e", true},
		{" #1d4ed8 ", "#1d4ed8", true},
		{"#767676", "#767676", true}, // 4.54:1, just passes
		{"#777777", "4.5:1", false},  // 4.48:1, just fails
		{"#7dd3fc", "contrast of 1.7:1", false},
		{"#7dd3fc", "nearest darker shade that passes is #", false},
		{"#ffff00", "#", false},
		{"teal", "#rrggbb", false},
		{"#12345", "#rrggbb", false},
	} {
		s := surveys.DefaultSettings()
		s.Accent = tt.in
		err := s.Validate()
		switch {
		case tt.ok && (err != nil || s.Accent != tt.want):
			t.Errorf("%q: accent %q, err %v; want %q", tt.in, s.Accent, err, tt.want)
		case !tt.ok && (surveys.ErrorCode(err) != surveys.EINVALID || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: err %v; want it refused saying %q", tt.in, err, tt.want)
		}
	}
}

// The shade a refusal suggests passes itself.
func TestAccentSuggestionPasses(t *testing.T) {
	for _, c := range []string{"#7dd3fc", "#ffff00", "#ffffff", "#fb923c"} {
		s := surveys.DefaultSettings()
		s.Accent = c
		err := s.Validate()
		_, suggestion, ok := strings.Cut(err.Error(), "passes is ")
		if !ok {
			t.Fatalf("%s: %v suggests nothing", c, err)
		}
		s.Accent = suggestion
		if err := s.Validate(); err != nil {
			t.Errorf("%s: the suggestion %s fails: %v", c, suggestion, err)
		}
	}
}
