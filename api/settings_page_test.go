package api_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// settingsForm is every setting of the page with its default, as the page
// posts it, with changes.
func settingsForm(changes map[string]string) url.Values {
	f := url.Values{"company.name": {"My company"}, "company.accent": {"#0f766e"}, "sender.name": {"Trustcard"},
		"sender.email": {"surveys@trustcard.localhost"}, "sender.reply_to": {""}, "sender.footer": {""},
		"delivery.delay_minutes": {"120"}, "delivery.quiet_hours": {"on"}, "delivery.throttle_days": {"30"},
		"delivery.reminder_after_days": {"3"}, "delivery.expire_after_days": {"14"}, "delivery.max_age_days": {"30"},
		"delivery.send_per_minute": {"600"}, "k": {"5"}, "time_zone": {"UTC"}, "retention_days": {"0"},
		"paper_size": {"A4"}, "alerts.trust_at_most": {"2"}, "alerts.recommend_at_most": {"6"}, "alerts.target_working_days": {"2"}, "alerts.keywords": {""}}
	for k, v := range changes {
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
	}
	return f
}

// The settings page: admins only, another org's admin sees their own org;
// every setting with its default and what it does; a form saved whole or
// not at all, with the reason beside the field; the logo uploaded and
// removed through the page, checked as the API checks it.
func TestSettingsPage(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			p := mustPeople(t, env)
			saved := func() url.Values { // a form of its own for each post: runPages puts the poster's token in it
				return settingsForm(map[string]string{"company.name": "Acme <b>Ärzte</b>", "company.accent": "#1d4ed8",
					"delivery.delay_minutes": "45", "delivery.quiet_hours": "", "rep_cards": "on", "paper_size": "Letter",
					"alerts.keywords": "cancel\r\n\r\n <lawyer> \r\n"})
			}
			runPages(t, env, p, []pageCase{
				{name: "SignedOut", who: asNobody, method: "GET", path: "/app/admin/settings", want: http.StatusSeeOther},
				{name: "Leader", who: asLeader, method: "GET", path: "/app/admin/settings", want: http.StatusForbidden},
				{name: "Rep", who: asRep, method: "GET", path: "/app/admin/settings", want: http.StatusForbidden},
				{name: "LeaderCannotSave", who: asLeader, method: "POST", path: "/app/admin/settings", form: saved(), want: http.StatusForbidden},
				{name: "RepCannotRemoveLogo", who: asRep, method: "POST", path: "/app/admin/settings/logo/remove", form: url.Values{}, want: http.StatusForbidden},
				{name: "LeaderCannotTestMail", who: asLeader, method: "POST", path: "/app/admin/settings/test-email", form: url.Values{}, want: http.StatusForbidden},
				{name: "SignedOutCannotSave", who: asNobody, method: "POST", path: "/app/admin/settings", form: saved(), want: http.StatusSeeOther},
				{name: "ForgedCSRF", who: asAdmin, method: "POST", path: "/app/admin/settings", form: withCSRF(settingsForm(nil), "forged"), want: http.StatusForbidden},
				{name: "EverySetting", who: asAdmin, method: "GET", path: "/app/admin/settings", want: http.StatusOK, contains: []string{
					`name="company.name" type="text" value="My company"`, "Default: #0f766e.", "WCAG AA", "Default: 120.", "Default: on.",
					"Default: 30.", "Default: 14.", "Default: 1000000.", "Default: 5.", "Default: UTC.", "Default: A4.", "Default: off.",
					`name="alerts.target_working_days" type="text" inputmode="decimal" value="2"`, "Target to resolve (working days)",
					"Send me a test email", "No logo yet"}},
				{name: "TargetOutOfRange", who: asAdmin, method: "POST", path: "/app/admin/settings",
					form: settingsForm(map[string]string{"alerts.target_working_days": "0"}),
					want: http.StatusUnprocessableEntity, contains: []string{"nothing was saved", "alerts.target_working_days: must be between 1 and 30"}},
				{name: "PaleAccent", who: asAdmin, method: "POST", path: "/app/admin/settings",
					form: settingsForm(map[string]string{"company.name": "Never saved", "company.accent": "#7dd3fc"}),
					want: http.StatusUnprocessableEntity, contains: []string{"nothing was saved", "contrast of 1.7:1", `value="#7dd3fc" autocomplete="off" aria-describedby="set-company-accent-about" aria-invalid="true"`, `value="Never saved"`}},
				{name: "NotANumber", who: asAdmin, method: "POST", path: "/app/admin/settings", form: settingsForm(map[string]string{"delivery.delay_minutes": "two hours"}),
					want: http.StatusUnprocessableEntity, contains: []string{"delivery.delay_minutes: must be a whole number"}},
				{name: "ReminderAfterExpiry", who: asAdmin, method: "POST", path: "/app/admin/settings",
					form: settingsForm(map[string]string{"delivery.reminder_after_days": "20"}), want: http.StatusUnprocessableEntity,
					contains: []string{"must be less than expire_after_days"}},
				{name: "LongKeyword", who: asAdmin, method: "POST", path: "/app/admin/settings",
					form: settingsForm(map[string]string{"alerts.keywords": "ok\n" + strings.Repeat("x", 101)}), want: http.StatusUnprocessableEntity,
					contains: []string{"alerts.keywords[1]: must be at most 100 characters", `name="alerts.keywords" rows="3" aria-describedby="set-alerts-keywords-about" aria-invalid="true"`}},
				{name: "NothingHalfWritten", who: asAdmin, method: "GET", path: "/app/admin/settings", want: http.StatusOK,
					contains: []string{`value="My company"`, `value="120"`}, lacks: []string{"Never saved"}},
				{name: "Save", who: asAdmin, method: "POST", path: "/app/admin/settings", form: saved(), want: http.StatusSeeOther},
				{name: "Saved", who: asAdmin, method: "GET", path: "/app/admin/settings?saved=1", want: http.StatusOK, contains: []string{
					"Saved.", `value="Acme &lt;b&gt;Ärzte&lt;/b&gt;"`, `<span class="brand-name">Acme &lt;b&gt;Ärzte&lt;/b&gt;</span>`,
					`href="/accent/1d4ed8.css"`, `value="45"`, `<option selected>Letter</option>`, ">cancel\n&lt;lawyer&gt;</textarea>"},
					lacks: []string{"<b>Ärzte", "<lawyer>"}},
				{name: "OtherOrgSeesItsOwn", who: asOtherAdmin, method: "GET", path: "/app/admin/settings", want: http.StatusOK,
					contains: []string{`value="#0f766e"`}, lacks: []string{"Ärzte"}},
				{name: "AppTopForLeader", who: asLeader, method: "GET", path: "/app/account", want: http.StatusOK,
					contains: []string{`<span class="brand-name">Acme &lt;b&gt;Ärzte&lt;/b&gt;</span>`, `href="/accent/1d4ed8.css"`}},
			})
			res := env.Do(t, http.MethodGet, "/api/v1/settings", env.MustKey(t), "")
			for _, want := range []string{`"accent":"#1d4ed8"`, `"delay_minutes":45`, `"keywords":["cancel","<lawyer>"]`, `"quiet_hours":false`, `"rep_cards":true`, `"paper_size":"Letter"`} {
				if !strings.Contains(string(res.Body), want) {
					t.Errorf("the API shows %s, lacking %s", res.Body, want)
				}
			}
			admin := p[asAdmin]
			csrf := csrfOf(t, env, admin)
			if got, body := postFile(t, admin, env.URL+"/app/admin/settings/logo", csrf, "logo.png", []byte("<html><script>alert(1)</script></html>")); got != http.StatusUnsupportedMediaType || !strings.Contains(body, "HTML") {
				t.Errorf("an HTML logo = %d, want 415 naming HTML\n%s", got, clip(body))
			}
			if got, _ := postFile(t, p[asLeader], env.URL+"/app/admin/settings/logo", csrfOf(t, env, p[asLeader]), "logo.svg", []byte(hostileSVG)); got != http.StatusForbidden {
				t.Errorf("a leader's upload = %d, want 403", got)
			}
			if got, _ := postFile(t, admin, env.URL+"/app/admin/settings/logo", csrf, "logo.svg", []byte(hostileSVG)); got != http.StatusSeeOther {
				t.Errorf("upload = %d, want 303", got)
			}
			runPages(t, env, p, []pageCase{
				{name: "LogoShown", who: asAdmin, method: "GET", path: "/app/admin/settings?logo=set", want: http.StatusOK,
					contains: []string{"The logo is saved", `<img class="brand-logo" src="/logo/`, "Remove the logo"}},
				{name: "Remove", who: asAdmin, method: "POST", path: "/app/admin/settings/logo/remove", form: url.Values{}, want: http.StatusSeeOther},
				{name: "Removed", who: asAdmin, method: "GET", path: "/app/admin/settings?logo=removed", want: http.StatusOK,
					contains: []string{"The logo is removed", "No logo yet"}, lacks: []string{"brand-logo"}},
			})
			if audit := env.Do(t, http.MethodGet, "/api/v1/audit", env.MustKey(t), ""); !strings.Contains(string(audit.Body), "ada@acme.test") ||
				!strings.Contains(string(audit.Body), "settings.logo") || !strings.Contains(string(audit.Body), `"Accent":"#1d4ed8"`) {
				t.Errorf("the audit log lacks the admin's changes:\n%s", audit.Body)
			}
		})
	}
}

