package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// invitation is an invitation as the API writes it.
type invitation struct {
	ID        int64      `json:"id"`
	Status    string     `json:"status"`
	Scheduled bool       `json:"scheduled"`
	Reason    string     `json:"reason"`
	DueAt     *time.Time `json:"due_at"`
	RepID     int64      `json:"rep_id"`
	Locale    string     `json:"locale"`
}

// interaction is an interaction as the API writes it.
type interaction struct {
	ID         int64      `json:"id"`
	ExternalID string     `json:"external_id"`
	RepID      int64      `json:"rep_id"`
	Kind       string     `json:"kind"`
	OccurredAt time.Time  `json:"occurred_at"`
	Invitation invitation `json:"invitation"`
}

// ixBody is an interaction of rep with the buyer email at occurred, with no
// buyer time zone, so quiet hours do not move its due time.
func ixBody(ext, rep, email string, occurred time.Time) string {
	return fmt.Sprintf(`{"external_id":%q,"rep":%q,"buyer":{"email":%q,"timezone":""},"occurred_at":%q,"kind":"meeting"}`,
		ext, rep, email, occurred.UTC().Format(time.RFC3339))
}

// mustInteraction posts body to /api/v1/interactions and wants status want.
func mustInteraction(t testing.TB, env *apitest.Env, key, body string, want int) interaction {
	t.Helper()
	var in interaction
	env.MustDo(t, http.MethodPost, "/api/v1/interactions", key, body, want, &in)
	return in
}

// wantSuppressed fails unless in's invitation is suppressed for reason.
func wantSuppressed(t *testing.T, in interaction, reason string) {
	t.Helper()
	inv := in.Invitation
	if got, want := inv.Status, "suppressed"; got != want {
		t.Errorf("interaction %q: invitation status = %q, want %q", in.ExternalID, got, want)
	}
	if got, want := inv.Reason, reason; got != want {
		t.Errorf("interaction %q: reason = %q, want %q", in.ExternalID, got, want)
	}
	if inv.Scheduled || inv.DueAt != nil {
		t.Errorf("interaction %q: scheduled = %v, due_at = %v; want false and absent", in.ExternalID, inv.Scheduled, inv.DueAt)
	}
}

// wantScheduled fails unless in's invitation is scheduled.
func wantScheduled(t *testing.T, in interaction) {
	t.Helper()
	inv := in.Invitation
	if inv.Status != "scheduled" || !inv.Scheduled || inv.Reason != "" || inv.DueAt == nil {
		t.Errorf("interaction %q: invitation = %+v, want scheduled with a due_at and no reason", in.ExternalID, inv)
	}
}

