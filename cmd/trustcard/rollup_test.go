package main

import (
	"context"
	"testing"

	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// rollupCell is one running total, current or of a past day.
type rollupCell struct {
	RepID, TeamID      int64
	Day, Metric        string
	N, Top2, Promoters int64
	Detractors         int64
	Sum, SumSq         int64
}

// The bulk demo writes rollups equal to those rebuilt from its raw answers,
// and `rollup rebuild` restores them after they were damaged.
func TestBulkDemoAndRollupRebuild(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.MustDSN(t, driver)
			mustCLI(t, "demo", "--reps", "12", "--responses", "600", "--days", "30", "--database-url", dsn)
			db, err := store.Open(dsn, store.DefaultOptions)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := count(t, db, "SELECT count(*) FROM responses"); got != 600 {
				t.Fatalf("responses = %d, want 600", got)
			}
			before := cells(t, db)
			for _, sql := range []string{
				"DELETE FROM rollup_history WHERE metric = 'trust' AND rep_id = (SELECT MIN(rep_id) FROM rollup_history)",
				"UPDATE rollup_totals SET n = n + 5, sum = sum * 2 WHERE metric = 'understood'",
				"UPDATE rollup_history SET day = '2020-01-01' WHERE metric = 'sent' AND day = (SELECT MIN(day) FROM rollup_history)",
				"INSERT INTO rollup_totals (org_id, rep_id, team_id, day, metric, n) VALUES (1, 999, 0, '2020-01-01', 'trust', 3)",
			} {
				if err := db.Gorm().Exec(sql).Error; err != nil {
					t.Fatal(err)
				}
			}
			mustCLI(t, "rollup", "rebuild", "--database-url", dsn)
			after := cells(t, db)
			if len(after) != len(before) {
				t.Fatalf("%d cells after the rebuild, want %d", len(after), len(before))
			}
			for i := range before { // exactly: sums are whole numbers
				if after[i] != before[i] {
					t.Fatalf("cell %d = %+v after the rebuild, want %+v", i, after[i], before[i])
				}
			}
			upgradeRebuildsRollups(t, db, dsn, before)
		})
	}
}

// Rollups from before migration 0018 lack the response rate's cohorts
// ('answered'); the migration leaves a pending rebuild, which the next
// command that opens the database does once.
func upgradeRebuildsRollups(t *testing.T, db *store.DB, dsn string, want []rollupCell) {
	t.Helper()
	if got := count(t, db, "SELECT count(*) FROM pending_tasks"); got != 0 {
		t.Fatalf("%d pending tasks on a database migrated before it had rollups, want none", got)
	}
	for _, sql := range []string{
		"DELETE FROM rollup_totals WHERE metric = 'answered'",
		"DELETE FROM rollup_history WHERE metric = 'answered'",
		"INSERT INTO pending_tasks (name) VALUES ('rollup_rebuild')",
	} {
		if err := db.Gorm().Exec(sql).Error; err != nil {
			t.Fatal(err)
		}
	}
	mustCLI(t, "migrate", "--database-url", dsn)
	got := cells(t, db)
	if len(got) != len(want) {
		t.Fatalf("%d cells after the upgrade's rebuild, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("cell %d = %+v after the upgrade's rebuild, want %+v", i, got[i], want[i])
		}
	}
	if n := count(t, db, "SELECT count(*) FROM pending_tasks"); n != 0 {
		t.Errorf("%d pending tasks after the rebuild, want none", n)
	}
}

func cells(t *testing.T, db *store.DB) []rollupCell {
	t.Helper()
	var out []rollupCell
	day := "day"
	if db.Dialect() == store.Postgres {
		day = "to_char(day, 'YYYY-MM-DD')"
	}
	cols := "rep_id, team_id, " + day + " AS day, metric, n, top2, promoters, detractors, sum, sum_sq"
	err := db.Gorm().WithContext(context.Background()).Raw("SELECT " + cols + " FROM rollup_totals UNION ALL SELECT " + cols +
		" FROM rollup_history ORDER BY rep_id, team_id, day, metric").Scan(&out).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no rollups")
	}
	return out
}

func count(t *testing.T, db *store.DB, sql string) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm().Raw(sql).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
