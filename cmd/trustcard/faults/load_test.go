package faults_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// client talks to one server as the CRM and as buyers do.
type client struct {
	base, key string
	http      *http.Client
}

func newClient(base, key string) *client {
	return &client{base: base, key: key, http: &http.Client{Timeout: time.Minute}}
}

// result is one request's outcome.
type result struct {
	kind       string // "interaction" or "answer"
	id         string // the interaction's external id
	status     int    // 0: no answer (the connection failed)
	took       time.Duration
	retryAfter string
	err        error
}

func (r result) acknowledged() bool { return r.status >= 200 && r.status < 300 }

// do sends one request and times it.
func (c *client) do(kind, id, method, path, contentType, body string) (result, string) {
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		return result{kind: kind, id: id, err: err}, ""
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.key != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	start := time.Now()
	res, err := c.http.Do(req)
	r := result{kind: kind, id: id, took: time.Since(start), err: err}
	if err != nil {
		return r, ""
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r.took, r.status, r.retryAfter = time.Since(start), res.StatusCode, res.Header.Get("Retry-After")
	return r, string(b)
}

// interactionJSON is an interaction of rep r1 three hours ago, so its
// survey is due at once, with the buyer buyerOf(id).
func interactionJSON(id string) string {
	return fmt.Sprintf(`{"external_id":%q,"rep":"r1","buyer":{"email":%q,"timezone":""},"occurred_at":%q,"kind":"meeting"}`,
		id, buyerOf(id), time.Now().Add(-3*time.Hour).UTC().Format(time.RFC3339))
}

// buyerOf is the buyer's address of interaction id.
func buyerOf(id string) string { return strings.ToLower(id) + "@buyer.test" }

// postInteraction posts one interaction.
func (c *client) postInteraction(id string) result {
	r, _ := c.do("interaction", id, http.MethodPost, "/api/v1/interactions", "application/json", interactionJSON(id))
	return r
}

var formTokenPattern = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// answer opens a survey link and answers it, as a buyer does; the result
// is the answer's, or the page's when the page failed.
func (c *client) answer(id, token string) result {
	page, body := c.do("answer", id, http.MethodGet, "/s/"+token, "", "")
	m := formTokenPattern.FindStringSubmatch(body)
	if page.status != http.StatusOK || m == nil {
		return page
	}
	form := url.Values{"form_token": {m[1]}, "understood": {"4"}, "intent": {"submit"}}.Encode()
	r, _ := c.do("answer", id, http.MethodPost, "/s/"+token, "application/x-www-form-urlencoded", form)
	return r
}

// load is a run of requests under way.
type load struct {
	mu      sync.Mutex
	results []result
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

func (l *load) add(r result) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.results = append(l.results, r)
}

// pause is each client's rest between requests: four clients stay under
// 40 interactions a second, below any one API key's fair rate, so that
// what the tests see is the fault's doing.
const pause = 100 * time.Millisecond

// drive posts interactions named prefix-W-N from workers goroutines, and
// answers each of tokens (by interaction id) once, until stop.
func drive(c *client, prefix string, workers int, tokens map[string]string) *load {
	ctx, cancel := context.WithCancel(context.Background())
	l := &load{cancel: cancel}
	answers := make(chan [2]string, len(tokens))
	for id, tok := range tokens {
		answers <- [2]string{id, tok}
	}
	close(answers)
	for w := range workers {
		l.wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				l.add(c.postInteraction(fmt.Sprintf("%s-%d-%d", prefix, w, i)))
				if a, ok := <-answers; ok {
					l.add(c.answer(a[0], a[1]))
				}
				time.Sleep(pause)
			}
		})
	}
	return l
}

// stop ends the run and returns every request's result.
func (l *load) stop() []result {
	l.cancel()
	l.wg.Wait()
	return l.results
}
