package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"trustcard/api"
	"trustcard/api/apitest"
	"trustcard/surveys"
)

// Fuzz targets for what the outside sends, each through a real server on
// SQLite, as a client would: nothing answers 5xx, and what is accepted
// reads back as it was answered. Seeds are below and in testdata/fuzz/.
// .ci/run runs each for a few seconds:
//
//	go test ./api/ -run '^$' -fuzz '^FuzzInteraction$' -fuzztime 30s

// fuzzEnv starts a server with every per-client limit lifted (the fuzzer
// is one very busy client) and rep crm-1, and returns it with an
// all-scopes key.
func fuzzEnv(f *testing.F) (*apitest.Env, string) {
	f.Helper()
	l := api.DefaultLimits
	l.BuyerPerAddress, l.BuyerPerLink, l.SignInPerAddress, l.SignInPerEmail = 1<<30, 1<<30, 1<<30, 1<<30
	l.APIKey, l.FailedCredentials, l.Ingest = api.Rate{}, api.Rate{}, api.Rate{}
	env := apitest.MustStartLimits(f, "sqlite", l)
	key := env.MustKey(f)
	env.MustDo(f, http.MethodPost, "/api/v1/reps", key,
		`{"external_id":"crm-1","name":"Ada Lovelace","email":"ada@example.com"}`, http.StatusCreated, nil)
	return env, key
}

