package store_test

import (
	"testing"

	"trustcard/surveys/store/storetest"
)

// Migration 0016 goes down and up again on both databases.
func TestOutcomesMigrationDownAndUp(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			for _, v := range []int64{12, 16} {
				if err := db.MigrateTo(ctx, v); err != nil {
					t.Fatalf("migrate to %d: %v", v, err)
				}
				if got, err := db.SchemaVersion(ctx); err != nil || got != v {
					t.Fatalf("schema version %d, %v; want %d", got, err, v)
				}
			}
			if _, err := db.FindPromiseByInteraction(ctx, 1); err == nil {
				t.Error("a follow-up found in an empty table")
			}
		})
	}
}
