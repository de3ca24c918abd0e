package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// batchWorld is a server with one rep and one interaction stored before,
// whose buyer a new invitation would now be throttled for.
func batchWorld(t *testing.T, driver string, occurred time.Time) (*apitest.Env, string) {
	t.Helper()
	env := apitest.MustStart(t, driver)
	key := env.MustKey(t)
	mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
	mustInteraction(t, env, key, ixBody("old-1", "crm-1", "seen@example.org", occurred), http.StatusCreated)
	return env, key
}

// mixedBatch is every kind of item a batch can hold: new ones, an unknown
// rep, a stored external id posted again with the same and a different
// body, one external id and one buyer twice, a throttled buyer, a
// diagnosis, an outcome and a locale no language is near.
func mixedBatch(occurred time.Time) []string {
	items := []string{
		ixBody("n-1", "crm-1", "a@example.org", occurred),
		ixBody("n-2", "crm-nobody", "b@example.org", occurred),
		ixBody("old-1", "crm-1", "seen@example.org", occurred),
		strings.Replace(ixBody("old-1", "crm-1", "seen@example.org", occurred), `"meeting"`, `"call"`, 1),
		ixBody("n-3", "crm-1", "twice@example.org", occurred),
		ixBody("n-4", "ada@example.com", "TWICE@example.org", occurred),
		ixBody("n-5", "crm-1", "seen@example.org", occurred),
		strings.Replace(ixBody("n-6", "crm-1", "diag@example.org", occurred), `"kind"`, `"diagnosis":{"category":"cut_costs"},"kind"`, 1),
		strings.Replace(ixBody("n-7", "crm-1", "won@example.org", occurred), `"kind"`, `"outcome":"won","kind"`, 1),
		ixBody("n-1", "crm-1", "a@example.org", occurred),
		strings.Replace(ixBody("n-8", "crm-1", "c@example.org", occurred), `"timezone":""`, `"locale":"xx","timezone":""`, 1),
		strings.Replace(ixBody("n-9", "crm-1", "b@example.org", occurred), `"timezone":""`, `"locale":"de-AT","timezone":"Europe/Vienna"`, 1),
	}
	for i := range 20 {
		items = append(items, ixBody(fmt.Sprintf("p-%d", i), "crm-1", fmt.Sprintf("p%d@example.org", i), occurred))
	}
	return items
}

// comparable is a batch result without what differs between two servers
// (ids and creation times): an id is written as the index of the first
// result that has it.
func comparable(t *testing.T, results []json.RawMessage) []string {
	t.Helper()
	firstOf := map[float64]int{}
	out := make([]string, len(results))
	for i, raw := range results {
		var r map[string]any
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		if body, ok := r["body"].(map[string]any); ok {
			id := body["id"].(float64)
			if _, ok := firstOf[id]; !ok {
				firstOf[id] = i
			}
			body["id"] = firstOf[id]
			inv := body["invitation"].(map[string]any)
			if inv["status"] == "suppressed" {
				delete(inv, "due_at") // the time of recording
			}
			for _, k := range []string{"created_at", "rep_id"} {
				delete(body, k)
			}
			delete(inv, "id")
			delete(inv, "rep_id")
			if d, ok := body["diagnosis"].(map[string]any); ok {
				delete(d, "entered_at")
			}
		}
		b, _ := json.Marshal(r)
		out[i] = string(b)
	}
	return out
}

// storedRows are the interactions, invitations, throttle marks and
// invitation jobs stored, as comparable lines.
func storedRows(t *testing.T, env *apitest.Env) []string {
	t.Helper()
	var rows []struct {
		ExternalID, Kind, BodyHash, Email, Status, Reason, Locale string
		DueAt                                                     time.Time
		Token                                                     bool
		Jobs                                                      int
		Invited                                                   *time.Time
	}
	err := env.DB.Gorm().Raw(`SELECT i.external_id, i.kind, i.body_hash, b.email, v.status, v.reason, v.locale, v.due_at,
  v.token_hash IS NOT NULL AS token, b.last_invited_at AS invited,
  (SELECT count(*) FROM jobs j WHERE j.kind = 'invitation' AND j.ref_id = v.id) AS jobs
FROM interactions i JOIN buyers b ON b.id = i.buyer_id JOIN invitations v ON v.interaction_id = i.id ORDER BY i.external_id`).
		Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		due, invited := r.DueAt.UTC().Format(time.RFC3339), ""
		if r.Status == "suppressed" {
			due = ""
		}
		if r.Invited != nil {
			invited = r.Invited.UTC().Format(time.RFC3339)
		}
		out[i] = fmt.Sprintf("%s %s %s %s %s %q %s due=%s token=%v jobs=%d invited=%s", r.ExternalID, r.Kind, r.BodyHash, r.Email,
			r.Status, r.Reason, r.Locale, due, r.Token, r.Jobs, invited)
	}
	return out
}

