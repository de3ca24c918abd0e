package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// outcomeBody is an interaction posted with an outcome.
func outcomeBody(ext, rep, email, outcome string, occurred time.Time) string {
	return strings.Replace(ixBody(ext, rep, email, occurred), `"kind":"meeting"`, fmt.Sprintf(`"kind":"meeting","outcome":%q`, outcome), 1)
}

// An interaction may be posted with an outcome, in a batch too; a bad one
// is refused naming the field, and reposting the same body is the same
// interaction while a different outcome is a conflict, not an update.
func TestInteractionOutcomeField(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			at := time.Now().UTC().Add(-time.Hour)
			var in struct {
				Outcome string `json:"outcome"`
			}
			env.MustDo(t, http.MethodPost, "/api/v1/interactions", key, outcomeBody("ix-1", "crm-1", "b1@example.org", "won", at), http.StatusCreated, &in)
			if in.Outcome != "won" {
				t.Errorf("outcome = %q, want won", in.Outcome)
			}
			env.MustDo(t, http.MethodPost, "/api/v1/interactions", key, outcomeBody("ix-1", "crm-1", "b1@example.org", "won", at), http.StatusOK, nil)
			plain := mustInteraction(t, env, key, ixBody("ix-plain", "crm-1", "b2@example.org", at), http.StatusCreated)
			batch := fmt.Sprintf(`{"items":[%s]}`, outcomeBody("ix-b1", "crm-1", "b3@example.org", "disqualified", at))
			var out struct {
				Results []struct {
					Body *struct {
						Outcome string `json:"outcome"`
					} `json:"body"`
				} `json:"results"`
			}
			env.MustDo(t, http.MethodPost, "/api/v1/interactions:batch", key, batch, http.StatusOK, &out)
			if r := out.Results; len(r) != 1 || r[0].Body == nil || r[0].Body.Outcome != "disqualified" {
				t.Errorf("batch results = %+v, want disqualified recorded", r)
			}
			badBatch := fmt.Sprintf(`{"items":[%s,%s]}`, outcomeBody("ix-b2", "crm-1", "b4@example.org", "won", at),
				outcomeBody("ix-b3", "crm-1", "b5@example.org", "maybe", at))
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "UnknownOutcome", Method: http.MethodPost, Path: "/api/v1/interactions", Key: key,
					Body: outcomeBody("ix-2", "crm-1", "b5@example.org", "maybe", at), WantStatus: 422,
					WantContains: []string{"outcome", "won"}, WantHeader: problem},
				{Name: "RepostWithOtherOutcomeConflicts", Method: http.MethodPost, Path: "/api/v1/interactions", Key: key,
					Body: outcomeBody("ix-1", "crm-1", "b1@example.org", "lost", at), WantStatus: 409, WantHeader: problem},
				{Name: "BatchNamesTheBadItem", Method: http.MethodPost, Path: "/api/v1/interactions:batch", Key: key,
					Body: badBatch, WantStatus: 422, WantContains: []string{"body.items[1].outcome"}, WantHeader: problem},
				{Name: "BatchRecordedNothing", Method: http.MethodPost, Path: "/api/v1/interactions", Key: key,
					Body: outcomeBody("ix-b2", "crm-1", "b4@example.org", "won", at), WantStatus: 201},
				{Name: "WithoutOutcomeHasNone", Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/interactions/%d", plain.ID), Key: key,
					WantStatus: 200, WantNotContains: []string{`"outcome"`}},
			})
		})
	}
}

// POST /interactions/{id}/outcome changes the outcome, audited with who,
// when, from and to; it refuses a bad value naming it, and answers only a
// key with the interactions scope of the interaction's org.
func TestInteractionOutcomeEndpoint(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			write, read, manage := env.MustKey(t, surveys.ScopeInteractions), env.MustKey(t, surveys.ScopeRead), env.MustKey(t, surveys.ScopeManage)
			other := env.MustOtherOrgKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			in := mustInteraction(t, env, key, ixBody("ix-1", "crm-1", "b1@example.org", time.Now().Add(-time.Hour)), http.StatusCreated)
			path := fmt.Sprintf("/api/v1/interactions/%d/outcome", in.ID)
			post := func(name, key, body string, status int, contains ...string) apitest.Scenario {
				return apitest.Scenario{Name: name, Method: http.MethodPost, Path: path, Key: key, Body: body, WantStatus: status, WantContains: contains}
			}
			admin := mustPerson(t, env, "admin@acme.test", surveys.RoleAdmin, 0)
			apitest.Run(t, env, []apitest.Scenario{
				post("NoKey", "", `{"outcome":"won"}`, 401),
				{Name: "SignedInAdminNeedsAKey", Method: http.MethodPost, Path: path, Body: `{"outcome":"won"}`,
					Header: map[string]string{"Cookie": admin.Cookie, "X-CSRF-Token": admin.CSRF}, WantStatus: 401},
				post("ReadKeyMayNot", read, `{"outcome":"won"}`, 403, "interactions:write"),
				post("ManageKeyMayNot", manage, `{"outcome":"won"}`, 403, "interactions:write"),
				post("OtherOrgSeesNothing", other, `{"outcome":"won"}`, 404),
				post("UnknownValueNamed", write, `{"outcome":"maybe"}`, 422, "body.outcome", "disqualified"),
				post("MissingValue", write, `{}`, 422, "outcome"),
				post("NotJSON", write, `outcome=won`, 400),
				{Name: "UnknownInteraction", Method: http.MethodPost, Path: "/api/v1/interactions/999999/outcome", Key: write,
					Body: `{"outcome":"won"}`, WantStatus: 404},
				post("InteractionsKeyMay", write, `{"outcome":"won"}`, 200, `"outcome":"won"`, `"changed":true`),
				post("SameAgainChangesNothing", write, `{"outcome":"won"}`, 200, `"changed":false`, `"previous":"won"`),
				post("LaterLost", key, `{"outcome":"lost"}`, 200, `"outcome":"lost"`, `"previous":"won"`),
			})
			var got struct {
				Outcome string `json:"outcome"`
			}
			env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/interactions/%d", in.ID), key, "", http.StatusOK, &got)
			if got.Outcome != "lost" {
				t.Errorf("interaction outcome = %q, want lost", got.Outcome)
			}
			var log struct {
				Items []struct {
					Actor, Action, Target string
					Before, After         json.RawMessage
					CreatedAt             time.Time `json:"created_at"`
				} `json:"items"`
			}
			env.MustDo(t, http.MethodGet, "/api/v1/audit?kind=interaction", key, "", http.StatusOK, &log)
			var changes []string
			for _, e := range log.Items {
				if e.Action == "interaction.outcome" && e.Target == fmt.Sprintf("interaction:%d", in.ID) && !e.CreatedAt.IsZero() {
					changes = append(changes, fmt.Sprintf("%s %s→%s", e.Actor, e.Before, e.After))
				}
			}
			want := []string{`key:test all {"outcome":"won"}→{"outcome":"lost"}`, `key:test interactions:write {"outcome":""}→{"outcome":"won"}`}
			if strings.Join(changes, "\n") != strings.Join(want, "\n") {
				t.Errorf("audit =\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
