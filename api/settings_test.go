package api_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"trustcard/api/apitest"
	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// settings is GET /settings' answer.
type settings struct {
	TimeZone      string  `json:"time_zone"`
	K             float64 `json:"k"`
	RetentionDays int     `json:"retention_days"`
	PaperSize     string  `json:"paper_size"`
	RepCards      bool    `json:"rep_cards"`
	Delivery      struct {
		DelayMinutes      int  `json:"delay_minutes"`
		QuietHours        bool `json:"quiet_hours"`
		ThrottleDays      int  `json:"throttle_days"`
		ReminderAfterDays int  `json:"reminder_after_days"`
		ExpireAfterDays   int  `json:"expire_after_days"`
		MaxAgeDays        int  `json:"max_age_days"`
		SendPerMinute     int  `json:"send_per_minute"`
	} `json:"delivery"`
	Sender struct {
		Name    string `json:"name"`
		Email   string `json:"email"`
		ReplyTo string `json:"reply_to"`
		Footer  string `json:"footer"`
	} `json:"sender"`
}

func mustSettings(t *testing.T, env *apitest.Env, key string) settings {
	t.Helper()
	var s settings
	env.MustDo(t, http.MethodGet, "/api/v1/settings", key, "", http.StatusOK, &s)
	return s
}

func TestSettingsAuthorization(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			manage := env.MustKey(t, surveys.ScopeManage)
			read := env.MustKey(t, surveys.ScopeRead)
			write := env.MustKey(t, surveys.ScopeInteractions)
			other := env.MustOtherOrgKey(t)
			patch := `{"time_zone":"Europe/Berlin"}`

			apitest.Run(t, env, []apitest.Scenario{
				{Name: "NoKeyCannotRead", Method: "GET", Path: "/api/v1/settings", WantStatus: 401, WantHeader: problem, WantNotContains: []string{"delivery"}},
				{Name: "NoKeyCannotChange", Method: "PATCH", Path: "/api/v1/settings", Body: patch, WantStatus: 401, WantHeader: problem},
				{Name: "InteractionsKeyCannotRead", Method: "GET", Path: "/api/v1/settings", Key: write, WantStatus: 403, WantHeader: problem,
					WantContains: []string{`lacks the \"read\" scope`}, WantNotContains: []string{"delivery"}},
				{Name: "InteractionsKeyCannotChange", Method: "PATCH", Path: "/api/v1/settings", Key: write, Body: patch, WantStatus: 403, WantHeader: problem},
				{Name: "ReadKeyCannotChange", Method: "PATCH", Path: "/api/v1/settings", Key: read, Body: patch, WantStatus: 403, WantHeader: problem,
					WantContains: []string{`lacks the \"manage\" scope`}},
				{Name: "ReadKeyReads", Method: "GET", Path: "/api/v1/settings", Key: read, WantStatus: 200,
					WantContains: []string{`"time_zone":"UTC"`, `"delivery":{`}, WantNotContains: []string{"secret", "Secret"}},
				{Name: "ManageKeyReads", Method: "GET", Path: "/api/v1/settings", Key: manage, WantStatus: 200, WantContains: []string{`"time_zone":"UTC"`}},
				{Name: "OtherOrgChangesOnlyItsOwn", Method: "PATCH", Path: "/api/v1/settings", Key: other, Body: `{"time_zone":"Asia/Tokyo"}`,
					WantStatus: 200, WantContains: []string{`"time_zone":"Asia/Tokyo"`}},
			})
			if got := mustSettings(t, env, read).TimeZone; got != "UTC" {
				t.Errorf("time zone after refused and other-org PATCHes = %q, want UTC", got)
			}
		})
	}
}

