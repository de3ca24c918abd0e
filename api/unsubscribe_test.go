package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// buyerStatus reads the status of the buyer behind an invitation link token.
func buyerStatus(t *testing.T, env *apitest.Env, token string) surveys.BuyerStatus {
	t.Helper()
	ctx := context.Background()
	inv, err := env.Services.Buyers.InvitationForToken(ctx, token)
	if err != nil {
		t.Fatalf("invitation for token: %v", err)
	}
	b, err := env.DB.FindBuyerByID(ctx, inv.OrgID, inv.BuyerID)
	if err != nil {
		t.Fatalf("find buyer %d: %v", inv.BuyerID, err)
	}
	return b.Status
}

func TestUnsubscribe(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			env.MustDo(t, http.MethodPatch, "/api/v1/settings", key, `{"delivery":{"throttle_days":0}}`, http.StatusOK, nil)
			occurred := time.Now().Add(-10 * time.Minute)
			first := mustInteraction(t, env, key, ixBody("ix-1", "crm-1", "buyer@example.org", occurred), http.StatusCreated)
			wantScheduled(t, first)
			token := surveys.InvitationToken(env.Org.Secret, first.Invitation.ID)
			html := map[string]string{"Content-Type": "text/html"}

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "GetAsksToConfirm", Method: "GET", Path: "/u/" + token, WantStatus: 200, WantHeader: html,
					WantContains: []string{`<form method="post" action="/u/` + token + `"`}},
			})
			if got, want := buyerStatus(t, env, token), surveys.BuyerActive; got != want {
				t.Errorf("after GET: buyer status = %q, want %q", got, want)
			}
			wantScheduled(t, mustInteraction(t, env, key, ixBody("ix-2", "crm-1", "buyer@example.org", occurred), http.StatusCreated))

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "OneClickPost", Method: "POST", Path: "/u/" + token, Body: "List-Unsubscribe=One-Click",
					ContentType: "application/x-www-form-urlencoded", WantStatus: 200, WantHeader: html,
					WantContains: []string{"You are unsubscribed"}},
				{Name: "RepeatIsHarmless", Method: "POST", Path: "/u/" + token, Body: "List-Unsubscribe=One-Click",
					ContentType: "application/x-www-form-urlencoded", WantStatus: 200, WantHeader: html},
				{Name: "UnknownTokenGet", Method: "GET", Path: "/u/unknowntoken", WantStatus: 404, WantHeader: html,
					WantNotContains: []string{`"status":404`, `<form`}},
				{Name: "UnknownTokenPost", Method: "POST", Path: "/u/unknowntoken", Body: "List-Unsubscribe=One-Click",
					ContentType: "application/x-www-form-urlencoded", WantStatus: 404, WantHeader: html},
			})
			if got, want := buyerStatus(t, env, token), surveys.BuyerUnsubscribed; got != want {
				t.Errorf("after POST: buyer status = %q, want %q", got, want)
			}
			wantSuppressed(t, mustInteraction(t, env, key, ixBody("ix-3", "crm-1", "buyer@example.org", occurred), http.StatusCreated), "unsubscribed")
		})
	}
}

func TestSuppressions(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			read := env.MustKey(t, surveys.ScopeRead)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			complained := `{"email":"x@y.test","reason":"complained"}`

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ReadKeyCannotSuppress", Method: "POST", Path: "/api/v1/suppressions", Key: read, Body: complained,
					WantStatus: 403, WantHeader: problem},
				{Name: "UnknownReason", Method: "POST", Path: "/api/v1/suppressions", Key: key, Body: `{"email":"x@y.test","reason":"spam"}`,
					WantStatus: 422, WantContains: []string{"reason"}, WantHeader: problem},
				{Name: "Complained", Method: "POST", Path: "/api/v1/suppressions", Key: key, Body: complained, WantStatus: 204},
			})
			in := mustInteraction(t, env, key, ixBody("ix-1", "crm-1", "x@y.test", time.Now().Add(-10*time.Minute)), http.StatusCreated)
			wantSuppressed(t, in, "complained")
		})
	}
}

func TestEraseBuyer(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			occurred := time.Now().Add(-10 * time.Minute)
			wantScheduled(t, mustInteraction(t, env, key, ixBody("ix-1", "crm-1", "gone@example.org", occurred), http.StatusCreated))

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "KnownBuyer", Method: "DELETE", Path: "/api/v1/buyers/gone@example.org", Key: key, WantStatus: 204},
				{Name: "UnknownBuyer", Method: "DELETE", Path: "/api/v1/buyers/nobody@example.org", Key: key, WantStatus: 404, WantHeader: problem},
			})
			in := mustInteraction(t, env, key, ixBody("ix-2", "crm-1", "gone@example.org", occurred), http.StatusCreated)
			wantSuppressed(t, in, "erased")

			res := env.MustDo(t, http.MethodGet, "/api/v1/audit", key, "", http.StatusOK, nil)
			if !strings.Contains(string(res.Body), `"action":"buyer.erase"`) {
				t.Errorf("audit log lacks buyer.erase:\n%s", res.Body)
			}
		})
	}
}
