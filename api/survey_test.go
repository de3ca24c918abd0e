package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store/storetest"
)

// surveyMail is a survey email captured for one buyer.
type surveyMail struct {
	Links  []string // every link of the HTML part, absolute
	Survey string   // the full-survey link
	Token  string
}

var (
	hrefPattern      = regexp.MustCompile(`href="([^"]+)"`)
	formTokenPattern = regexp.MustCompile(`name="form_token" value="([^"]+)"`)
)

// startSurveys starts a server on driver with the rep crm-1, Ada, and
// returns it with an all-scopes key.
func startSurveys(t *testing.T, driver string) (*apitest.Env, string) {
	t.Helper()
	env := apitest.MustStart(t, driver)
	key := env.MustKey(t)
	mustRep(t, env, key, "crm-1", "Ada Lovelace", "ada@example.com", http.StatusCreated)
	return env, key
}

// mustSurveyMail records an interaction of rep crm-1 (who must exist) with
// buyer email in locale, sends its invitation through the outbox into the
// captured mail, and returns that email's links.
func mustSurveyMail(t testing.TB, env *apitest.Env, key, ext, email, locale string) surveyMail {
	t.Helper()
	body := fmt.Sprintf(`{"external_id":%q,"rep":"crm-1","buyer":{"email":%q,"locale":%q,"timezone":""},"occurred_at":%q,"kind":"meeting"}`,
		ext, email, locale, time.Now().Add(-3*time.Hour).UTC().Format(time.RFC3339))
	in := mustInteraction(t, env, key, body, http.StatusCreated)
	ob := outbox.New(env.Services.Worker, &mail.Capture{Store: env.DB}, slog.New(slog.DiscardHandler),
		outbox.Options{BaseURL: env.URL, Concurrency: 1, Batch: 10, Lease: time.Minute})
	if _, err := ob.RunOnce(context.Background()); err != nil {
		t.Fatalf("outbox: %v", err)
	}
	var list struct {
		Items []struct{ To, HTML string }
	}
	env.MustDo(t, http.MethodGet, "/api/v1/mail?limit=100", key, "", http.StatusOK, &list)
	for _, m := range list.Items {
		if m.To != email {
			continue
		}
		sm := surveyMail{Token: surveys.InvitationToken(env.Org.Secret, in.Invitation.ID)}
		for _, h := range hrefPattern.FindAllStringSubmatch(m.HTML, -1) {
			link := strings.ReplaceAll(h[1], "&amp;", "&")
			sm.Links = append(sm.Links, link)
			if strings.HasSuffix(link, "/s/"+sm.Token) {
				sm.Survey = link
			}
		}
		if sm.Survey == "" {
			t.Fatalf("mail to %s has no survey link: %v", email, sm.Links)
		}
		return sm
	}
	t.Fatalf("no mail captured for %s", email)
	return surveyMail{}
}

// surveyForm returns the form token of the survey page at path.
func surveyForm(t testing.TB, env *apitest.Env, path string) string {
	t.Helper()
	res := env.MustDo(t, http.MethodGet, path, "", "", http.StatusOK, nil)
	m := formTokenPattern.FindSubmatch(res.Body)
	if m == nil {
		t.Fatalf("GET %s: no form token in:\n%s", path, res.Body)
	}
	return string(m[1])
}