// PATCH changes only the settings it names, and GET reads them back.
func TestSettingsRoundTrip(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeManage)
			before := mustSettings(t, env, key)
			if before.TimeZone != "UTC" || before.PaperSize != "A4" || before.Delivery.DelayMinutes != 120 || !before.Delivery.QuietHours ||
				before.Delivery.ExpireAfterDays != 14 || before.Sender.Email == "" {
				t.Fatalf("defaults = %+v", before)
			}

			for _, tt := range []struct {
				name, patch string
				edit        func(*settings)
			}{
				{"ZeroDelay", `{"delivery":{"delay_minutes":0}}`, func(s *settings) { s.Delivery.DelayMinutes = 0 }},
				{"QuietHoursOff", `{"delivery":{"quiet_hours":false}}`, func(s *settings) { s.Delivery.QuietHours = false }},
				{"TimeZoneAndPaper", `{"time_zone":"America/New_York","paper_size":"Letter"}`, func(s *settings) {
					s.TimeZone, s.PaperSize = "America/New_York", "Letter"
				}},
				{"NoReminder", `{"delivery":{"reminder_after_days":0,"expire_after_days":1}}`, func(s *settings) {
					s.Delivery.ReminderAfterDays, s.Delivery.ExpireAfterDays = 0, 1
				}},
				{"Sender", `{"sender":{"name":"Acme Sales","reply_to":"sales@acme.example","footer":"1 Main St"}}`, func(s *settings) {
					s.Sender.Name, s.Sender.ReplyTo, s.Sender.Footer = "Acme Sales", "sales@acme.example", "1 Main St"
				}},
				{"ScoringAndRetention", `{"k":0,"retention_days":365,"rep_cards":true}`, func(s *settings) {
					s.K, s.RetentionDays, s.RepCards = 0, 365, true
				}},
				{"Nothing", `{}`, func(*settings) {}},
			} {
				t.Run(tt.name, func(t *testing.T) {
					want := mustSettings(t, env, key)
					tt.edit(&want)
					var got settings
					env.MustDo(t, http.MethodPatch, "/api/v1/settings", key, tt.patch, http.StatusOK, &got)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("PATCH %s answered\n%+v, want\n%+v", tt.patch, got, want)
					}
					if again := mustSettings(t, env, key); !reflect.DeepEqual(again, want) {
						t.Errorf("GET after PATCH %s =\n%+v, want\n%+v", tt.patch, again, want)
					}
				})
			}
			if got := mustSettings(t, env, key); got.Delivery.DelayMinutes != 0 || got.Delivery.ThrottleDays != before.Delivery.ThrottleDays {
				t.Errorf("after all PATCHes: %+v; want delay 0 and throttle unchanged", got.Delivery)
			}
		})
	}
}

func TestSettingsBadInput(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeManage)
			before, audit := mustSettings(t, env, key), env.MustTotal(t, "/api/v1/audit", key)
			bad := func(name, body, field string) apitest.Scenario {
				return apitest.Scenario{Name: name, Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: body,
					WantStatus: 422, WantHeader: problem, WantContains: []string{field}}
			}

			apitest.Run(t, env, []apitest.Scenario{
				bad("ZeroExpiry", `{"delivery":{"expire_after_days":0}}`, `"location":"body.delivery.expire_after_days"`),
				bad("ExpiryTooLong", `{"delivery":{"expire_after_days":91}}`, "body.delivery.expire_after_days"),
				bad("ReminderAfterExpiry", `{"delivery":{"reminder_after_days":20}}`, "body.delivery.reminder_after_days"),
				bad("NegativeDelay", `{"delivery":{"delay_minutes":-1}}`, "body.delivery.delay_minutes"),
				bad("ZeroSendRate", `{"delivery":{"send_per_minute":0}}`, "body.delivery.send_per_minute"),
				bad("UnknownTimeZone", `{"time_zone":"Mars/Olympus_Mons"}`, `"location":"body.time_zone"`),
				bad("EmptyTimeZone", `{"time_zone":""}`, "body.time_zone"),
				bad("NegativeK", `{"k":-1}`, "body.k"),
				bad("RetentionTooLong", `{"retention_days":4000}`, "body.retention_days"),
				bad("UnknownPaper", `{"paper_size":"A5"}`, "body.paper_size"),
				bad("SenderEmail", `{"sender":{"email":"not an email"}}`, "body.sender.email"),
				bad("SenderReplyTo", `{"sender":{"reply_to":"@"}}`, "body.sender.reply_to"),
				bad("OverlongFooter", `{"sender":{"footer":"`+strings.Repeat("f", 501)+`"}}`, "body.sender.footer"),
				bad("UnknownField", `{"secret":"x"}`, "body.secret"),
				bad("UnknownNestedField", `{"delivery":{"delay_hours":1}}`, "body.delivery.delay_hours"),
				bad("WrongType", `{"delivery":{"delay_minutes":"5"}}`, "body.delivery.delay_minutes"),
				bad("WrongTypeBool", `{"rep_cards":"yes"}`, "body.rep_cards"),
				{Name: "MalformedJSON", Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: `{"k":}`, WantStatus: 400, WantHeader: problem},
				{Name: "NotJSON", Method: "PATCH", Path: "/api/v1/settings", Key: key, Body: `k=1`, ContentType: "text/plain", WantStatus: 415, WantHeader: problem},
				{Name: "UnknownQueryParameter", Method: "GET", Path: "/api/v1/settings?fields=k", Key: key, WantStatus: 422, WantHeader: problem,
					WantContains: []string{"query.fields"}},
			})

			if got := mustSettings(t, env, key); !reflect.DeepEqual(got, before) {
				t.Errorf("settings after rejected PATCHes =\n%+v, want unchanged\n%+v", got, before)
			}
			if got := env.MustTotal(t, "/api/v1/audit", key); got != audit {
				t.Errorf("audit entries after rejected PATCHes = %d, want %d", got, audit)
			}
		})
	}
}

