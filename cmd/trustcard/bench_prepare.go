package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"trustcard/surveys"
)

// benchClient speaks to the server under load, as a CRM, an admin and
// buyers would.
type benchClient struct {
	o      benchOptions
	run    string // this run's mark in external ids and addresses
	client *http.Client
}

func newBenchClient(o benchOptions) *benchClient {
	tr := &http.Transport{MaxIdleConnsPerHost: maxBenchInFlight, MaxConnsPerHost: maxBenchInFlight}
	return &benchClient{o: o, run: fmt.Sprintf("%x", time.Now().UnixNano()),
		client: &http.Client{Timeout: time.Minute, Transport: tr,
			// A redirect is the answer: following it would time another request.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// survey is a link token and its page's form token: what an answer needs.
type survey struct{ token, form string }

// prepare makes the reps and the surveys the run answers, then returns the
// run's requests, interactions and answers interleaved by AnswerShare.
func (b *benchClient) prepare(ctx context.Context, progress io.Writer) ([]benchCall, error) {
	total := int(float64(b.o.Rate) * b.o.Duration.Seconds())
	answers := int(float64(total) * b.o.AnswerShare)
	for i := 1; i <= b.o.Reps; i++ {
		body := fmt.Sprintf(`{"external_id":"bench-%d","name":"Bench Rep %d","email":"bench-rep-%d@example.com"}`, i, i, i)
		if _, err := b.do(ctx, http.MethodPost, "/api/v1/reps", body, http.StatusCreated, http.StatusOK); err != nil {
			return nil, err
		}
	}
	surveys, err := b.prepareSurveys(ctx, answers, progress)
	if err != nil {
		return nil, err
	}
	calls := make([]benchCall, 0, total)
	for i := range total {
		if len(surveys) > 0 && (i+1)*answers/total > i*answers/total {
			calls = append(calls, b.answerCall(surveys[0], i))
			surveys = surveys[1:]
			continue
		}
		calls = append(calls, b.interactionCall(i))
	}
	return calls, nil
}

// prepareSurveys posts n interactions due at once, has them sent, and
// returns their surveys.
func (b *benchClient) prepareSurveys(ctx context.Context, n int, progress io.Writer) ([]survey, error) {
	if n == 0 {
		return nil, nil
	}
	restore, err := b.raiseSendRate(ctx)
	if err != nil {
		return nil, err
	}
	defer restore()
	fmt.Fprintf(progress, "preparing %d surveys: posting their interactions\n", n)
	occurred := time.Now().Add(-3 * time.Hour)
	for start := 0; start < n; start += 1000 {
		items := make([]string, 0, 1000)
		for i := start; i < min(n, start+1000); i++ {
			items = append(items, b.interactionBody("s", i, occurred))
		}
		if _, err := b.do(ctx, http.MethodPost, "/api/v1/interactions:batch", `{"items":[`+strings.Join(items, ",")+`]}`, http.StatusOK); err != nil {
			return nil, err
		}
	}
	tokens, err := b.awaitSurveyMail(ctx, n, progress)
	if err != nil {
		return nil, err
	}
	return b.openSurveys(ctx, tokens, progress)
}

// raiseSendRate lifts the org's send_per_minute while the surveys are
// sent, and returns what puts it back.
func (b *benchClient) raiseSendRate(ctx context.Context) (restore func(), err error) {
	var s struct {
		Delivery struct {
			SendPerMinute int `json:"send_per_minute"`
		} `json:"delivery"`
	}
	body, err := b.do(ctx, http.MethodGet, "/api/v1/settings", "", http.StatusOK)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	set := func(n int) error {
		_, err := b.do(context.Background(), http.MethodPatch, "/api/v1/settings", fmt.Sprintf(`{"delivery":{"send_per_minute":%d}}`, n), http.StatusOK)
		return err
	}
	if err := set(surveys.MaxSendPerMinute); err != nil {
		return nil, err
	}
	return func() { _ = set(s.Delivery.SendPerMinute) }, nil
}

var surveyLinkPattern = regexp.MustCompile(`/s/([A-Za-z0-9_-]+)`)

// awaitSurveyMail reads the captured mail, newest first, until it holds a
// survey to each of the run's n buyers, and returns their link tokens.
func (b *benchClient) awaitSurveyMail(ctx context.Context, n int, progress io.Writer) ([]string, error) {
	deadline := time.Now().Add(time.Minute + time.Duration(n)*10*time.Millisecond)
	for {
		tokens, err := b.readSurveyMail(ctx, n)
		if err != nil || len(tokens) == n {
			return tokens, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("only %d of %d surveys reached the captured mail in time: is the server's outbox running (--role all or worker), and is mail captured (no TRUSTCARD_SMTP_URL)?", len(tokens), n)
		}
		fmt.Fprintf(progress, "  %d of %d surveys sent\n", len(tokens), n)
		time.Sleep(time.Second)
	}
}

func (b *benchClient) readSurveyMail(ctx context.Context, n int) ([]string, error) {
	var tokens []string
	seen := map[string]bool{} // a buyer mailed twice answers once
	mine := "@" + b.run + ".example.org"
	for offset := 0; len(tokens) < n; offset += 500 {
		var page struct {
			Items []struct{ To, Text, HTML string }
			Total int
		}
		body, err := b.do(ctx, http.MethodGet, fmt.Sprintf("/api/v1/mail?limit=500&offset=%d", offset), "", http.StatusOK)
		if err != nil {
			return nil, fmt.Errorf("%w (the key needs manage to read the captured mail)", err)
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("read captured mail: %w", err)
		}
		for _, m := range page.Items {
			if strings.HasSuffix(m.To, mine) && strings.HasPrefix(m.To, "s") && !seen[m.To] {
				seen[m.To] = true
				if t := surveyLinkPattern.FindStringSubmatch(m.HTML); t != nil {
					tokens = append(tokens, t[1])
				}
			}
		}
		if offset+500 >= page.Total {
			break
		}
	}
	return tokens, nil
}

var formTokenPattern = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// openSurveys opens each survey page, as its buyer, for its form token.
func (b *benchClient) openSurveys(ctx context.Context, tokens []string, progress io.Writer) ([]survey, error) {
	fmt.Fprintf(progress, "opening %d survey pages\n", len(tokens))
	out := make([]survey, len(tokens))
	errs := make(chan error, len(tokens))
	var wg sync.WaitGroup
	slots := make(chan struct{}, 8)
	for i, t := range tokens {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			form, err := b.surveyForm(ctx, t, i)
			if err != nil {
				errs <- err
				return
			}
			out[i] = survey{token: t, form: form}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, fmt.Errorf("open a survey page: %w", err)
	}
	return out, nil
}

// surveyForm reads the form token of the survey page of link token t as
// buyer i. An email is captured a moment before its sending is recorded,
// and until then the page says the survey is closed: it is asked again.
func (b *benchClient) surveyForm(ctx context.Context, t string, i int) (string, error) {
	for try := 0; ; try++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.o.URL+"/s/"+t, nil)
		req.Header.Set("X-Forwarded-For", buyerAddr(i))
		body, err := b.send(req, http.StatusOK, http.StatusGone)
		if err != nil {
			return "", err
		}
		if m := formTokenPattern.FindSubmatch(body); m != nil {
			return string(m[1]), nil
		}
		if try == 50 {
			return "", fmt.Errorf("the survey page of a link just sent shows no form after 10 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// buyerAddr is the i-th buyer's address, 10.x.y.z.
func buyerAddr(i int) string {
	return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
}

func (b *benchClient) interactionBody(kind string, i int, occurred time.Time) string {
	return fmt.Sprintf(`{"external_id":"bench-%s-%s-%d","rep":"bench-%d","buyer":{"email":"%s%d@%s.example.org","timezone":""},"occurred_at":%q,"kind":"meeting"}`,
		b.run, kind, i, i%b.o.Reps+1, kind, i, b.run, occurred.UTC().Format(time.RFC3339))
}

// do sends an API request with the key and wants one of the statuses.
func (b *benchClient) do(ctx context.Context, method, path, body string, want ...int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, b.o.URL+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+b.o.Key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return b.send(req, want...)
}

func (b *benchClient) send(req *http.Request, want ...int) ([]byte, error) {
	res, err := b.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w (is the server running at --url?)", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	for _, w := range want {
		if res.StatusCode == w {
			return body, nil
		}
	}
	return body, fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, res.StatusCode, bytes.TrimSpace(body))
}

// answerCall is a buyer sending their answers to the survey s.
func (b *benchClient) answerCall(s survey, i int) benchCall {
	form := url.Values{"form_token": {s.form}, "understood": {"4"}, "diagnosed": {"5"}, "interest": {"4"},
		"prepared": {"3"}, "recommend": {"9"}, "comment": {"Quick delivery, friendly rep"}}.Encode()
	return benchCall{kind: "answer", do: func(ctx context.Context) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.o.URL+"/s/"+s.token, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", buyerAddr(i))
		return b.status(req)
	}}
}

// interactionCall is the CRM posting a meeting that just happened.
func (b *benchClient) interactionCall(i int) benchCall {
	body := b.interactionBody("i", i, time.Now())
	return benchCall{kind: "interaction", do: func(ctx context.Context) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.o.URL+"/api/v1/interactions", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+b.o.Key)
		req.Header.Set("Content-Type", "application/json")
		return b.status(req)
	}}
}

// status sends req and returns the answer's status; for an error, what
// the answer says it is.
func (b *benchClient) status(req *http.Request) (int, error) {
	res, err := b.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode < 400 {
		_, _ = io.Copy(io.Discard, res.Body)
		return res.StatusCode, nil
	}
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, errors.New(answerText(body))
}

var headingPattern = regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>(?:\s*<p[^>]*>([^<]*))?`)

// answerText is what an error answer says: a problem document's detail,
// or a page's heading and first paragraph.
func answerText(body []byte) string {
	var p struct{ Detail string }
	if json.Unmarshal(body, &p) == nil && p.Detail != "" {
		return p.Detail
	}
	if m := headingPattern.FindSubmatch(body); m != nil {
		return strings.TrimSpace(string(m[1]) + ": " + string(m[2]))
	}
	return string(bytes.TrimSpace(body[:min(len(body), 200)]))
}