// storedResponse returns the answers stored for the link token, or nil.
func storedResponse(t *testing.T, env *apitest.Env, token string) *surveys.Response {
	t.Helper()
	inv, err := env.Services.Buyers.InvitationForToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	r, err := env.DB.FindResponseByInvitation(context.Background(), inv.ID)
	if surveys.ErrorCode(err) == surveys.ENOTFOUND {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mustExpire makes the link token's invitation expire a minute ago.
func mustExpire(t *testing.T, env *apitest.Env, token string) {
	t.Helper()
	inv, err := env.Services.Buyers.InvitationForToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	inv.ExpiresAt = time.Now().Add(-time.Minute)
	if err := env.DB.UpdateInvitation(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
}

func formBody(form string, fields ...string) string {
	v := url.Values{"form_token": {form}}
	for i := 0; i+1 < len(fields); i += 2 {
		v.Add(fields[i], fields[i+1])
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"

// A link scanner opens every link of the email with GET (and HEAD):
// nothing is recorded, and the invitation is not even marked opened.
func TestSurveyLinkScanner(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
			if n := len(m.Links); n < 7 {
				t.Fatalf("email has %d links, want the five ratings, the survey and unsubscribe: %v", n, m.Links)
			}
			for _, link := range m.Links {
				for _, method := range []string{http.MethodGet, http.MethodHead} {
					req, _ := http.NewRequest(method, link, nil)
					res, err := env.Client.Do(req)
					if err != nil {
						t.Fatalf("%s %s: %v", method, link, err)
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						t.Errorf("%s %s = %d, want 200", method, link, res.StatusCode)
					}
				}
			}
			if r := storedResponse(t, env, m.Token); r != nil {
				t.Errorf("after the scanner: a response was stored: %+v", r)
			}
			inv, _ := env.Services.Buyers.InvitationForToken(context.Background(), m.Token)
			if inv.Status != surveys.InvitationSent || !inv.OpenedAt.IsZero() {
				t.Errorf("after the scanner: invitation %s, opened at %v; want sent and not opened", inv.Status, inv.OpenedAt)
			}
			if got := buyerStatus(t, env, m.Token); got != surveys.BuyerActive {
				t.Errorf("after the scanner: buyer %s, want active", got)
			}
		})
	}
}

// Bad input gets a clear 4xx naming the problem, and writes nothing; only
// the page's own form, once, is taken.
func TestSurveyBadInput(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
			other := mustSurveyMail(t, env, key, "ix-2", "other@example.org", "")
			path := "/s/" + m.Token
			form := surveyForm(t, env, path)
			otherForm := surveyForm(t, env, "/s/"+other.Token)
			long := strings.Repeat("é", surveys.MaxCommentLen+1)
			post := func(name, body string, status int, contains string) apitest.Scenario {
				return apitest.Scenario{Name: name, Method: "POST", Path: path, Body: body, ContentType: formType,
					WantStatus: status, WantContains: []string{contains}, WantHeader: map[string]string{"Content-Type": "text/html"}}
			}
			apitest.Run(t, env, []apitest.Scenario{
				post("UnknownQuestion", formBody(form, "mood", "3"), 422, "no such question"),
				post("RatingTooHigh", formBody(form, "understood", "6"), 422, "between 1 and 5"),
				post("ScaleTooLow", formBody(form, "recommend", "-1"), 422, "between 0 and 10"),
				post("NotANumber", formBody(form, "understood", "five"), 422, "whole number"),
				post("AnsweredTwice", formBody(form, "understood", "4", "understood", "5"), 422, "whole number"),
				post("CommentTooLong", formBody(form, "comment", long), 422, "comment"),
				post("Nothing", formBody(form), 422, "at least one"),
				post("NoFormToken", "understood=4", 403, "did not come from this survey page"),
				post("ForgedFormToken", formBody(form[:len(form)-2]+"xx", "understood", "4"), 403, "did not come from this survey page"),
				post("OtherLinksForm", formBody(otherForm, "understood", "4"), 403, "did not come from this survey page"),
				post("UnknownIntent", formBody(form, "understood", "4", "intent", "delete"), 422, "intent"),
				{Name: "JSONBody", Method: "POST", Path: path, Body: `{"understood":4}`, ContentType: "application/json",
					WantStatus: 415, WantContains: []string{"survey form"}},
				{Name: "UnknownLink", Method: "POST", Path: "/s/sUNKNOWN", Body: formBody(form, "understood", "4"), ContentType: formType,
					WantStatus: 404},
			})
			crossSite(t, env, path, formBody(form, "understood", "4"))
			if r := storedResponse(t, env, m.Token); r != nil {
				t.Fatalf("bad input stored a response: %+v", r)
			}

			apitest.Run(t, env, []apitest.Scenario{
				post("Submit", formBody(form, "understood", "4", "recommend", "9", "comment", "<script>alert(1)</script> 👍", "share_name", "on"), 200, "Thank you!"),
				post("Replay", formBody(form, "understood", "1"), 409, "already sent"),
			})
			r := storedResponse(t, env, m.Token)
			if r == nil || !maps(r.Answers, map[string]int{"understood": 4, "recommend": 9}) || r.Comment != "<script>alert(1)</script> 👍" || !r.ShareName {
				t.Fatalf("stored %+v, want the submitted answers as given", r)
			}
			res := env.MustDo(t, http.MethodGet, path+"?edit=1", "", "", http.StatusOK, nil)
			if !strings.Contains(string(res.Body), "&lt;script&gt;alert(1)&lt;/script&gt; 👍") {
				t.Errorf("the comment is not shown escaped:\n%s", res.Body)
			}
		})
	}
}

