package api

import (
	"strconv"
	"strings"

	"trustcard/surveys"
)

// excludedNote says how many responses the integrity rules took out of a
// score and why, in tx's words; "" when none were.
func excludedNote(e surveys.Excluded, tx appTexts) string {
	if e.N == 0 {
		return ""
	}
	words := map[string]string{surveys.FlagOwnDomain: tx.FlagOwnDomain, surveys.FlagRepSignedIn: tx.FlagRepSignedIn,
		surveys.FlagSameClient: tx.FlagSameClient, surveys.FlagRepeatedComment: tx.FlagRepeated}
	var reasons []string
	for _, f := range surveys.Flags {
		if n := e.ByFlag[f]; n > 0 {
			reasons = append(reasons, words[f]+" "+strconv.FormatInt(n, 10))
		}
	}
	return fillIn(tx.Excluded, "n", strconv.FormatInt(e.N, 10), "reasons", strings.Join(reasons, "; "))
}
