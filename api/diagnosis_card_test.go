package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/reports/reporttest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// The rep's card shows diagnostic accuracy and the latest pairs side by
// side, read back as text: 1 of 2 pairs match (a buyer who skipped the
// question makes no pair), 50%, 90% Wilson interval 12–88%.
func TestDiagnosisCard(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
			answer := func(ext, heard, said, saidNote string) {
				body := fmt.Sprintf(`{"external_id":%q,"rep":"crm-1","buyer":{"email":"%s@buyer.test"},"occurred_at":%q,"kind":"meeting",`+
					`"diagnosis":{"category":%q,"note":"heard <it>"}}`, ext, ext, at, heard)
				in := mustInteraction(t, env, key, body, http.StatusCreated)
				env.MustSend(t, in.Invitation.ID)
				a := surveys.Answer{Ratings: map[string]int{"understood": 5}, Problem: surveys.BuyerProblem{Category: said, Note: saidNote}}
				if _, err := env.Services.Buyers.SubmitResponse(context.Background(), surveys.InvitationToken(env.Org.Secret, in.Invitation.ID), a); err != nil {
					t.Fatal(err)
				}
			}
			answer("c1", "cut_costs", "cut_costs", "")
			answer("c2", "move_faster", "replace_system", "old <ERP> 🚀")
			answer("c3", "meet_regulation", "", "")
			var reps struct{ Items []struct{ ID int64 } }
			env.MustDo(t, http.MethodGet, "/api/v1/reps", key, "", http.StatusOK, &reps)
			res := env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/reports/reps/%d.pdf", reps.Items[0].ID), key, "", http.StatusOK, nil)
			text := strings.Join(strings.Fields(reporttest.MustText(t, res.Body)), " ")
			for _, want := range []string{
				"Diagnosis: what you heard, what the buyer said", "50%",
				"diagnostic accuracy: 1 of 2 pairs match · 90% interval 12%–88% · low confidence",
				"You heard: Move faster (“heard <it>”)", "The buyer said: Replace a system (“old <ERP>",
				"You heard: Cut costs", "The buyer said: Cut costs", "no match", "match",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("the card lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "Meet a regulation") {
				t.Errorf("the card shows a pair whose buyer skipped the question:\n%s", text)
			}
		})
	}
}
