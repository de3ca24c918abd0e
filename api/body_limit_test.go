package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// A batch of 1,000 interactions of over 2 MB is accepted whole: the body
// limit in force is the server's (4 MB), not the API library's own 1 MB.
func TestInteractionsBatchOfAThousand(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			body := longBatch(1000, time.Now().Add(-10*time.Minute))
			if len(body) <= 2<<20 {
				t.Fatalf("the batch is %d bytes, want over 2 MB", len(body))
			}

			var out struct {
				Results []batchResult `json:"results"`
			}
			env.MustDo(t, http.MethodPost, "/api/v1/interactions:batch", key, body, http.StatusOK, &out)
			if got, want := len(out.Results), 1000; got != want {
				t.Fatalf("results = %d, want %d", got, want)
			}
			for _, r := range out.Results {
				if r.Status != http.StatusCreated {
					t.Fatalf("results[%d] = %+v, want status 201", r.Index, r)
				}
			}
		})
	}
}

// longBatch is a batch of n interactions whose buyers have names and
// companies of the longest length allowed, in Japanese, written as a JSON
// encoder that escapes every non-ASCII character writes them (6 bytes a
// character): about 2.6 KB an item.
func longBatch(n int, occurred time.Time) string {
	name, company := asciiJSON(strings.Repeat("山田太郎", 50)), asciiJSON(strings.Repeat("株式会社", 50))
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"external_id":"long-%d","rep":"crm-1","buyer":{"email":"buyer%d@example.jp",`+
			`"name":"%s","company":"%s","locale":"en","timezone":"Asia/Tokyo"},"occurred_at":%q,"kind":"meeting"}`,
			i, i, name, company, occurred.UTC().Format(time.RFC3339))
	}
	return `{"items":[` + strings.Join(items, ",") + `]}`
}

// asciiJSON is s as a JSON string's contents with every non-ASCII
// character escaped.
func asciiJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// A body over the configured limit is refused from its Content-Length with
// a problem document, and a body under it reaches the operation, whatever
// the limit: the server's and the API's checks follow the one setting.
func TestBodyLimit(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			for _, path := range []string{"/api/v1/reps", "/api/v1/interactions:batch"} {
				wantTooLarge(t, env, key, path, api.DefaultLimits.BodyLimit+1)
			}

			l := api.DefaultLimits
			l.BodyLimit = 8 << 20
			large := apitest.MustStartLimits(t, driver, l)
			key = large.MustKey(t)
			wantTooLarge(t, large, key, "/api/v1/interactions:batch", l.BodyLimit+1)
			// 5 MB, over the default limit: read whole and judged on its items.
			padded := `{"items":[]}` + strings.Repeat(" ", 5<<20)
			apitest.Run(t, large, []apitest.Scenario{{Name: "UnderConfiguredLimit", Method: "POST",
				Path: "/api/v1/interactions:batch", Key: key, Body: padded, WantStatus: http.StatusUnprocessableEntity,
				WantContains: []string{"body.items"}, WantHeader: problem}})
		})
	}
}

// wantTooLarge announces a body of n bytes to path and wants 413 as a
// problem document before the body is sent.
func wantTooLarge(t *testing.T, env *apitest.Env, key, path string, n int) {
	t.Helper()
	res := apitest.MustAnnounce(t, env.URL, path, key, n)
	if res.Status != http.StatusRequestEntityTooLarge || res.Header.Get("Content-Type") != api.ProblemType {
		t.Errorf("POST %s of %d bytes: status %d, %s, want 413 problem+json: %s", path, n,
			res.Status, res.Header.Get("Content-Type"), res.Body)
	}
}
