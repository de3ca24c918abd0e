package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// A daily digest chosen in the web app for 08:00 in Berlin goes out once
// a day through the queue and a real SMTP server, however many workers
// run: at 07:00 UTC before summer time begins on 29 March 2026 and at
// 06:00 UTC from that day on. It counts only the leader's team, names its
// biggest mover, and links into the app; a digest missed while no worker
// ran goes out once, late, for the latest day.
func TestDigestEndToEnd(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			fri := time.Date(2026, 3, 27, 10, 0, 0, 0, time.UTC)
			clock := &testClock{now: fri}
			env := apitest.MustStartWith(t, driver, apitest.Options{Clock: clock})
			ctx := apitest.AsAdmin(context.Background(), env.Org)
			w := &repWorld{env: env, tokens: map[string]string{}}
			mustCreateTeam(t, ctx, env, "Sales", w.mustUser(t, ctx, "leader", surveys.RoleLeader, 0))
			mustCreateTeam(t, ctx, env, "Other", w.mustUser(t, ctx, "other", surveys.RoleLeader, 0))
			mustUpsertRep(t, ctx, env, "z", "Zoë", "Sales")
			mustUpsertRep(t, ctx, env, "d", "Dima", "Other")
			// Zoë's buyers were content 40 days ago and are not now: she moved.
			past := fri.AddDate(0, 0, -40)
			then := surveys.New(env.DB, &testClock{now: past})
			then.WordDefaultSurvey(catalog.Default.QuestionTexts())
			high := map[string]int{surveys.QUnderstood: 5, surveys.QDiagnosed: 5}
			low := map[string]int{surveys.QUnderstood: 1, surveys.QDiagnosed: 2}
			w.mustAnswer(t, then, past, "past", repAnswer{rep: "z", buyer: "Past", ratings: high})
			w.mustAnswer(t, env.Services, fri, "now", repAnswer{rep: "z", buyer: "Now", ratings: low})
			w.mustAnswer(t, env.Services, fri, "dima", repAnswer{rep: "d", buyer: "Other", ratings: low})
			b := w.browsers(t)["leader"]
			form := url.Values{"csrf": {sessionCSRF(t, env, b)}, "frequency": {"daily"}, "hour": {"8"}, "weekday": {"1"},
				"time_zone": {"Europe/Berlin"}, "language": {"de"}}
			if status, _ := visit(t, b, http.MethodPost, env.URL+"/app/account/digest", form); status != http.StatusSeeOther {
				t.Fatalf("choosing the digest: %d", status)
			}
			if _, body := visit(t, b, http.MethodGet, env.URL+"/app/account/digest?saved=1", nil); !strings.Contains(body, "The next digest goes out Saturday 28 Mar 2026, 08:00 CET.") {
				t.Fatalf("the chosen digest's next time is not shown:\n%s", clip(body))
			}
			ws := mustStartWorkers(t, env, 3)
			digests := func() []string {
				var subjects []string
				for _, m := range ws.to(t, "leader@acme.test") {
					if strings.Contains(m.Subject, "Überblick") {
						subjects = append(subjects, m.Subject)
					}
				}
				return subjects
			}
			at := func(when time.Time, want ...string) {
				t.Helper()
				clock.mu.Lock()
				clock.now = when
				clock.mu.Unlock()
				ws.mustRun(t)
				if got := digests(); strings.Join(got, "|") != strings.Join(want, "|") {
					t.Fatalf("at %s the digests are %q, want %q", when, got, want)
				}
			}
			sat := "Ihr täglicher Trustcard-Überblick, 2026-03-28 08:00 CET"
			sun := "Ihr täglicher Trustcard-Überblick, 2026-03-29 08:00 CEST"
			wed := "Ihr täglicher Trustcard-Überblick, 2026-04-01 08:00 CEST"
			at(time.Date(2026, 3, 28, 6, 59, 0, 0, time.UTC))
			at(time.Date(2026, 3, 28, 7, 0, 0, 0, time.UTC), sat)
			at(time.Date(2026, 3, 28, 7, 30, 0, 0, time.UTC), sat)
			at(time.Date(2026, 3, 29, 5, 59, 0, 0, time.UTC), sat)
			at(time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC), sat, sun)
			ws.add(t) // a restarted worker, after three days without any
			at(time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), sat, sun, wed)
			at(time.Date(2026, 4, 1, 23, 0, 0, 0, time.UTC), sat, sun, wed)

			var first mailtest.Mail
			for _, m := range ws.to(t, "leader@acme.test") {
				if m.Subject == sat {
					first = m
				}
			}
			for _, want := range []string{"Neue Antworten: 1", "Noch nicht erledigte Alarme: 1 offen, 0 angenommen, 0 kontaktiert",
				"Zoë: ", env.URL + "/app/alerts", env.URL + "/app/account/digest", "Das ist in Ihren Teams am Tag bis 2026-03-28 08:00 CET passiert."} {
				if !strings.Contains(first.Text, want) || !strings.Contains(first.HTML, strings.ReplaceAll(want, "&", "&amp;")) {
					t.Errorf("the digest lacks %q:\n%s", want, first.Text)
				}
			}
			if strings.Contains(first.Text, "Dima") || strings.Contains(first.Text, "Other") {
				t.Errorf("the digest tells of another team:\n%s", first.Text)
			}
			if !strings.Contains(first.HTML, `href="`+env.URL+`/app"`) {
				t.Errorf("the digest does not link into the app:\n%s", first.HTML)
			}
			if n := len(ws.to(t, "other@acme.test")); n != 2 { // the two alerts' emails, no digest
				t.Errorf("the other leader, who chose no digest, got %d emails, want 2 (alert, reminder)", n)
			}
		})
	}
}

// sessionCSRF reads the CSRF token of c's session off its account page.
func sessionCSRF(t *testing.T, env *apitest.Env, c *http.Client) string {
	t.Helper()
	_, body := visit(t, c, http.MethodGet, env.URL+"/app/account", nil)
	_, rest, _ := strings.Cut(body, `name="csrf" value="`)
	token, _, _ := strings.Cut(rest, `"`)
	return token
}
