package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// Every store test runs on every driver.
func TestStore(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*testing.T, *store.DB)
	}{
		{"UpsertRep", testUpsertRep},
		{"FindRepsSortsAndPages", testFindRepsSortsAndPages},
		{"TeamsNestWithLeaders", testTeamsNestWithLeaders},
		{"APIKeys", testAPIKeys},
		{"SettingsRoundTrip", testSettingsRoundTrip},
		{"SettingsWithGoNames", testSettingsWithGoNames},
		{"SettingsWithStableNames", testSettingsWithStableNames},
		{"SettingsMissingTakeDefaults", testSettingsMissingTakeDefaults},
		{"ConcurrentWrites", testConcurrentWrites},
		{"TransactionRollsBack", testTransactionRollsBack},
		{"MigrateIsIdempotent", testMigrateIsIdempotent},
		{"ClosedPoolIsUnavailable", testClosedPoolIsUnavailable},
		{"UniqueViolationIsConflict", testUniqueViolationIsConflict},
		{"DueJobStats", testDueJobStats},
		{"Logos", testLogos},
	}
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.fn(t, storetest.MustOpen(t, driver))
				})
			}
		})
	}
}

var ctx = context.Background()

func mustOrg(t testing.TB, db *store.DB) *surveys.Org {
	t.Helper()
	o := &surveys.Org{Name: "Acme", Settings: surveys.DefaultSettings(), CreatedAt: time.Now()}
	if err := db.CreateOrg(ctx, o); err != nil {
		t.Fatal(err)
	}
	return o
}