// postBatch posts items as one batch and returns the results.
func postBatch(t testing.TB, env *apitest.Env, key string, items []string) []json.RawMessage {
	t.Helper()
	var out struct {
		Results []json.RawMessage `json:"results"`
	}
	env.MustDo(t, http.MethodPost, "/api/v1/interactions:batch", key, `{"items":[`+strings.Join(items, ",")+`]}`, http.StatusOK, &out)
	return out.Results
}

// A batch answers each item as posting the items one after the other
// does, and stores the same rows.
func TestInteractionsBatchAsOneByOne(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			occurred := time.Now().Add(-time.Minute).Truncate(time.Second)
			items := mixedBatch(occurred)
			batchEnv, batchKey := batchWorld(t, driver, occurred)
			got := comparable(t, postBatch(t, batchEnv, batchKey, items))

			oneEnv, oneKey := batchWorld(t, driver, occurred)
			want := make([]json.RawMessage, len(items))
			for i, item := range items {
				want[i] = asBatchResult(t, i, oneEnv.Do(t, http.MethodPost, "/api/v1/interactions", oneKey, item))
			}
			wantLines := comparable(t, want)
			for i := range items {
				if got[i] != wantLines[i] {
					t.Errorf("item %d:\n got  %s\n want %s", i, got[i], wantLines[i])
				}
			}
			gotRows, wantRows := storedRows(t, batchEnv), storedRows(t, oneEnv)
			if g, w := strings.Join(gotRows, "\n"), strings.Join(wantRows, "\n"); g != w {
				t.Errorf("stored rows after the batch:\n%s\nwant, as one by one:\n%s", g, w)
			}
		})
	}
}

// asBatchResult writes the answer of the single route as item i of a
// batch: the status with the body, or with the problem's title, message
// and field.
func asBatchResult(t *testing.T, i int, res apitest.Response) json.RawMessage {
	t.Helper()
	if res.Status < 300 {
		return fmt.Appendf(nil, `{"index":%d,"status":%d,"body":%s}`, i, res.Status, res.Body)
	}
	var p struct {
		Title, Detail string
		Errors        []struct{ Location, Message string }
	}
	if err := json.Unmarshal(res.Body, &p); err != nil {
		t.Fatal(err)
	}
	e := map[string]string{"title": p.Title, "detail": p.Detail}
	if len(p.Errors) > 0 {
		e["detail"], e["field"] = p.Errors[0].Message, strings.TrimPrefix(p.Errors[0].Location, "body.")
	}
	b, _ := json.Marshal(map[string]any{"index": i, "status": res.Status, "error": e})
	return b
}

// Two batches at once with external ids and buyers in common: each
// external id is recorded once, the other batch answering it as a repeat,
// and each buyer is invited once, however the two interleave.
func TestInteractionsBatchConcurrent(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			occurred := time.Now().Add(-time.Minute).Truncate(time.Second)
			env, key := batchWorld(t, driver, occurred)
			for round := range 3 {
				var one, two []string
				for i := range 150 {
					item := ixBody(fmt.Sprintf("r%d-a-%d", round, i), "crm-1", fmt.Sprintf("r%d-u-%d@example.org", round, i), occurred)
					if i < 100 {
						one = append(one, item)
					}
					if i >= 50 {
						two = append(two, item)
					}
				}
				for i := range 50 { // the buyers of the first 50, with other external ids
					two = append(two, ixBody(fmt.Sprintf("r%d-b-%d", round, i), "crm-1", fmt.Sprintf("r%d-u-%d@example.org", round, i), occurred))
				}
				var wg sync.WaitGroup
				results := make([][]json.RawMessage, 2)
				for k, items := range [][]string{one, two} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						results[k] = postBatch(t, env, key, items)
					}()
				}
				wg.Wait()
				wantOnce(t, round, results)
			}
			wantNoDuplicates(t, env)
		})
	}
}

