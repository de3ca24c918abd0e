package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys/store/storetest"
)

// behindProxy starts a server that believes loopback's X-Forwarded-For,
// so that one test can be many clients.
func behindProxy(t *testing.T, driver string, l api.Limits) *apitest.Env {
	t.Helper()
	l.TrustedProxies, _ = api.ParseProxies("127.0.0.1, ::1")
	return apitest.MustStartLimits(t, driver, l)
}

// sendFrom sends sc as if from client address addr.
func sendFrom(t *testing.T, env *apitest.Env, addr string, sc apitest.Scenario) apitest.Response {
	t.Helper()
	sc.Header = map[string]string{"X-Forwarded-For": addr}
	res, err := env.Send(sc)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// 300 guessed API keys from one client: the limit's worth are checked and
// refused (401), the rest are 429 with Retry-After without being checked;
// a good key from another client is still served.
func TestGuessedAPIKeys(t *testing.T) {
	env := behindProxy(t, "sqlite", api.DefaultLimits)
	good := env.MustKey(t)
	limit := api.DefaultLimits.FailedCredentials.Burst
	var unauthorized, limited int
	for i := range 300 {
		res := sendFrom(t, env, "198.51.100.7", apitest.Scenario{Method: "GET", Path: "/api/v1/reps", Key: fmt.Sprintf("tc_guess%04d", i)})
		switch res.Status {
		case http.StatusUnauthorized:
			unauthorized++
		case http.StatusTooManyRequests:
			limited++
			if i == 299 && res.Header.Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
			if i == 299 && !strings.Contains(string(res.Body), "wrong API keys") {
				t.Errorf("429 body = %s, want it to name the limit", res.Body)
			}
		default:
			t.Fatalf("guess %d: status %d", i, res.Status)
		}
	}
	// The allowance refills while the guesses run, a little.
	if unauthorized < limit || unauthorized > limit+3 || limited != 300-unauthorized {
		t.Errorf("300 guesses: %d refused, %d limited; want about %d refused and the rest 429", unauthorized, limited, limit)
	}
	if got := sendFrom(t, env, "198.51.100.7", apitest.Scenario{Method: "GET", Path: "/api/v1/reps", Key: good}).Status; got != http.StatusTooManyRequests {
		t.Errorf("the guessing client's good key = %d, want 429 (the client is refused, not the key)", got)
	}
	if got := sendFrom(t, env, "203.0.113.9", apitest.Scenario{Method: "GET", Path: "/api/v1/reps", Key: good}).Status; got != http.StatusOK {
		t.Errorf("a good key from another client = %d, want 200", got)
	}
}

// One key over its rate gets 429 with Retry-After and the RateLimit
// headers; every answer within it carries the headers too.
func TestAPIKeyRate(t *testing.T) {
	l := api.DefaultLimits
	l.APIKey = api.Rate{PerSecond: 1, Burst: 5}
	env := apitest.MustStartLimits(t, "sqlite", l)
	key, other := env.MustKey(t), env.MustKey(t)
	var last apitest.Response
	for i := range 5 {
		last = env.MustDo(t, "GET", "/api/v1/reps", key, "", http.StatusOK, nil)
		if got, want := last.Header.Get("RateLimit-Limit"), "5"; got != want {
			t.Errorf("request %d: RateLimit-Limit = %q, want %q", i, got, want)
		}
	}
	if got := last.Header.Get("RateLimit-Remaining"); got != "0" && got != "1" {
		t.Errorf("after 5 of 5: RateLimit-Remaining = %q, want 0 (or 1 if a second passed)", got)
	}
	res := env.Do(t, "GET", "/api/v1/reps", key, "")
	if res.Status == http.StatusOK { // a second passed: spend it
		res = env.Do(t, "GET", "/api/v1/reps", key, "")
	}
	if res.Status != http.StatusTooManyRequests {
		t.Fatalf("over the rate: status %d, want 429", res.Status)
	}
	for _, h := range []string{"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} {
		if res.Header.Get(h) == "" {
			t.Errorf("429 lacks %s", h)
		}
	}
	if wait, _ := strconv.Atoi(res.Header.Get("Retry-After")); wait < 1 || wait > 1 {
		t.Errorf("Retry-After = %q, want 1 (one request a second)", res.Header.Get("Retry-After"))
	}
	if !strings.Contains(string(res.Body), "1 requests a second") {
		t.Errorf("429 body = %s, want it to name the rate", res.Body)
	}
	env.MustDo(t, "GET", "/api/v1/reps", other, "", http.StatusOK, nil) // another key has its own
	time.Sleep(1100 * time.Millisecond)
	env.MustDo(t, "GET", "/api/v1/reps", key, "", http.StatusOK, nil) // and the key recovers
}

// Guessed sign-in links from one client are 429 after the limit, with the
// form saying to wait; another client's are still checked.
func TestGuessedSignInLinks(t *testing.T) {
	env := behindProxy(t, "sqlite", api.DefaultLimits)
	limit := api.DefaultLimits.FailedCredentials.Burst
	var notFound, limited int
	for i := range 300 {
		res := sendFrom(t, env, "198.51.100.7", apitest.Scenario{Method: "POST", Path: fmt.Sprintf("/signin/guess%04d", i)})
		switch res.Status {
		case http.StatusNotFound:
			notFound++
		case http.StatusTooManyRequests:
			limited++
			if i == 299 && (res.Header.Get("Retry-After") == "" || !strings.Contains(string(res.Body), "Please wait")) {
				t.Errorf("429 without Retry-After or the words to wait: %s", res.Body)
			}
		default:
			t.Fatalf("guess %d: status %d", i, res.Status)
		}
	}
	if notFound < limit || notFound > limit+3 || limited != 300-notFound {
		t.Errorf("300 guesses: %d checked, %d limited; want about %d checked and the rest 429", notFound, limited, limit)
	}
	if got := sendFrom(t, env, "203.0.113.9", apitest.Scenario{Method: "POST", Path: "/signin/another"}).Status; got != http.StatusNotFound {
		t.Errorf("another client's link = %d, want 404", got)
	}
}

// A batch over the org's limit of interactions a minute is 429 naming the
// limit, and records nothing; one over the whole allowance is 422.
func TestIngestLimit(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			l := api.DefaultLimits
			l.Ingest = api.PerMinute(5)
			env := apitest.MustStartLimits(t, driver, l)
			key := env.MustKey(t)
			mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			occurred := time.Now().Add(-time.Hour)
			batch := func(prefix string, n int) string {
				items := make([]string, n)
				for i := range items {
					items[i] = ixBody(fmt.Sprintf("%s-%d", prefix, i), "crm-1", fmt.Sprintf("%s%d@example.org", prefix, i), occurred)
				}
				return `{"items":[` + strings.Join(items, ",") + `]}`
			}
			env.MustDo(t, "POST", "/api/v1/interactions:batch", key, batch("a", 3), http.StatusOK, nil)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "OverTheMinute", Method: "POST", Path: "/api/v1/interactions:batch", Key: key, Body: batch("b", 3),
					WantStatus: 429, WantContains: []string{"limit of 5 interactions a minute", "nothing was recorded"},
					WantHeader: map[string]string{"Retry-After": "", "RateLimit-Limit": "5", "RateLimit-Remaining": ""}},
				{Name: "OneOverTheMinute", Method: "POST", Path: "/api/v1/interactions", Key: key, Body: ixBody("c", "crm-1", "c@example.org", occurred),
					WantStatus: 201},
				{Name: "MoreThanAtOnce", Method: "POST", Path: "/api/v1/interactions:batch", Key: key, Body: batch("d", 6),
					WantStatus: 422, WantContains: []string{"body.items", "send smaller batches"}},
			})
			if got, want := env.MustTotal(t, "/api/v1/invitations", key), 4; got != want {
				t.Errorf("invitations = %d, want %d (the refused batches wrote nothing)", got, want)
			}
		})
	}
}
