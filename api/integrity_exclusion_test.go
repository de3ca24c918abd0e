package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// An admin excludes an unsent survey only with a reason, within the cap
// (5% of the rep's interactions in the quarter, rounded down), audited;
// and every new route refuses who may not call it.
func TestInteractionExclusion(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			// 20 interactions this quarter, unsent (due in two hours): 5% allows one exclusion.
			var ids []int64
			for i := range 20 {
				in := mustInteraction(t, env, key, ixBody(fmt.Sprintf("q-%d", i), "crm-1", fmt.Sprintf("q%d@example.org", i), time.Now()), http.StatusCreated)
				ids = append(ids, in.ID)
			}
			sent := mustInteraction(t, env, key, ixBody("sent", "crm-1", "sent@example.org", time.Now().Add(-3*time.Hour)), http.StatusCreated)
			env.MustSend(t, sent.Invitation.ID)
			sentID, first, second := sent.ID, ids[0], ids[1]
			path := func(id int64) string { return fmt.Sprintf("/api/v1/interactions/%d/exclusion", id) }
			reason := `{"reason":"Legal dispute with the buyer's company"}`
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ReadKeyMayNot", Method: "POST", Path: path(first), Key: read, Body: reason, WantStatus: 403},
				{Name: "InteractionsKeyMayNot", Method: "POST", Path: path(first), Key: write, Body: reason, WantStatus: 403},
				{Name: "SignedOutMayNot", Method: "POST", Path: path(first), Body: reason, WantStatus: 401},
				{Name: "AnotherOrgSeesNothing", Method: "POST", Path: path(first), Key: other, Body: reason, WantStatus: 404},
				{Name: "ReasonRequired", Method: "POST", Path: path(first), Key: manage, Body: `{"reason":"  "}`, WantStatus: 422,
					WantContains: []string{"reason"}},
				{Name: "NoReasonAtAll", Method: "POST", Path: path(first), Key: manage, Body: `{}`, WantStatus: 422, WantContains: []string{"reason"}},
				{Name: "AlreadySent", Method: "POST", Path: path(sentID), Key: manage, Body: reason, WantStatus: 409,
					WantContains: []string{"was sent already"}},
				{Name: "Excluded", Method: "POST", Path: path(first), Key: manage, Body: reason, WantStatus: 201,
					WantContains: []string{`"reason":"Legal dispute with the buyer's company"`, `"interactions":21`, `"excluded":1`, `"allowed":1`, `"cap_percent":5`}},
				{Name: "NotTwice", Method: "POST", Path: path(first), Key: manage, Body: reason, WantStatus: 409, WantContains: []string{"excluded already"}},
				{Name: "CapReached", Method: "POST", Path: path(second), Key: manage, Body: reason, WantStatus: 409,
					WantContains: []string{"integrity.exclusion_cap_percent", "the cap on excluded interactions is reached", "at most 5%", "1 of this rep's 21"}},
				{Name: "TheInvitationIsSuppressed", Method: "GET", Path: fmt.Sprintf("/api/v1/interactions/%d", first), Key: read, WantStatus: 200,
					WantContains: []string{`"status":"suppressed"`, `"reason":"excluded"`}},
				{Name: "TheOtherStaysScheduled", Method: "GET", Path: fmt.Sprintf("/api/v1/interactions/%d", second), Key: read, WantStatus: 200,
					WantContains: []string{`"status":"scheduled"`}},
				{Name: "Audited", Method: "GET", Path: "/api/v1/audit?kind=interaction", Key: manage, WantStatus: 200,
					WantContains: []string{`"action":"interaction.exclude"`, fmt.Sprintf(`"target":"interaction:%d"`, first), "Legal dispute", "1 of 1 allowed in"}},
				// Reinstating is for admins too.
				{Name: "ReinstateReadKeyMayNot", Method: "POST", Path: "/api/v1/responses/1/reinstate", Key: read, WantStatus: 403},
				{Name: "ReinstateInteractionsKeyMayNot", Method: "POST", Path: "/api/v1/responses/1/reinstate", Key: write, WantStatus: 403},
				{Name: "ReinstateSignedOutMayNot", Method: "POST", Path: "/api/v1/responses/1/reinstate", WantStatus: 401},
			})
			// A higher cap lets the second through.
			env.MustDo(t, http.MethodPatch, "/api/v1/settings", manage, `{"integrity":{"exclusion_cap_percent":10}}`, http.StatusOK, nil)
			env.MustDo(t, http.MethodPost, path(second), manage, reason, http.StatusCreated, nil)
		})
	}
}