// PATCHes of different settings at the same time all take effect: none
// writes back a stale copy of the others.
func TestSettingsConcurrentPatches(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			env := apitest.MustStart(t, driver)
			key := env.MustKey(t, surveys.ScopeManage)
			patches := []string{`{"retention_days":77}`, `{"rep_cards":true}`, `{"paper_size":"Letter"}`, `{"time_zone":"Europe/Berlin"}`,
				`{"delivery":{"delay_minutes":5}}`, `{"delivery":{"throttle_days":9}}`, `{"sender":{"footer":"1 Main St"}}`, `{"k":2}`}
			want := mustSettings(t, env, key)
			want.RetentionDays, want.RepCards, want.PaperSize, want.TimeZone, want.K = 77, true, "Letter", "Europe/Berlin", 2
			want.Delivery.DelayMinutes, want.Delivery.ThrottleDays, want.Sender.Footer = 5, 9, "1 Main St"

			var wg sync.WaitGroup
			for _, p := range patches {
				wg.Go(func() {
					res, err := env.Send(apitest.Scenario{Method: http.MethodPatch, Path: "/api/v1/settings", Key: key, Body: p})
					if err != nil || res.Status != http.StatusOK {
						t.Errorf("PATCH %s: %d %v %s", p, res.Status, err, res.Body)
					}
				})
			}
			wg.Wait()
			if got := mustSettings(t, env, key); !reflect.DeepEqual(got, want) {
				t.Errorf("after concurrent PATCHes:\n%+v\nwant every change kept:\n%+v", got, want)
			}
		})
	}
}

// The org's settings are stored under the names the API shows, so that the
// stored document and the API read alike; the company's name is the org's
// own (orgs.name), not in the document.
func TestSettingsStoredWithTheAPINames(t *testing.T) {
	env := apitest.MustStart(t, "sqlite")
	key := env.MustKey(t)
	shown := env.MustDo(t, http.MethodGet, "/api/v1/settings", key, "", http.StatusOK, nil)
	var stored string
	if err := env.DB.Gorm().Raw(`SELECT settings FROM orgs WHERE id = ?`, env.Org.ID).Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(jsonNames(t, shown.Body), func(n string) bool { return n == "company.name" })
	if got := jsonNames(t, []byte(stored)); !reflect.DeepEqual(got, want) {
		t.Errorf("stored names %v, want the API's %v", got, want)
	}
}

// jsonNames lists a JSON object's names, nested ones as "outer.inner", sorted.
func jsonNames(t *testing.T, doc []byte) []string {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal(doc, &obj); err != nil {
		t.Fatalf("%s: %v", doc, err)
	}
	var names []string
	var walk func(prefix string, obj map[string]any)
	walk = func(prefix string, obj map[string]any) {
		for k, v := range obj {
			names = append(names, prefix+k)
			if inner, ok := v.(map[string]any); ok {
				walk(prefix+k+".", inner)
			}
		}
	}
	walk("", obj)
	slices.Sort(names)
	return names
}
