package surveys

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// checkText trims *s and checks it: valid UTF-8, no control characters
// (newlines too unless multiline), at most max characters, and present
// when required. The error names field.
func checkText(field string, s *string, max int, required, multiline bool) error {
	*s = strings.TrimSpace(*s)
	switch {
	case !utf8.ValidString(*s):
		return Errorf(EINVALID, field, "is not valid UTF-8")
	case required && *s == "":
		return Errorf(EINVALID, field, "is required")
	case utf8.RuneCountInString(*s) > max:
		return Errorf(EINVALID, field, "must be at most %d characters", max)
	}
	for _, r := range *s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			return Errorf(EINVALID, field, "must not contain control characters")
		}
	}
	return nil
}

// clipText is s on one line — control characters and runs of spaces
// become one space — cut to at most n bytes of valid UTF-8.
func clipText(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "")
	}
	return s
}
