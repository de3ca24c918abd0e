package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// postAll posts bodies at once and returns each answer's status and
// interaction, in the order of bodies.
func postAll(t *testing.T, env *apitest.Env, key string, bodies []string) ([]int, []interaction) {
	t.Helper()
	statuses, out := make([]int, len(bodies)), make([]interaction, len(bodies))
	errs := make([]error, len(bodies))
	var wg sync.WaitGroup
	for i, body := range bodies {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1/interactions", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			statuses[i] = res.StatusCode
			if res.StatusCode < 300 {
				errs[i] = json.Unmarshal(b, &out[i])
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return statuses, out
}

// Interactions posted at the same moment keep the rules a posting at a
// time keeps: one buyer gets one invitation, the rest are throttled; and
// one interaction posted many times at once is recorded once.
func TestInteractionsPostedAtOnce(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			occurred := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Second)

			var bodies []string
			for i := range 8 {
				bodies = append(bodies, ixBody(fmt.Sprintf("same-buyer-%d", i), "crm-1", "one@example.org", occurred))
			}
			statuses, got := postAll(t, env, key, bodies)
			scheduled := 0
			for i, in := range got {
				if statuses[i] != http.StatusCreated {
					t.Fatalf("post %d = %d, want 201", i, statuses[i])
				}
				if in.Invitation.Status == "scheduled" {
					scheduled++
				} else {
					wantSuppressed(t, in, "throttled")
				}
			}
			if scheduled != 1 {
				t.Errorf("%d invitations scheduled for one buyer, want 1", scheduled)
			}

			same := ixBody("same-ix", "crm-1", "two@example.org", occurred)
			statuses, got = postAll(t, env, key, []string{same, same, same, same, same, same})
			created := 0
			for i, in := range got {
				switch {
				case statuses[i] == http.StatusCreated:
					created++
				case statuses[i] != http.StatusOK:
					t.Fatalf("post %d = %d, want 201 or 200", i, statuses[i])
				}
				if in.ID != got[0].ID || in.Invitation.ID != got[0].Invitation.ID {
					t.Errorf("post %d: interaction %d, invitation %d; want %d, %d", i, in.ID, in.Invitation.ID, got[0].ID, got[0].Invitation.ID)
				}
			}
			if created != 1 {
				t.Errorf("%d posts of one interaction answered 201, want 1", created)
			}
		})
	}
}