// crossSite posts body as a browser would from another site.
func crossSite(t *testing.T, env *apitest.Env, path, body string) {
	t.Helper()
	for _, h := range [][2]string{{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}} {
		req, _ := http.NewRequest(http.MethodPost, env.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", formType)
		req.Header.Set(h[0], h[1])
		res, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "its own survey page") {
			t.Errorf("POST with %s: %s = %d, want 403 naming the page:\n%s", h[0], h[1], res.StatusCode, b)
		}
	}
}

func maps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The page script's POSTs: "open" marks the invitation opened, "save"
// stores the pre-selected rating and hands back a fresh form token.
func TestSurveyOpenAndSave(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
			path := "/s/" + m.Token
			form := surveyForm(t, env, path+"?understood=2")
			env.MustDo(t, http.MethodPost, path, "", "", 415, nil)
			res, err := env.Send(apitest.Scenario{Method: "POST", Path: path, Body: formBody(form, "intent", "open"), ContentType: formType})
			if err != nil || res.Status != 200 {
				t.Fatalf("open: %d %v %s", res.Status, err, res.Body)
			}
			inv, _ := env.Services.Buyers.InvitationForToken(context.Background(), m.Token)
			if inv.Status != surveys.InvitationOpened || inv.OpenedAt.IsZero() {
				t.Errorf("after open: invitation %s at %v, want opened", inv.Status, inv.OpenedAt)
			}
			res, _ = env.Send(apitest.Scenario{Method: "POST", Path: path, Body: formBody(form, "intent", "save", "understood", "2"), ContentType: formType})
			var next struct {
				FormToken string `json:"form_token"`
			}
			if err := json.Unmarshal(res.Body, &next); res.Status != 200 || err != nil || next.FormToken == form {
				t.Fatalf("save: %d %s", res.Status, res.Body)
			}
			if r := storedResponse(t, env, m.Token); r == nil || !maps(r.Answers, map[string]int{"understood": 2}) || !r.Provisional {
				t.Fatalf("after save: %+v, want understood 2, provisional", r)
			}
			// A saved tap is kept but not counted: a scanner that runs scripts could have made it.
			inv, _ = env.Services.Buyers.InvitationForToken(context.Background(), m.Token)
			if inv.Status != surveys.InvitationOpened {
				t.Errorf("after a provisional save: invitation %s, want opened", inv.Status)
			}
			if n := env.MustTotal(t, "/api/v1/responses", key); n != 0 {
				t.Errorf("after a provisional save: %d responses listed, want 0", n)
			}
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "SubmitWithFreshToken", Method: "POST", Path: path, ContentType: formType,
					Body: formBody(next.FormToken, "understood", "3", "interest", "5"), WantStatus: 200, WantContains: []string{"Thank you!", "Change my answers"}},
				{Name: "ThanksOnReturn", Method: "GET", Path: path, WantStatus: 200, WantContains: []string{"Thank you!"}, WantNotContains: []string{"<form"}},
				{Name: "EditShowsAnswers", Method: "GET", Path: path + "?edit=1", WantStatus: 200, WantContains: []string{`value="3" checked`, `value="5" checked`},
					WantHeader: map[string]string{"Cache-Control": "no-store", "Vary": "Accept-Language", "Content-Security-Policy": "script-src 'self'"}},
			})
			if r := storedResponse(t, env, m.Token); !maps(r.Answers, map[string]int{"understood": 3, "interest": 5}) || r.Provisional {
				t.Fatalf("after submit: %+v", r)
			}
			inv, _ = env.Services.Buyers.InvitationForToken(context.Background(), m.Token)
			if n := env.MustTotal(t, "/api/v1/responses", key); inv.Status != surveys.InvitationAnswered || n != 1 {
				t.Errorf("after submit: invitation %s and %d responses listed, want answered and 1", inv.Status, n)
			}
			// Tapping another rating in the email later does not replace the sent answers.
			again := surveyForm(t, env, path+"?understood=1")
			env.Send(apitest.Scenario{Method: "POST", Path: path, Body: formBody(again, "intent", "save", "understood", "1"), ContentType: formType})
			if r := storedResponse(t, env, m.Token); !maps(r.Answers, map[string]int{"understood": 3, "interest": 5}) || r.Provisional {
				t.Fatalf("a later tap replaced the sent answers: %+v", r)
			}
		})
	}
}

