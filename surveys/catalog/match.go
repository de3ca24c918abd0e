package catalog

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// Match returns the language present nearest to locale (a buyer's stored
// locale, or one chosen on the page: "de-AT" finds "de"), and whether any
// is near; English when none is.
func (c *Catalog) Match(locale string) (string, bool) {
	if _, ok := c.localizers[locale]; ok { // stored locales are languages present
		return locale, true
	}
	tag, err := language.Parse(locale)
	if err != nil {
		return English, false
	}
	return c.match(tag)
}

// MatchAccept returns the language present that an Accept-Language header
// prefers most, and whether any matched; English when none did. Entries
// that do not parse are passed over, not the whole header.
func (c *Catalog) MatchAccept(header string) (string, bool) {
	type pref struct {
		tag language.Tag
		q   float32
	}
	var prefs []pref
	for entry := range strings.SplitSeq(header, ",") {
		// A q-value above 1 is malformed (RFC 9110), though x/text takes it.
		if tags, qs, err := language.ParseAcceptLanguage(entry); err == nil && len(tags) == 1 && qs[0] <= 1 {
			prefs = append(prefs, pref{tags[0], qs[0]})
		}
	}
	// Highest q-value first; on a tie, the one listed first.
	slices.SortStableFunc(prefs, func(a, b pref) int { return cmp.Compare(b.q, a.q) })
	tags := make([]language.Tag, len(prefs))
	for i, p := range prefs {
		tags[i] = p.tag
	}
	return c.match(tags...)
}

func (c *Catalog) match(tags ...language.Tag) (string, bool) {
	_, i, conf := c.matcher.Match(tags...)
	return c.langs[i], conf != language.No
}
