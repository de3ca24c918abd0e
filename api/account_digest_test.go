package api_test

import (
	"net/url"
	"testing"

	"trustcard/surveys/store/storetest"
)

// Who may choose a digest at /app/account/digest: a leader and an admin,
// each their own; a rep may not; a signed-out visitor is sent to sign in;
// a bad choice is a 422 naming the field that changes nothing; a form
// without the session's CSRF token is refused.
func TestDigestChoiceAccess(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := mustAlertWorld(t, driver)
			b := w.browsers(t)
			path := "/app/account/digest"
			csrf := map[string]string{}
			for who, c := range b {
				csrf[who] = accountCSRF(t, w, c)
			}
			// choice is a form as who sends it.
			choice := func(who string, fields ...string) url.Values {
				v := url.Values{"csrf": {csrf[who]}, "frequency": {"daily"}, "hour": {"8"}, "weekday": {"1"}, "time_zone": {"Europe/Berlin"}, "language": {"de"}}
				for i := 0; i+1 < len(fields); i += 2 {
					v.Set(fields[i], fields[i+1])
				}
				return v
			}
			form := `action="/app/account/digest"`
			runPages(t, w.env, people(b), []pageCase{
				{name: "SignedOutShow", who: "anonymous", method: "GET", path: path, want: 303},
				{name: "SignedOutSave", who: "anonymous", method: "POST", path: path, form: choice("anonymous", "csrf", "x"), want: 303},
				{name: "RepShow", who: "zoe", method: "GET", path: path, want: 403, lacks: []string{form}},
				{name: "RepSave", who: "zoe", method: "POST", path: path, form: choice("zoe"), want: 403},
				{name: "RepAccountHasNoLink", who: "zoe", method: "GET", path: "/app/account", want: 200, lacks: []string{`href="/app/account/digest"`}},
				{name: "LeaderAccountLinks", who: "leader", method: "GET", path: "/app/account", want: 200, contains: []string{`href="/app/account/digest"`}},
				{name: "LeaderShowsOff", who: "leader", method: "GET", path: path, want: 200,
					contains: []string{form, `value="off" checked`, `value="UTC"`, "Deutsch"}},
				{name: "LeaderWithoutCSRF", who: "leader", method: "POST", path: path, form: choice("leader", "csrf", "forged"), want: 403},
				{name: "BadFrequency", who: "leader", method: "POST", path: path, form: choice("leader", "frequency", "hourly"), want: 422,
					contains: []string{"frequency: must be off, daily or weekly"}},
				{name: "BadHour", who: "leader", method: "POST", path: path, form: choice("leader", "hour", "24"), want: 422, contains: []string{"hour: must be a whole hour"}},
				{name: "BadWeekday", who: "leader", method: "POST", path: path, form: choice("leader", "weekday", "x"), want: 422, contains: []string{"weekday:"}},
				{name: "BadTimeZone", who: "leader", method: "POST", path: path, form: choice("leader", "time_zone", "Mars/Olympus"), want: 422,
					contains: []string{"time_zone: &#34;Mars/Olympus&#34; is not an IANA time zone", `value="Mars/Olympus"`, `aria-invalid="true"`}},
				{name: "BadLanguage", who: "leader", method: "POST", path: path, form: choice("leader", "language", "<b>"), want: 422, contains: []string{"language:"}},
				{name: "NothingWritten", who: "leader", method: "GET", path: path, want: 200, contains: []string{`value="off" checked`}},
				{name: "LeaderSaves", who: "leader", method: "POST", path: path, form: choice("leader"), want: 303},
				{name: "LeaderSeesTheChoice", who: "leader", method: "GET", path: path + "?saved=1", want: 200,
					contains: []string{"Saved.", `value="daily" checked`, `value="8" selected`, `value="Europe/Berlin"`, `value="de" selected`, "08:00 CE"}},
				{name: "OtherLeaderUntouched", who: "otherLeader", method: "GET", path: path, want: 200, contains: []string{`value="off" checked`}},
				{name: "AdminSaves", who: "admin", method: "POST", path: path, form: choice("admin", "frequency", "weekly", "weekday", "0"), want: 303},
				{name: "AdminSeesTheChoice", who: "admin", method: "GET", path: path, want: 200, contains: []string{`value="weekly" checked`, "Sunday"}},
				{name: "StrangerHasTheirOwn", who: "stranger", method: "GET", path: path, want: 200, contains: []string{`value="off" checked`}},
			})
		})
	}
}