// Expired, unsubscribed and unknown links have their own pages, and take
// no answers.
func TestSurveyStates(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			expired := mustSurveyMail(t, env, key, "ix-1", "late@example.org", "")
			unsub := mustSurveyMail(t, env, key, "ix-2", "gone@example.org", "")
			expiredForm, unsubForm := surveyForm(t, env, "/s/"+expired.Token), surveyForm(t, env, "/s/"+unsub.Token)
			mustExpire(t, env, expired.Token)
			env.MustDo(t, http.MethodPost, "/u/"+unsub.Token, "", "", http.StatusOK, nil)
			apitest.Run(t, env, []apitest.Scenario{
				{Name: "ExpiredGet", Method: "GET", Path: "/s/" + expired.Token, WantStatus: 410, WantContains: []string{"This survey has closed"}, WantNotContains: []string{"<form"}},
				{Name: "ExpiredPost", Method: "POST", Path: "/s/" + expired.Token, Body: formBody(expiredForm, "understood", "4"), ContentType: formType, WantStatus: 409, WantContains: []string{"This survey has closed"}},
				{Name: "UnsubscribedGet", Method: "GET", Path: "/s/" + unsub.Token, WantStatus: 200, WantContains: []string{"You are unsubscribed"}, WantNotContains: []string{"<form"}},
				{Name: "UnsubscribedPost", Method: "POST", Path: "/s/" + unsub.Token, Body: formBody(unsubForm, "understood", "4", "lang", "de"), ContentType: formType, WantStatus: 409, WantContains: []string{"Sie sind abgemeldet"}},
				{Name: "UnknownGet", Method: "GET", Path: "/s/sNOSUCHTOKEN", WantStatus: 404, WantContains: []string{"know this link"}},
				{Name: "APIKeyOpensNothing", Method: "GET", Path: "/s/sNOSUCHTOKEN", Key: key, WantStatus: 404},
			})
			for _, tok := range []string{expired.Token, unsub.Token} {
				if r := storedResponse(t, env, tok); r != nil {
					t.Errorf("a closed link stored %+v", r)
				}
			}
		})
	}
}

