package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"trustcard/reports/reporttest"
)

// Ada's card, downloaded through the API and read back as text, shows her
// trust score by outcome side by side, her good losses, her promise score
// and that it is far below her trust score; the scores API has the same
// figures.
func TestOutcomeCardAndScores(t *testing.T) {
	w := mustOutcomeWorld(t)
	for i, a := range [][2]int{{1, 1}, {1, 2}} {
		token := strings.TrimPrefix(w.promises[i], "/p/")
		v, err := w.env.Services.Buyers.OpenPromise(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.env.Services.Buyers.AnswerPromise(context.Background(), token, v.FormToken, a[0], a[1]); err != nil {
			t.Fatal(err)
		}
	}
	res := w.env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/reps/%d.pdf", w.ada.ID), w.key, "", http.StatusOK, nil)
	text := strings.Join(strings.Fields(reporttest.MustText(t, res.Body)), " ")
	for _, want := range []string{"Trusted when they won, trusted when they lost", "Won 99 n = 4 · 90% interval 96–100",
		"Lost 58 n = 2", "Disqualified 88", "Good losses 1 disqualified, fit honesty 4–5", "Promise score 6 n = 2 · 90% interval 0–46",
		"Trust score far above promise score"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q:\n%s", want, text)
		}
	}
	var score struct {
		ByOutcome map[string]struct {
			N     int64   `json:"n"`
			Score float64 `json:"score"`
		} `json:"by_outcome"`
		GoodLosses   int64 `json:"good_losses"`
		PromiseScore *struct {
			N   int64   `json:"n"`
			Raw float64 `json:"raw"`
		} `json:"promise_score"`
		PromiseGap bool `json:"promise_gap"`
	}
	w.env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/scores/reps/%d", w.ada.ID), w.key, "", http.StatusOK, &score)
	// Promise values 0 and 12.5: raw 6.25.
	if score.ByOutcome["won"].N != 4 || score.ByOutcome["lost"].N != 2 || score.GoodLosses != 1 ||
		score.PromiseScore == nil || score.PromiseScore.N != 2 || score.PromiseScore.Raw != 6.25 || !score.PromiseGap {
		t.Errorf("scores = %+v, want 4 won, 2 lost, 1 good loss, promise n 2 raw 6.25, a gap", score)
	}
}
