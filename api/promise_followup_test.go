package api_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store/storetest"
)

var promiseLinkPattern = regexp.MustCompile(`https?://[^\s"<>]+/p/p[A-Za-z0-9_-]+`)

// The promise follow-up goes through the real queue to a real SMTP server:
// sent once, the set days after the win, to the buyer of a won interaction;
// not to a buyer who unsubscribed, nor to one invited within the throttle
// (both recorded with the reason), nor when the outcome moved away from
// won before it was due. Its answers make the rep's promise score.
func TestPromiseFollowUpEndToEnd(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			clk := newTestClock()
			env := apitest.MustStartWith(t, driver, apitest.Options{Clock: clk})
			key := env.MustKey(t)
			env.MustDo(t, http.MethodPatch, "/api/v1/settings", key, `{"promises":{"enabled":true,"after_days":90}}`, http.StatusOK, nil)
			r := mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
			ob, sk := mustSinkOutboxWith(t, env, outbox.Options{})
			post := func(ext, email, outcome string) interaction {
				t.Helper()
				body := ixBody(ext, "crm-1", email, clk.Now().Add(-3*time.Hour))
				if outcome != "" {
					body = outcomeBody(ext, "crm-1", email, outcome, clk.Now().Add(-3*time.Hour))
				}
				return mustInteraction(t, env, key, body, http.StatusCreated)
			}
			won := post("ix-won", "won@example.org", "won")
			unsub := post("ix-unsub", "unsub@example.org", "won")
			post("ix-throttled", "throttled@example.org", "won")
			changed := post("ix-changed", "changed@example.org", "won")
			post("ix-open", "open@example.org", "open")
			mustRunOutbox(t, ob) // the survey emails
			env.MustDo(t, http.MethodPost, "/u/"+surveys.InvitationToken(env.Org.Secret, unsub.Invitation.ID), "", "", http.StatusOK, nil)

			clk.Advance(10 * 24 * time.Hour)
			env.MustDo(t, http.MethodPost, fmt.Sprintf("/api/v1/interactions/%d/outcome", changed.ID), key, `{"outcome":"lost"}`, http.StatusOK, nil)
			clk.Advance(70 * 24 * time.Hour) // day 80: the throttled buyer is surveyed again
			post("ix-again", "throttled@example.org", "")
			clk.Advance(9 * 24 * time.Hour) // day 89
			mustRunOutbox(t, ob)
			if got := promiseMails(t, sk); len(got) != 0 {
				t.Fatalf("follow-ups sent before they were due: %v", got)
			}
			clk.Advance(24*time.Hour + time.Minute) // day 90
			mustRunOutbox(t, ob)
			mustRunOutbox(t, ob)
			got := promiseMails(t, sk)
			if len(got) != 1 || got[0].to != "won@example.org" {
				t.Fatalf("follow-ups = %v, want one, to won@example.org", got)
			}
			m := got[0].mail
			if !strings.Contains(m.Subject, "did it turn out as Ada said?") || m.Header.Get("List-Unsubscribe") == "" ||
				m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
				t.Errorf("follow-up subject %q, headers %v; want the question and one-click unsubscribe", m.Subject, m.Header)
			}
			wantPromise(t, env, won.ID, surveys.PromiseSent, "")
			wantPromise(t, env, unsub.ID, surveys.PromiseSuppressed, surveys.ReasonUnsubscribed)
			wantPromise(t, env, mustInteractionID(t, env, "ix-throttled"), surveys.PromiseSuppressed, surveys.ReasonThrottled)
			wantPromise(t, env, changed.ID, surveys.PromiseCancelled, "")
			if _, err := env.DB.FindPromiseByInteraction(context.Background(), mustInteractionID(t, env, "ix-open")); surveys.ErrorCode(err) != surveys.ENOTFOUND {
				t.Errorf("an open interaction has a follow-up: %v", err)
			}

			link := promiseLinkPattern.FindString(m.Text)
			path := strings.TrimPrefix(link, env.URL)
			page := env.MustDo(t, http.MethodGet, path, "", "", http.StatusOK, nil)
			for _, want := range []string{"Did what Ada told you turn out to be accurate?", "Does what you bought fit the need you described?"} {
				if !strings.Contains(string(page.Body), want) {
					t.Errorf("follow-up page lacks %q", want)
				}
			}
			form := surveyForm(t, env, path)
			env.MustDo(t, http.MethodPost, path, "", "", http.StatusUnsupportedMediaType, nil)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ForgedForm", Method: "POST", Path: path, ContentType: formType, Body: formBody("1.0.forged", "accurate", "4"), WantStatus: 403},
				{Name: "OutOfRange", Method: "POST", Path: path, ContentType: formType, Body: formBody(form, "accurate", "9"), WantStatus: 422,
					WantContains: []string{"answers.accurate"}},
				{Name: "NothingAnswered", Method: "POST", Path: path, ContentType: formType, Body: formBody(form), WantStatus: 422},
			})
			res, err := env.Send(apitest.Scenario{Method: "POST", Path: path, ContentType: formType, Body: formBody(form, "accurate", "4", "fits", "5")})
			if err != nil || res.Status != http.StatusOK || !strings.Contains(string(res.Body), "Thank you") {
				t.Fatalf("answer: %d %v %s", res.Status, err, res.Body)
			}
			var score struct {
				PromiseScore *struct {
					N   int64   `json:"n"`
					Raw float64 `json:"raw"`
				} `json:"promise_score"`
			}
			day := clk.Now().Format(time.DateOnly)
			env.MustDo(t, http.MethodGet, fmt.Sprintf("/api/v1/scores/reps/%d?from=%s&to=%s", r.ID, day, day), key, "", http.StatusOK, &score)
			// (4−1)·25 = 75 and (5−1)·25 = 100: a promise value of 87.5.
			if p := score.PromiseScore; p == nil || p.N != 1 || math.Abs(p.Raw-87.5) > 1e-9 {
				t.Errorf("promise_score = %+v, want n 1, raw 87.5", p)
			}
			mustRunOutbox(t, ob)
			if n := len(promiseMails(t, sk)); n != 1 {
				t.Errorf("after answering: %d follow-ups, want still 1", n)
			}
			unsubscribe := strings.Replace(path, "/p/", "/u/", 1)
			env.MustDo(t, http.MethodPost, unsubscribe, "", "", http.StatusOK, nil)
			b, err := env.DB.FindBuyerByID(context.Background(), env.Org.ID, mustBuyerID(t, env, won.ID))
			if err != nil || b.Status != surveys.BuyerUnsubscribed {
				t.Errorf("after the follow-up's unsubscribe: buyer %+v, %v; want unsubscribed", b, err)
			}
		})
	}
}