// The page speaks the buyer's locale, else the browser's, else English,
// and the switcher's choice over all.
func TestSurveyLanguage(t *testing.T) {
	env, key := startSurveys(t, "sqlite")
	fr := mustSurveyMail(t, env, key, "ix-1", "fr@example.org", "fr")
	none := mustSurveyMail(t, env, key, "ix-2", "none@example.org", "")
	cases := []struct{ path, accept, want, lang string }{
		{"/s/" + fr.Token, "de-DE,de;q=0.9", "Comment s'est passé votre échange avec Ada", "fr"},
		{"/s/" + none.Token, "en;q=0.5, de-AT;q=0.8, ja", "Wie war Ihr Gespräch mit Ada?", "de"},
		{"/s/" + none.Token, "ja, zh", "How was your conversation with Ada?", "en"},
		{"/s/" + fr.Token + "?lang=es", "de", "¿Qué tal fue su conversación con Ada?", "es"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(http.MethodGet, env.URL+c.path, nil)
		req.Header.Set("Accept-Language", c.accept)
		res, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := strings.ReplaceAll(string(b), "&#39;", "'")
		if !strings.Contains(page, c.want) || !strings.Contains(page, `<html lang="`+c.lang+`">`) {
			t.Errorf("GET %s (Accept-Language %q): want %q in lang %s:\n%s", c.path, c.accept, c.want, c.lang, b)
		}
	}
}

// One link, and one client address, may only ask so often a minute.
func TestSurveyRateLimits(t *testing.T) {
	l := api.DefaultLimits
	l.BuyerPerLink, l.BuyerPerAddress = 3, 5
	env := apitest.MustStartLimits(t, "sqlite", l)
	statuses := func(paths ...string) []int {
		var got []int
		for _, p := range paths {
			got = append(got, env.Do(t, http.MethodGet, p, "", "").Status)
		}
		return got
	}
	if got, want := statuses("/s/sA", "/s/sA", "/s/sA", "/s/sA"), []int{404, 404, 404, 429}; !slices.Equal(got, want) {
		t.Errorf("one link: %v, want %v", got, want)
	}
	if got, want := statuses("/s/sB", "/s/sC"), []int{404, 429}; !slices.Equal(got, want) {
		t.Errorf("one address: %v, want %v", got, want)
	}
	// Behind a trusted load balancer each buyer counts on their own, by the
	// right-most address it added; what the client wrote before is ignored.
	l.TrustedProxies, _ = api.ParseProxies("127.0.0.1, ::1")
	env = apitest.MustStartLimits(t, "sqlite", l)
	from := func(xff string, paths ...string) []int {
		var got []int
		for _, p := range paths {
			res, err := env.Send(apitest.Scenario{Method: http.MethodGet, Path: p, Header: map[string]string{"X-Forwarded-For": xff}})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, res.Status)
		}
		return got
	}
	if got, want := from("198.51.100.7", "/s/a1", "/s/a2", "/s/a3", "/s/a4", "/s/a5", "/s/a6"), []int{404, 404, 404, 404, 404, 429}; !slices.Equal(got, want) {
		t.Errorf("one buyer behind the proxy: %v, want %v", got, want)
	}
	if got, want := from("198.51.100.7, 203.0.113.9", "/s/b1"), []int{404}; !slices.Equal(got, want) {
		t.Errorf("another buyer behind the proxy: %v, want %v", got, want)
	}
	if got, want := from("203.0.113.50, 198.51.100.7", "/s/b2"), []int{429}; !slices.Equal(got, want) {
		t.Errorf("a spoofed left-most address: %v, want %v (counted as 198.51.100.7)", got, want)
	}
	// The unsubscribe page takes the same token, and the same limits.
	l.TrustedProxies = nil
	env = apitest.MustStartLimits(t, "sqlite", l)
	if got, want := statuses("/u/sA", "/u/sA", "/u/sA", "/u/sA"), []int{404, 404, 404, 429}; !slices.Equal(got, want) {
		t.Errorf("one unsubscribe link: %v, want %v", got, want)
	}
}

// An unknown link answers 404 after the same database statements as a
// known one, so that its timing does not tell the two apart. The
// statements are compared, not the times: on a shared machine the times of
// two requests differ by more than a lookup. BenchmarkSurveyLinkTiming
// measures the times.
func TestSurveyUnknownTokenLookups(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
			rec := storetest.RecordStatements(t, env.DB)
			get := func(path string, want int) []string {
				return rec.During(func() { env.MustDo(t, http.MethodGet, path, "", "", want, nil) })
			}
			known := get("/s/"+m.Token, http.StatusOK)
			unknown := get(fmt.Sprintf("/s/s%043d", 1), http.StatusNotFound)
			if len(known) == 0 || !slices.Equal(known, unknown) {
				t.Errorf("a known link ran %d statements and an unknown one %d; want the same:\nknown:\n%s\nunknown:\n%s",
					len(known), len(unknown), strings.Join(known, "\n"), strings.Join(unknown, "\n"))
			}
		})
	}
}

// The same form sent twice at once is taken once: the other gets 409.
func TestSurveyConcurrentReplay(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env, key := startSurveys(t, driver)
			m := mustSurveyMail(t, env, key, "ix-1", "buyer@example.org", "")
			form := surveyForm(t, env, "/s/"+m.Token)
			const senders = 4
			statuses := make(chan int, senders)
			for i := range senders {
				go func() {
					res, err := env.Send(apitest.Scenario{Method: "POST", Path: "/s/" + m.Token, ContentType: formType,
						Body: formBody(form, "understood", fmt.Sprint(i+1))})
					if err != nil {
						t.Error(err)
					}
					statuses <- res.Status
				}()
			}
			var got []int
			for range senders {
				got = append(got, <-statuses)
			}
			slices.Sort(got)
			if want := []int{200, 409, 409, 409}; !slices.Equal(got, want) {
				t.Errorf("statuses %v, want %v", got, want)
			}
			if r := storedResponse(t, env, m.Token); r == nil || len(r.Answers) != 1 {
				t.Errorf("stored %+v, want one answer", r)
			}
		})
	}
}
