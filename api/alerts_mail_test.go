package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store/storetest"
)

// A low answer sent from the survey page reaches the leader of the rep's
// team at a real SMTP server within a minute, through the running
// workers: one email, with a link into the inbox that changes nothing
// when opened; the other team's leader gets nothing, and neither does a
// changed answer.
func TestAlertEmailEndToEnd(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t)
			lee := mustUser(t, env, key, `{"email":"lee@acme.test","role":"leader","name":"Lee"}`)
			mustUser(t, env, key, `{"email":"olga@acme.test","role":"leader"}`)
			mustTeam(t, env, key, fmt.Sprintf(`{"name":"Sales","leaders":[%d]}`, lee.ID))
			env.MustDo(t, http.MethodPatch, "/api/v1/settings", key, `{"alerts":{"keywords":["never"]}}`, http.StatusOK, nil)
			env.MustDo(t, http.MethodPost, "/api/v1/reps", key, `{"external_id":"crm-1","name":"Ada <b>Lovelace</b>","email":"ada@acme.test","team":"Sales"}`, http.StatusCreated, nil)
			ob, sk := mustSinkOutboxWith(t, env, outbox.Options{Poll: 100 * time.Millisecond})
			body := fmt.Sprintf(`{"external_id":"ix-1","rep":"crm-1","buyer":{"email":"buyer@example.org"},"occurred_at":%q,"kind":"meeting"}`,
				time.Now().Add(-3*time.Hour).UTC().Format(time.RFC3339))
			in := mustInteraction(t, env, key, body, http.StatusCreated)
			mustRunOutbox(t, ob) // the survey email
			sk.WaitCount(t, 1, 10*time.Second)
			ob.Start()
			t.Cleanup(func() { _ = ob.Shutdown(context.Background()) })

			path := "/s/" + surveys.InvitationToken(env.Org.Secret, in.Invitation.ID)
			form := surveyForm(t, env, path)
			started := time.Now()
			res, err := env.Send(apitest.Scenario{Method: "POST", Path: path, ContentType: formType,
				Body: formBody(form, "understood", "1", "recommend", "8", "comment", "Never again <script>")})
			if err != nil || res.Status != http.StatusOK {
				t.Fatalf("submit: %d %v %s", res.Status, err, res.Body)
			}
			sk.WaitCount(t, 2, time.Minute)
			took := time.Since(started)
			t.Logf("from the survey POST to the leader's email at the SMTP server: %v", took.Round(time.Millisecond))
			if took > time.Minute {
				t.Errorf("the alert email took %v, want under a minute", took)
			}
			got := sk.Snapshot().Messages[1]
			m := mailtest.MustParse(t, got.Data)
			alerts, _, err := env.DB.FindAlerts(context.Background(), surveys.AlertFilter{OrgID: env.Org.ID, Page: surveys.Page{Limit: -1}})
			if err != nil || len(alerts) != 1 {
				t.Fatalf("alerts: %v, %v", alerts, err)
			}
			link := fmt.Sprintf("%s/app/alerts/%d", env.URL, alerts[0].ID)
			if strings.Join(got.To, ",") != "lee@acme.test" || !strings.Contains(m.Subject, "Alert: a buyer of Ada <b>Lovelace</b>") {
				t.Errorf("email to %v, subject %q; want lee@acme.test and the rep's name", got.To, m.Subject)
			}
			if !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, `href="`+link+`"`) {
				t.Errorf("email lacks the link %s:\n%s", link, m.Text)
			}
			for _, why := range []string{"Rated 1 of 5: “Ada understood what I actually needed.”", "Comment mentions “never”"} {
				if !strings.Contains(m.Text, why) || !strings.Contains(m.HTML, why) {
					t.Errorf("email lacks the reason %q in words:\n%s", why, m.Text)
				}
			}
			if strings.Contains(m.HTML, "<b>Lovelace") || !strings.Contains(m.HTML, "&lt;b&gt;Lovelace") {
				t.Errorf("the rep's name is not escaped in the HTML part:\n%s", m.HTML)
			}
			if strings.Contains(m.Text+m.HTML, "Never again") || strings.Contains(m.Text+m.HTML, "buyer@example.org") {
				t.Error("the alert email carries the buyer's comment or address")
			}
			// Opening the link, as a mail scanner does, leads to signing in and changes nothing.
			if res := env.MustDo(t, http.MethodGet, strings.TrimPrefix(link, env.URL), "", "", http.StatusOK, nil); !strings.Contains(string(res.Body), `action="/signin"`) {
				t.Errorf("signed out, the link does not lead to signing in:\n%s", res.Body)
			}
			if a, _ := env.DB.FindAlertByResponse(context.Background(), env.Org.ID, alerts[0].ResponseID); a.Status != surveys.AlertOpen {
				t.Errorf("after a GET of the link: %s, want open", a.Status)
			}
			// A changed answer updates the alert and sends nothing more.
			form = surveyForm(t, env, path+"?edit=1")
			res, _ = env.Send(apitest.Scenario{Method: "POST", Path: path, ContentType: formType,
				Body: formBody(form, "understood", "2", "recommend", "3")})
			if res.Status != http.StatusOK {
				t.Fatalf("change: %d %s", res.Status, res.Body)
			}
			waitIdle(t, env)
			if n := sk.Count(); n != 2 {
				t.Errorf("%d emails after a changed answer, want 2 (survey, one alert)", n)
			}
			if a, _ := env.DB.FindAlertByResponse(context.Background(), env.Org.ID, alerts[0].ResponseID); strings.Join(a.Reasons, ", ") != "understood at 2, recommend at 3" {
				t.Errorf("after the change: reasons %q", a.Reasons)
			}
		})
	}
}

// waitIdle waits until env has no job due: the running workers have
// finished every job queued so far.
func waitIdle(t *testing.T, env *apitest.Env) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		due, _, err := env.DB.DueJobStats(context.Background(), time.Now().Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if due == 0 { // a claimed job counts until it is finished
			return
		}
	}
	t.Fatal("jobs still due after 10 s")
}