type sentMail struct {
	to   string
	mail mailtest.Mail
}

// promiseMails are the follow-up emails the sink received.
func promiseMails(t *testing.T, sk *mailtest.Sink) []sentMail {
	t.Helper()
	var out []sentMail
	for _, m := range sk.Snapshot().Messages {
		p := mailtest.MustParse(t, m.Data)
		if strings.Contains(p.Subject, "did it turn out") {
			out = append(out, sentMail{strings.Join(m.To, ","), p})
		}
	}
	return out
}

// wantPromise fails unless interaction id's follow-up has status and reason.
func wantPromise(t *testing.T, env *apitest.Env, id int64, status, reason string) {
	t.Helper()
	f, err := env.DB.FindPromiseByInteraction(context.Background(), id)
	if err != nil {
		t.Fatalf("follow-up of interaction %d: %v", id, err)
	}
	if f.Status != status || f.Reason != reason {
		t.Errorf("follow-up of interaction %d: %s (%s), want %s (%s)", id, f.Status, f.Reason, status, reason)
	}
}

// mustInteractionID returns the id of the interaction with external id ext.
func mustInteractionID(t *testing.T, env *apitest.Env, ext string) int64 {
	t.Helper()
	in, err := env.DB.FindInteractionByExternalID(context.Background(), env.Org.ID, ext)
	if err != nil {
		t.Fatal(err)
	}
	return in.ID
}

// mustBuyerID returns the buyer of interaction id.
func mustBuyerID(t *testing.T, env *apitest.Env, id int64) int64 {
	t.Helper()
	in, err := env.DB.FindInteraction(context.Background(), env.Org.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return in.BuyerID
}
