package api_test

import (
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// The method page works the figures by outcome, the good losses and the
// promise score through with the numbers the scoring code computes.
func TestTrustScorePageOutcomes(t *testing.T) {
	env := apitest.MustStart(t, storetest.Drivers[0])
	apitest.Run(t, env, []apitest.Scenario{
		{Name: "ShowsOutcomeExample", Method: "GET", Path: "/trust-score", WantStatus: 200,
			WantContains: []string{`id="by-outcome"`, "didn&#39;t come up",
				"<dt>Won</dt><dd>n = 3, raw 86.67; (3 × 86.67 &#43; 5 × 72.00) / (3 &#43; 5) = 77.50</dd>",
				"<dt>Good losses</dt><dd>1</dd>", "4 and 4 → 75.00; 3 and 4 → 62.50; 2 and 3 → 37.50; 3 and 3 → 50.00",
				"n = 4, raw 56.25", "/ (4 &#43; 5) = 58.33", "the intervals overlap"}},
	})
}