// postFile posts one file as the field "logo" of a multipart form.
func postFile(t *testing.T, c *http.Client, u, csrf, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.WriteField("csrf", csrf)
	fw, _ := w.CreateFormFile("logo", name)
	_, _ = fw.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, u, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// "Send me a test email" goes through the SMTP server, from the org's
// sender, to the admin, and the page shows the server's answer; without a
// server the page says the mail is captured.
func TestSettingsTestEmail(t *testing.T) {
	sk := mailtest.MustStart(t, mailtest.Options{})
	smtp, err := mail.NewSMTP(sk.URL("smtp", ""), mail.SMTPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = smtp.Close() })
	env := apitest.MustStartWith(t, "sqlite", apitest.Options{Sender: smtp})
	p := mustPeople(t, env)
	runPages(t, env, p, []pageCase{
		{name: "Name", who: asAdmin, method: "POST", path: "/app/admin/settings", form: settingsForm(map[string]string{"company.name": "Globex"}), want: http.StatusSeeOther},
		{name: "Send", who: asAdmin, method: "POST", path: "/app/admin/settings/test-email", form: url.Values{}, want: http.StatusOK,
			contains: []string{"The mail server answered: <code>250"}},
	})
	msgs := sk.Snapshot().Messages
	if len(msgs) != 1 || msgs[0].To[0] != "ada@acme.test" {
		t.Fatalf("the sink has %d messages (%v), want one to the admin", len(msgs), msgs)
	}
	if m := mailtest.MustParse(t, msgs[0].Data); !strings.Contains(m.Header.Get("Subject"), "Trustcard test email from Globex") ||
		!strings.Contains(m.Header.Get("From"), "surveys@trustcard.localhost") {
		t.Errorf("the test email: Subject %q, From %q", m.Header.Get("Subject"), m.Header.Get("From"))
	}

	captured := apitest.MustStart(t, "sqlite")
	runPages(t, captured, mustPeople(t, captured), []pageCase{
		{name: "Captured", who: asAdmin, method: "POST", path: "/app/admin/settings/test-email", form: url.Values{}, want: http.StatusOK,
			contains: []string{"No SMTP server is configured", `href="/app/admin/mail"`}},
	})
}
