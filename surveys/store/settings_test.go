package store_test

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/store"
)

// fixtureSettings are the values of testdata/settings_go_names.json, a
// document written by the store before settings had stable names (so
// with Go field names), and of testdata/settings.json, the same values as
// the store writes them now. Every value differs from the defaults, but
// the first document, older than the alert rules, has none: they read as
// their defaults.
var fixtureSettings = surveys.Settings{
	TimeZone: "Europe/Berlin", ShrinkK: 7.5, RetentionDays: 400, PaperSize: "Letter", RepCards: true,
	Delivery: surveys.DeliveryRules{DelayMinutes: 45, QuietHours: false, ThrottleDays: 21, ReminderAfterDays: 4,
		ExpireAfterDays: 10, MaxAgeDays: 60, SendPerMinute: 1200},
	Sender: surveys.Sender{Name: `Müller & Söhne "Vertrieb"`, Email: "umfragen@mueller.example",
		ReplyTo: "vertrieb@mueller.example", Footer: "Hauptstraße 1 · 50667 Köln\n<b>not bold</b>"},
	Alerts:     surveys.AlertRules{TrustAtMost: 1, RecommendAtMost: 4, Keywords: []string{"cancel", "<lawyer>"}, TargetWorkingDays: 4},
	Accent:     "#1d4ed8",
	OwnDomains: []string{"mueller.example"},
	Integrity:  surveys.IntegrityRules{Exclude: []string{"own_domain", "same_client"}, ExclusionCapPercent: 3},
	Diagnosis: surveys.DiagnosisCategories{{Key: "hire", Labels: map[string]string{"en": "Hire <b>people</b>", "de": "Einstellen"}},
		{Key: surveys.CategoryElse, Labels: map[string]string{"en": "Other"}}},
	Promises: surveys.PromiseRules{Enabled: true, AfterDays: 45},
}

// A document stored with Go field names reads back to the values it was
// written with; saved again, it takes the stable names.
func testSettingsWithGoNames(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	mustStoreSettings(t, db, o.ID, mustRead(t, "testdata/settings_go_names.json"))
	want := fixtureSettings
	want.Alerts = surveys.DefaultAlertRules()
	want.Accent = surveys.DefaultAccent // added since
	want.OwnDomains, want.Integrity = []string{}, surveys.DefaultIntegrityRules()
	want.Diagnosis = surveys.DefaultDiagnosisCategories()
	want.Promises = surveys.DefaultSettings().Promises
	wantSettings(t, db, o.ID, want)
	if err := db.UpdateOrgSettings(ctx, o.ID, fixtureSettings); err != nil {
		t.Fatal(err)
	}
	wantSameJSON(t, mustStoredSettings(t, db, o.ID), mustRead(t, "testdata/settings.json"))
}

// A new document has the stable names, and reads back the same.
func testSettingsWithStableNames(t *testing.T, db *store.DB) {
	o := &surveys.Org{Name: "Acme", Settings: fixtureSettings}
	if err := db.CreateOrg(ctx, o); err != nil {
		t.Fatal(err)
	}
	wantSameJSON(t, mustStoredSettings(t, db, o.ID), mustRead(t, "testdata/settings.json"))
	wantSettings(t, db, o.ID, fixtureSettings)
}

// Settings a document lacks, added since it was written, take their
// defaults, whichever names it has.
func testSettingsMissingTakeDefaults(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	want := surveys.DefaultSettings()
	want.TimeZone, want.Delivery.DelayMinutes = "Europe/Paris", 5
	for _, doc := range []string{
		`{"TimeZone":"Europe/Paris","Delivery":{"DelayMinutes":5}}`,
		`{"time_zone":"Europe/Paris","delivery":{"delay_minutes":5}}`,
	} {
		mustStoreSettings(t, db, o.ID, doc)
		wantSettings(t, db, o.ID, want)
	}
}

// wantSettings reads org id's settings back and compares them with want.
func wantSettings(t *testing.T, db *store.DB, id int64, want surveys.Settings) {
	t.Helper()
	got, err := db.FindOrgByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Settings, want) {
		t.Errorf("settings = %+v, want %+v", got.Settings, want)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mustStoreSettings writes doc as org id's settings document, as it is.
func mustStoreSettings(t *testing.T, db *store.DB, id int64, doc string) {
	t.Helper()
	if err := db.Gorm().Exec(`UPDATE orgs SET settings = ? WHERE id = ?`, doc, id).Error; err != nil {
		t.Fatal(err)
	}
}

// mustStoredSettings returns org id's settings document as stored.
func mustStoredSettings(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var doc string
	if err := db.Gorm().Raw(`SELECT settings FROM orgs WHERE id = ?`, id).Scan(&doc).Error; err != nil {
		t.Fatal(err)
	}
	return doc
}

// wantSameJSON compares two JSON documents by their names and values.
func wantSameJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("stored document: %v", err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("wanted document: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("stored document:\n%s\nwant:\n%s", got, want)
	}
}