func mustRep(t *testing.T, db *store.DB, orgID int64, ext string) *surveys.Rep {
	t.Helper()
	r := &surveys.Rep{OrgID: orgID, ExternalID: ext, Name: "Rep " + ext, Email: ext + "@acme.test", Active: true,
		CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if _, err := db.UpsertRep(ctx, r); err != nil {
		t.Fatal(err)
	}
	return r
}

func testUpsertRep(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	r := mustRep(t, db, o.ID, "crm-1")
	again := &surveys.Rep{OrgID: o.ID, ExternalID: "crm-1", Name: "Renamed", Email: "crm-1@acme.test", Active: false}
	created, err := db.UpsertRep(ctx, again)
	if err != nil || created {
		t.Fatalf("second upsert: created=%v err=%v", created, err)
	}
	if got, want := again.ID, r.ID; got != want {
		t.Errorf("id = %d, want %d", got, want)
	}
	reps, n, err := db.FindReps(ctx, surveys.RepFilter{OrgID: o.ID})
	if err != nil || n != 1 || reps[0].Name != "Renamed" || reps[0].Active {
		t.Fatalf("FindReps = %+v, %d, %v", reps, n, err)
	}
	mustRep(t, db, o.ID, "crm-2")
	clash := &surveys.Rep{OrgID: o.ID, ExternalID: "crm-3", Name: "X", Email: "crm-2@acme.test"}
	_, err = db.UpsertRep(ctx, clash)
	if got, want := surveys.ErrorCode(err), surveys.ECONFLICT; got != want {
		t.Fatalf("duplicate email: code %q, want %q (%v)", got, want, err)
	}
	other := mustOrg(t, db)
	if reps, _, _ := db.FindReps(ctx, surveys.RepFilter{OrgID: other.ID}); len(reps) != 0 {
		t.Errorf("another org sees %d reps", len(reps))
	}
}

func testFindRepsSortsAndPages(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	for _, ext := range []string{"c", "a", "b", "d"} {
		mustRep(t, db, o.ID, ext)
	}
	reps, total, err := db.FindReps(ctx, surveys.RepFilter{OrgID: o.ID, Sort: "-name", Page: surveys.Page{Offset: 1, Limit: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%d %s %s", total, reps[0].ExternalID, reps[1].ExternalID), "4 c b"; got != want {
		t.Errorf("page = %q, want %q", got, want)
	}
	_, _, err = db.FindReps(ctx, surveys.RepFilter{OrgID: o.ID, Sort: "name; DROP TABLE reps"})
	if got, want := surveys.ErrorCode(err), surveys.EINVALID; got != want {
		t.Errorf("raw sort: code %q, want %q", got, want)
	}
}

func testTeamsNestWithLeaders(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	lead := &surveys.User{OrgID: o.ID, Email: "lead@acme.test", Role: surveys.RoleLeader, Active: true, CreatedAt: time.Now()}
	if err := db.CreateUser(ctx, lead); err != nil {
		t.Fatal(err)
	}
	parent := &surveys.Team{OrgID: o.ID, Name: "Sales", LeaderIDs: []int64{lead.ID}, CreatedAt: time.Now()}
	if err := db.CreateTeam(ctx, parent); err != nil {
		t.Fatal(err)
	}
	child := &surveys.Team{OrgID: o.ID, Name: "EMEA", ParentID: parent.ID, CreatedAt: time.Now()}
	if err := db.CreateTeam(ctx, child); err != nil {
		t.Fatal(err)
	}
	dup := &surveys.Team{OrgID: o.ID, Name: "EMEA", CreatedAt: time.Now()}
	if err := db.CreateTeam(ctx, dup); surveys.ErrorCode(err) != surveys.ECONFLICT {
		t.Errorf("duplicate team name: %v, want conflict", err)
	}
	name := "Sales EMEA"
	got, err := db.UpdateTeam(ctx, o.ID, child.ID, surveys.TeamUpdate{Name: &name, LeaderIDs: &[]int64{lead.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != name || got.ParentID != parent.ID || len(got.LeaderIDs) != 1 {
		t.Errorf("updated team = %+v", got)
	}
	all, _, _ := db.FindTeams(ctx, surveys.TeamFilter{OrgID: o.ID, Page: surveys.Page{Limit: -1}})
	if d := surveys.Descendants(all, parent.ID); len(d) != 2 {
		t.Errorf("descendants of parent = %v, want 2 teams", d)
	}
}

func testAPIKeys(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	token, hash := surveys.NewSecret(surveys.KeyPrefix)
	k := &surveys.APIKey{OrgID: o.ID, Name: "crm", Prefix: token[:8], Hash: hash,
		Scopes: surveys.Scopes{surveys.ScopeRead}, CreatedAt: time.Now()}
	if err := db.CreateAPIKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	found, err := db.FindAPIKeyByHash(ctx, surveys.HashSecret(token))
	if err != nil || found.ID != k.ID || !found.Scopes.Has(surveys.ScopeRead) || found.Scopes.Has(surveys.ScopeManage) {
		t.Fatalf("FindAPIKeyByHash = %+v, %v", found, err)
	}
	if err := db.RevokeAPIKey(ctx, o.ID, k.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindAPIKeyByHash(ctx, hash); surveys.ErrorCode(err) != surveys.ENOTFOUND {
		t.Errorf("revoked key still found: %v", err)
	}
}

func testSettingsRoundTrip(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	s := o.Settings
	s.Delivery.DelayMinutes, s.TimeZone, s.Sender.Footer = 0, "Europe/Berlin", "Hauptstr. 1 · Köln"
	if err := db.UpdateOrgSettings(ctx, o.ID, s); err != nil {
		t.Fatal(err)
	}
	wantSettings(t, db, o.ID, s)
}

// Concurrent writers wait for each other instead of failing.
func testConcurrentWrites(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.InTx(ctx, func(tx surveys.Store) error {
				r := &surveys.Rep{OrgID: o.ID, ExternalID: fmt.Sprint("c", i), Name: "R", Email: fmt.Sprintf("c%d@acme.test", i),
					Active: true, CreatedAt: time.Now(), UpdatedAt: time.Now()}
				_, err := tx.UpsertRep(ctx, r)
				return err
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, n, _ := db.FindReps(ctx, surveys.RepFilter{OrgID: o.ID}); n != 40 {
		t.Errorf("reps = %d, want 40", n)
	}
}

func testTransactionRollsBack(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	err := db.InTx(ctx, func(tx surveys.Store) error {
		mustRepTx(t, tx, o.ID)
		return surveys.Errorf(surveys.EINVALID, "x", "stop")
	})
	if surveys.ErrorCode(err) != surveys.EINVALID {
		t.Fatalf("InTx error = %v", err)
	}
	if _, n, _ := db.FindReps(ctx, surveys.RepFilter{OrgID: o.ID}); n != 0 {
		t.Errorf("rolled-back transaction left %d reps", n)
	}
}

func mustRepTx(t *testing.T, tx surveys.Store, orgID int64) {
	t.Helper()
	r := &surveys.Rep{OrgID: orgID, ExternalID: "tx", Name: "T", Email: "tx@acme.test", CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if _, err := tx.UpsertRep(ctx, r); err != nil {
		t.Fatal(err)
	}
}

func testMigrateIsIdempotent(t *testing.T, db *store.DB) {
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("schema version = %d, %v", v, err)
	}
	if err := db.Gorm().Exec(`INSERT INTO schema_migrations (version_id, is_applied) VALUES (9999, true)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err == nil {
		t.Error("Migrate accepted a schema newer than the binary")
	}
}
