package reports

import (
	"fmt"
	"strings"

	"trustcard/surveys"
)

// flagWords are the integrity flags as a card names them.
var flagWords = map[string]string{
	surveys.FlagOwnDomain:       "buyer's address in the company's own domain",
	surveys.FlagRepSignedIn:     "answered from the rep's own signed-in browser",
	surveys.FlagSameClient:      "one browser answered for three or more buyers",
	surveys.FlagRepeatedComment: "comment repeats another buyer's word for word",
}

// excludedNote says how many responses the org's integrity rules took out
// of the figures and why; "" when none were.
func excludedNote(e surveys.Excluded) string {
	if e.N == 0 {
		return ""
	}
	var reasons []string
	for _, f := range surveys.Flags {
		if n := e.ByFlag[f]; n > 0 {
			reasons = append(reasons, fmt.Sprintf("%s %d", flagWords[f], n))
		}
	}
	return fmt.Sprintf("Responses excluded from these figures by the org's integrity rules: %d (%s).", e.N, strings.Join(reasons, "; "))
}

// excludedInteractionsNote says how many interactions an admin excluded
// from surveying, each with a reason on the record; "" when none.
func excludedInteractionsNote(f surveys.Funnel) string {
	n := f.Suppressed[surveys.ReasonExcluded]
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" Excluded from surveying by an admin, each with a reason on the record and within the org's cap per quarter: %d.", n)
}