func TestInteractionCreate(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			r := mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			now := time.Now().UTC().Truncate(time.Second)
			occurred := now.Add(-10 * time.Minute)
			body := ixBody("ix-1", "crm-1", "buyer@example.org", occurred)

			first := mustInteraction(t, env, key, body, http.StatusCreated)
			wantScheduled(t, first)
			if got, want := first.RepID, r.ID; got != want {
				t.Errorf("rep_id = %d, want %d", got, want)
			}
			if due := first.Invitation.DueAt; due != nil {
				if got, want := *due, occurred.Add(2*time.Hour); got.Sub(want).Abs() > time.Second {
					t.Errorf("due_at = %v, want %v (occurred_at + default delay of 2 h)", got, want)
				}
			}

			again := mustInteraction(t, env, key, body, http.StatusOK)
			if got, want := again.ID, first.ID; got != want {
				t.Errorf("repeat: id = %d, want %d", got, want)
			}
			if got, want := again.Invitation, first.Invitation; got.ID != want.ID || !sameTime(got.DueAt, want.DueAt) {
				t.Errorf("repeat: invitation = %+v, want %+v", got, want)
			}

			byEmail := mustInteraction(t, env, key, ixBody("ix-email", "ada@example.com", "other@example.org", occurred), http.StatusCreated)
			wantScheduled(t, byEmail)
			if got, want := byEmail.RepID, r.ID; got != want {
				t.Errorf("rep by email: rep_id = %d, want %d", got, want)
			}

			total := env.MustTotal(t, "/api/v1/invitations", key)
			rejected := []apitest.Scenario{
				{Name: "SameExternalIDOtherBuyer", Body: ixBody("ix-1", "crm-1", "someone-else@example.org", occurred),
					WantStatus: 409, WantContains: []string{"external_id"}},
				{Name: "UnknownRep", Body: ixBody("ix-2", "crm-nobody", "b2@example.org", occurred),
					WantStatus: 422, WantContains: []string{`"location":"body.rep"`}},
				{Name: "FutureOccurredAt", Body: ixBody("ix-3", "crm-1", "b3@example.org", now.Add(time.Hour)),
					WantStatus: 422, WantContains: []string{"occurred_at"}},
				{Name: "UnknownKind", Body: strings.Replace(ixBody("ix-4", "crm-1", "b4@example.org", occurred), `"meeting"`, `"lunch"`, 1),
					WantStatus: 422, WantContains: []string{"kind"}},
				{Name: "BadBuyerEmail", Body: ixBody("ix-5", "crm-1", "b5 at example.org", occurred),
					WantStatus: 422, WantContains: []string{"buyer.email"}},
				{Name: "UnknownLocale", Body: strings.Replace(ixBody("ix-6", "crm-1", "b6@example.org", occurred), `"timezone":""`, `"locale":"xx"`, 1),
					WantStatus: 422, WantContains: []string{"buyer.locale"}},
				{Name: "UnknownTimezone", Body: strings.Replace(ixBody("ix-7", "crm-1", "b7@example.org", occurred), `"timezone":""`, `"timezone":"Mars/Base"`, 1),
					WantStatus: 422, WantContains: []string{"buyer.timezone"}},
			}
			for _, sc := range rejected {
				sc.Method, sc.Path, sc.Key, sc.WantHeader = http.MethodPost, "/api/v1/interactions", key, problem
				apitest.Run(t, env, []apitest.Scenario{sc})
				if got, want := env.MustTotal(t, "/api/v1/invitations", key), total; got != want {
					t.Errorf("after %s: invitations total = %d, want %d unchanged", sc.Name, got, want)
				}
			}

			var p struct {
				Errors []struct {
					Location string `json:"location"`
				} `json:"errors"`
			}
			env.MustDo(t, http.MethodPost, "/api/v1/interactions", key, ixBody("ix-2", "crm-nobody", "b2@example.org", occurred), http.StatusUnprocessableEntity, &p)
			if len(p.Errors) == 0 || p.Errors[0].Location != "body.rep" {
				t.Errorf("unknown rep: errors = %+v, want errors[0].location body.rep", p.Errors)
			}

			stale := mustInteraction(t, env, key, ixBody("ix-stale", "crm-1", "stale@example.org", now.AddDate(0, 0, -40)), http.StatusCreated)
			wantSuppressed(t, stale, "stale")
			throttled := mustInteraction(t, env, key, ixBody("ix-throttled", "crm-1", "buyer@example.org", occurred), http.StatusCreated)
			wantSuppressed(t, throttled, "throttled")

			env.MustDo(t, http.MethodDelete, fmt.Sprintf("/api/v1/reps/%d", r.ID), key, "", http.StatusOK, nil)
			inactive := mustInteraction(t, env, key, ixBody("ix-inactive", "crm-1", "fresh@example.org", occurred), http.StatusCreated)
			wantSuppressed(t, inactive, "rep_inactive")
		})
	}
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// batchResult is one item's result in a batch answer.
type batchResult struct {
	Index  int          `json:"index"`
	Status int          `json:"status"`
	Body   *interaction `json:"body"`
	Error  *struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Field  string `json:"field"`
	} `json:"error"`
}