// wantOnce wants every item of two batches recorded (201) or answered as
// a repeat (200), and each external id created by exactly one of them.
func wantOnce(t *testing.T, round int, results [][]json.RawMessage) {
	t.Helper()
	created := map[string]int{}
	for _, rs := range results {
		for _, raw := range rs {
			var r struct {
				Status int
				Body   struct {
					ExternalID string `json:"external_id"`
				}
			}
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatal(err)
			}
			switch r.Status {
			case http.StatusCreated:
				created[r.Body.ExternalID]++
			case http.StatusOK:
				created[r.Body.ExternalID] += 0
			default:
				t.Errorf("round %d: %s, want 201 or 200", round, raw)
			}
		}
	}
	if got, want := len(created), 200; got != want {
		t.Errorf("round %d: %d external ids answered, want %d", round, got, want)
	}
	for ext, n := range created {
		if n != 1 {
			t.Errorf("round %d: %s created %d times, want once", round, ext, n)
		}
	}
}

// wantNoDuplicates wants at most one scheduled invitation for each buyer,
// one email job for each, and every interaction with its invitation.
func wantNoDuplicates(t *testing.T, env *apitest.Env) {
	t.Helper()
	var c struct{ Interactions, Invitations, Buyers, Scheduled, Invited, Jobs int }
	err := env.DB.Gorm().Raw(`SELECT (SELECT count(*) FROM interactions) AS interactions,
  (SELECT count(*) FROM invitations) AS invitations, (SELECT count(*) FROM buyers) AS buyers,
  (SELECT count(*) FROM invitations WHERE status = 'scheduled') AS scheduled,
  (SELECT count(DISTINCT buyer_id) FROM invitations WHERE status = 'scheduled') AS invited,
  (SELECT count(*) FROM jobs WHERE kind = 'invitation') AS jobs`).Scan(&c).Error
	if err != nil {
		t.Fatal(err)
	}
	// 1 stored before, then 200 a round; 150 buyers a round, each invited once.
	want := struct{ Interactions, Invitations, Buyers, Scheduled, Invited, Jobs int }{601, 601, 451, 451, 451, 451}
	if c != want {
		t.Errorf("stored %+v, want %+v", c, want)
	}
}

// A database failure while a batch is written fails the batch and leaves
// nothing of it: no interaction without its invitation and job, no buyer.
func TestInteractionsBatchDatabaseFailure(t *testing.T) {
	refuse := map[string][]string{
		"postgres": {`CREATE FUNCTION refuse_jobs() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'jobs refused'; END$$`,
			`CREATE TRIGGER refuse_jobs BEFORE INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION refuse_jobs()`},
		"sqlite": {`CREATE TRIGGER refuse_jobs BEFORE INSERT ON jobs BEGIN SELECT RAISE(ABORT, 'jobs refused'); END`},
	}
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			occurred := time.Now().Add(-time.Minute).Truncate(time.Second)
			env, key := batchWorld(t, driver, occurred)
			before := storedRows(t, env)
			for _, sql := range refuse[driver] {
				if err := env.DB.Gorm().Exec(sql).Error; err != nil {
					t.Fatal(err)
				}
			}
			var items []string
			for i := range 50 {
				items = append(items, ixBody(fmt.Sprintf("f-%d", i), "crm-1", fmt.Sprintf("f%d@example.org", i), occurred))
			}
			body := `{"items":[` + strings.Join(items, ",") + `]}`
			env.MustDo(t, http.MethodPost, "/api/v1/interactions:batch", key, body, http.StatusInternalServerError, nil)
			if got, want := strings.Join(storedRows(t, env), "\n"), strings.Join(before, "\n"); got != want {
				t.Errorf("after the failed batch:\n%s\nwant as before:\n%s", got, want)
			}
			var buyers int
			if err := env.DB.Gorm().Raw("SELECT count(*) FROM buyers").Scan(&buyers).Error; err != nil || buyers != 1 {
				t.Errorf("buyers = %d (%v), want the 1 stored before", buyers, err)
			}

			if err := env.DB.Gorm().Exec("DROP TRIGGER refuse_jobs" + map[string]string{"postgres": " ON jobs"}[driver]).Error; err != nil {
				t.Fatal(err)
			}
			for i, raw := range postBatch(t, env, key, items) {
				if !strings.Contains(string(raw), `"status":201`) {
					t.Errorf("item %d posted again: %s, want 201", i, raw)
				}
			}
		})
	}
}