// send sends sc and fails on a transport error or a 5xx.
func send(t *testing.T, env *apitest.Env, sc apitest.Scenario) apitest.Response {
	t.Helper()
	res, err := env.Send(sc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status >= 500 {
		t.Fatalf("%s %s with %q: %d\n%s", sc.Method, sc.Path, sc.Body, res.Status, res.Body)
	}
	return res
}

var fuzzOccurred = time.Now().Add(-3 * time.Hour).UTC().Format(time.RFC3339)

// An interaction body: no 5xx, and one that is taken reads back by its id
// with the same external id.
func FuzzInteraction(f *testing.F) {
	env, key := fuzzEnv(f)
	for _, s := range []string{
		ixBody("seed-1", "crm-1", "buyer@example.org", time.Now().Add(-time.Hour)),
		`{"external_id":"x","rep":"crm-1","buyer":{"email":"a@b.c","locale":"de-AT","timezone":"Europe/Berlin"},"occurred_at":"` + fuzzOccurred + `","kind":"call"}`,
		`{"external_id":"","rep":"nobody","buyer":{},"occurred_at":"yesterday"}`, `{}`, `[]`, `null`, `{"buyer":{"email":"\u0000@x"}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		res := send(t, env, apitest.Scenario{Method: "POST", Path: "/api/v1/interactions", Key: key, Body: body})
		if res.Status != http.StatusCreated && res.Status != http.StatusOK {
			return
		}
		var got interaction
		if err := json.Unmarshal(res.Body, &got); err != nil {
			t.Fatalf("%d answer is not an interaction: %v", res.Status, err)
		}
		var again interaction
		env.MustDo(t, "GET", fmt.Sprintf("/api/v1/interactions/%d", got.ID), key, "", http.StatusOK, &again)
		if again.ExternalID != got.ExternalID || again.Invitation.Status != got.Invitation.Status {
			t.Errorf("read back %+v, answered %+v", again, got)
		}
	})
}

// A batch: no 5xx, and a 200 has one result per item, in order, each a
// status the API documents.
func FuzzInteractionBatch(f *testing.F) {
	env, key := fuzzEnv(f)
	good := ixBody("seed-b", "crm-1", "b@example.org", time.Now().Add(-time.Hour))
	for _, s := range []string{`{"items":[` + good + `]}`, `{"items":[` + good + `,{}]}`, `{"items":[]}`, `{"items":null}`, `{"items":[1,"a"]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		res := send(t, env, apitest.Scenario{Method: "POST", Path: "/api/v1/interactions:batch", Key: key, Body: body})
		if res.Status != http.StatusOK {
			return
		}
		var in struct{ Items []json.RawMessage }
		var out struct {
			Results []struct{ Index, Status int }
		}
		if json.Unmarshal([]byte(body), &in) != nil || json.Unmarshal(res.Body, &out) != nil || len(out.Results) != len(in.Items) {
			t.Fatalf("200 for %q: results %s", body, res.Body)
		}
		for i, r := range out.Results {
			if r.Index != i || (r.Status != 200 && r.Status != 201 && r.Status != 409 && r.Status != 422) {
				t.Errorf("result %d = %+v", i, r)
			}
		}
	})
}

// A settings PATCH: no 5xx, and what a 200 answers is what GET reads.
func FuzzSettingsPatch(f *testing.F) {
	env, key := fuzzEnv(f)
	for _, s := range []string{`{"time_zone":"Asia/Tokyo","paper_size":"Letter"}`, `{"delivery":{"delay_minutes":0,"quiet_hours":false}}`,
		`{"k":-1}`, `{"sender":{"email":"x"}}`, `{"retention_days":1e9}`, `{}`, `[]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		res := send(t, env, apitest.Scenario{Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: body})
		if res.Status != http.StatusOK {
			return
		}
		again := env.MustDo(t, "GET", "/api/v1/settings", key, "", http.StatusOK, nil)
		if !jsonEqual(t, res.Body, again.Body) {
			t.Errorf("PATCH %q answered\n%s\nGET reads\n%s", body, res.Body, again.Body)
		}
	})
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		t.Fatalf("not JSON: %s / %s", a, b)
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return bytes.Equal(ja, jb)
}

// longestFuzzPath bounds the paths the fuzz targets send: the server reads
// a request's line and headers into 4 KiB and refuses a longer one whole,
// before any route sees it, sometimes while the client is still writing
// it, which leaves no parser of ours to test.
const longestFuzzPath = 2048

// The period parameters: a window is 200 or 422 naming from or to.
func FuzzPeriodParams(f *testing.F) {
	env, key := fuzzEnv(f)
	for _, s := range [][2]string{{"2026-01-01", "2026-03-31"}, {"", ""}, {"2026-02-30", ""}, {"2026-03-31", "2026-01-01"},
		{"0000-01-01", "9999-12-31"}, {"2026-1-1", "today"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		q := url.Values{"from": {from}, "to": {to}}
		path := "/api/v1/scores/org?" + q.Encode()
		if len(path) > longestFuzzPath {
			return
		}
		res := send(t, env, apitest.Scenario{Method: "GET", Path: path, Key: key})
		if res.Status == 422 && !bytes.Contains(res.Body, []byte(`"query.from"`)) && !bytes.Contains(res.Body, []byte(`"query.to"`)) {
			t.Errorf("422 for from=%q to=%q names neither: %s", from, to, res.Body)
		}
		if res.Status != 200 && res.Status != 422 {
			t.Errorf("from=%q to=%q: %d %s", from, to, res.Status, res.Body)
		}
	})
}

// A window the domain accepted always gives a picker with exactly one
// option selected and a label.
func FuzzPeriodPicker(f *testing.F) {
	for _, s := range [][3]string{{"2026-12-15", "2026-12-01", "2026-12-15"}, {"2026-01-01", "2025-10-03", "2026-01-01"},
		{"2026-03-29", "2026-03-01", "2026-03-29"}, {"2026-12-15", "1999-01-01", "2000-02-29"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, today, from, to string) {
		w, ok := parseWindow(from, to)
		d, err := time.Parse(time.DateOnly, today)
		if !ok || err != nil {
			return
		}
		p := api.NewPeriodPicker(d, w, "en")
		selected := 0
		for _, o := range p.Options {
			if o.Selected {
				selected++
			}
		}
		if selected != 1 || p.Label == "" || p.From != from || p.To != to {
			t.Errorf("picker for %s..%s on %s: %d selected, label %q, %s..%s", from, to, today, selected, p.Label, p.From, p.To)
		}
	})
}

func parseWindow(from, to string) (w surveys.Window, ok bool) {
	var err1, err2 error
	w.From, err1 = time.Parse(time.DateOnly, from)
	w.To, err2 = time.Parse(time.DateOnly, to)
	return w, err1 == nil && err2 == nil && w.Validate() == nil
}

// Tokens in links: an unknown survey link is 404 and an unknown sign-in
// link gets the form again (404), never a page of someone's or a session.
func FuzzLinkTokens(f *testing.F) {
	env, _ := fuzzEnv(f)
	for _, s := range []string{"abc", strings.Repeat("A", 43), "../../etc/passwd", "%00", "a b", "", "..", "s/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		p := url.PathEscape(token)
		if len(p) > longestFuzzPath {
			return
		}
		for _, sc := range []apitest.Scenario{
			{Method: "GET", Path: "/s/" + p}, {Method: "POST", Path: "/s/" + p, Body: "understood=4", ContentType: formType},
			{Method: "POST", Path: "/signin/" + p},
		} {
			res := send(t, env, sc)
			if res.Status < 400 || res.Header.Get("Set-Cookie") != "" {
				t.Errorf("%s %s: %d, cookie %q", sc.Method, sc.Path, res.Status, res.Header.Get("Set-Cookie"))
			}
		}
	})
}

// A survey form posted to a real link: no 5xx; with a form token other
// than the page's, 403 and nothing stored.
func FuzzSurveyForm(f *testing.F) {
	env, key := fuzzEnv(f)
	sm := mustSurveyMail(f, env, key, "fuzz-survey", "buyer@example.org", "en")
	path := "/s/" + sm.Token
	form := surveyForm(f, env, path)
	for _, s := range []string{formBody(form, "understood", "4", "comment", "Great"), formBody(form, "understood", "9"),
		formBody(form, "nosuch", "1"), formBody(form, "understood", "4", "understood", "5"), formBody(form, "intent", "save", "recommend", "10"),
		"form_token=" + form + "&%zz", "", "a=b;c=d"} {
		f.Add(s, form)
	}
	f.Add(formBody(form, "understood", "3"), form[:len(form)-1]+"x")
	f.Add(formBody(form, "understood", "3"), "")
	f.Fuzz(func(t *testing.T, body, token string) {
		send(t, env, apitest.Scenario{Method: "POST", Path: path, Body: body, ContentType: formType})
		if token == form {
			return
		}
		res := send(t, env, apitest.Scenario{Method: "POST", Path: path, Body: formBody(token, "understood", "1"), ContentType: formType})
		if res.Status != http.StatusForbidden {
			t.Errorf("form token %q: %d, want 403", token, res.Status)
		}
	})
}