func TestInteractionsBatch(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			occurred := time.Now().Add(-10 * time.Minute)
			good := ixBody("ix-1", "crm-1", "buyer@example.org", occurred)
			withLocale := func(body, locale string) string {
				return strings.Replace(body, `"timezone":""`, `"locale":"`+locale+`","timezone":""`, 1)
			}
			items := []string{good, ixBody("ix-2", "crm-nobody", "b2@example.org", occurred), good,
				withLocale(ixBody("ix-4", "crm-1", "b4@example.org", occurred), "de-AT"),
				withLocale(ixBody("ix-5", "crm-1", "b5@example.org", occurred), "xx")}

			var out struct {
				Results []batchResult `json:"results"`
			}
			env.MustDo(t, http.MethodPost, "/api/v1/interactions:batch", key, `{"items":[`+strings.Join(items, ",")+`]}`, http.StatusOK, &out)
			if got, want := len(out.Results), 5; got != want {
				t.Fatalf("results = %d, want %d: %+v", got, want, out.Results)
			}
			res := out.Results
			if got, want := res[0].Status, 201; got != want || res[0].Body == nil {
				t.Errorf("results[0].status = %d, want %d with a body", got, want)
			}
			if got, want := res[1].Status, 422; got != want || res[1].Error == nil || res[1].Error.Field != "rep" {
				t.Errorf("results[1] = %+v, want status %d with error.field rep", res[1], want)
			}
			if got, want := res[2].Status, 200; got != want || res[2].Body == nil {
				t.Errorf("results[2].status = %d, want %d with a body", got, want)
			} else if res[0].Body != nil && res[2].Body.ID != res[0].Body.ID {
				t.Errorf("results[2].body.id = %d, want %d", res[2].Body.ID, res[0].Body.ID)
			}
			if res[3].Status != 201 || res[3].Body == nil || res[3].Body.Invitation.Locale != "de" {
				t.Errorf("results[3] = %+v, want 201 with the invitation in de (posted de-AT)", res[3])
			}
			if res[4].Status != 422 || res[4].Error == nil || res[4].Error.Field != "buyer.locale" {
				t.Errorf("results[4] = %+v, want 422 naming buyer.locale", res[4])
			}

			total := env.MustTotal(t, "/api/v1/invitations", key)
			many := make([]string, 1001)
			for i := range many {
				many[i] = ixBody(fmt.Sprintf("many-%d", i), "crm-1", fmt.Sprintf("m%d@example.org", i), occurred)
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "TooManyItems", Method: "POST", Path: "/api/v1/interactions:batch", Key: key, Body: `{"items":[` + strings.Join(many, ",") + `]}`,
					WantStatus: 422, WantContains: []string{"body.items"}, WantHeader: problem},
				{Name: "NoItems", Method: "POST", Path: "/api/v1/interactions:batch", Key: key, Body: `{"items":[]}`,
					WantStatus: 422, WantContains: []string{"body.items"}, WantHeader: problem},
			})
			if got, want := env.MustTotal(t, "/api/v1/invitations", key), total; got != want {
				t.Errorf("after rejected batches: invitations total = %d, want %d", got, want)
			}
		})
	}
}

func TestInteractionGetAndInvitationList(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			other := env.MustOtherOrgKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			now := time.Now()
			sched := mustInteraction(t, env, key, ixBody("ix-1", "crm-1", "buyer@example.org", now.Add(-10*time.Minute)), http.StatusCreated)
			stale := mustInteraction(t, env, key, ixBody("ix-2", "crm-1", "old@example.org", now.AddDate(0, 0, -40)), http.StatusCreated)
			wantSuppressed(t, stale, "stale")
			one := fmt.Sprintf("/api/v1/interactions/%d", sched.ID)

			var got interaction
			env.MustDo(t, http.MethodGet, one, key, "", http.StatusOK, &got)
			if got.ID != sched.ID || got.Invitation.ID != sched.Invitation.ID || got.Invitation.Status != "scheduled" {
				t.Errorf("GET %s = %+v, want %+v", one, got, sched)
			}

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "OtherOrgCannotGet", Method: "GET", Path: one, Key: other, WantStatus: 404, WantNotContains: []string{"ix-1"}, WantHeader: problem},
				{Name: "BogusStatus", Method: "GET", Path: "/api/v1/invitations?status=bogus", Key: key, WantStatus: 422,
					WantContains: []string{"status"}, WantHeader: problem},
			})

			var list struct {
				Items []invitation `json:"items"`
				Total int          `json:"total"`
			}
			env.MustDo(t, http.MethodGet, "/api/v1/invitations?status=suppressed", key, "", http.StatusOK, &list)
			if got, want := list.Total, 1; got != want || len(list.Items) != want {
				t.Errorf("suppressed invitations: total %d, %d items, want %d", got, len(list.Items), want)
			}
			for _, inv := range list.Items {
				if inv.Status != "suppressed" || inv.ID != stale.Invitation.ID {
					t.Errorf("suppressed list holds %+v, want only invitation %d", inv, stale.Invitation.ID)
				}
			}
		})
	}
}
