package store_test

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// randomDeltas draws n deltas over 3 reps, 2 teams, 3 metrics and 60 days,
// in no particular day order, so many land before their key last changed.
func randomDeltas(rng *rand.Rand, orgID int64, n int) []surveys.RollupDelta {
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]surveys.RollupDelta, n)
	for i := range out {
		v := int64(rng.IntN(101))
		sign := int64(1)
		if rng.IntN(5) == 0 {
			sign = -1 // a changed answer takes its old values away
		}
		out[i] = surveys.RollupDelta{OrgID: orgID, RepID: int64(1 + rng.IntN(3)), TeamID: int64(rng.IntN(2)),
			Day: first.AddDate(0, 0, rng.IntN(60)).Format(time.DateOnly), Metric: []string{"trust", "understood", "sent"}[rng.IntN(3)],
			N: sign, Sum: sign * v, SumSq: sign * v * v, Top2: sign * int64(rng.IntN(2)), Promoters: sign,
			Detractors: sign * int64(rng.IntN(2))}
	}
	return out
}

// wantSums sums the deltas within each period as SumRollups does.
func wantSums(deltas []surveys.RollupDelta, q surveys.RollupQuery) map[surveys.RollupSum]surveys.RollupSum {
	out := map[surveys.RollupSum]surveys.RollupSum{}
	for i, p := range q.Periods {
		for _, d := range deltas {
			if d.Day < p.From || d.Day > p.To || (q.RepIDs != nil && !slices.Contains(q.RepIDs, d.RepID)) ||
				(q.TeamIDs != nil && !slices.Contains(q.TeamIDs, d.TeamID)) {
				continue
			}
			k := surveys.RollupSum{Period: i, Metric: d.Metric}
			if q.ByRep {
				k.RepID, k.TeamID = d.RepID, d.TeamID
			}
			s := out[k]
			s.Period, s.Metric, s.RepID, s.TeamID = k.Period, k.Metric, k.RepID, k.TeamID
			s.N, s.Sum, s.SumSq = s.N+d.N, s.Sum+d.Sum, s.SumSq+d.SumSq
			s.Top2, s.Promoters, s.Detractors = s.Top2+d.Top2, s.Promoters+d.Promoters, s.Detractors+d.Detractors
			out[k] = s
		}
	}
	for k, s := range out {
		if s.N == 0 {
			delete(out, k)
		}
	}
	return out
}

// checkSums compares SumRollups with the deltas summed directly, over
// random periods, pooled and per rep, with and without filters.
func checkSums(t *testing.T, rng *rand.Rand, db *store.DB, orgID int64, deltas []surveys.RollupDelta) {
	t.Helper()
	first := time.Date(2025, 12, 25, 0, 0, 0, 0, time.UTC)
	for range 20 {
		q := surveys.RollupQuery{OrgID: orgID, ByRep: rng.IntN(2) == 0}
		for range 1 + rng.IntN(4) {
			from := first.AddDate(0, 0, rng.IntN(75))
			q.Periods = append(q.Periods, surveys.Period{From: from.Format(time.DateOnly),
				To: from.AddDate(0, 0, rng.IntN(40)).Format(time.DateOnly)})
		}
		switch rng.IntN(3) {
		case 1:
			q.RepIDs = []int64{int64(1 + rng.IntN(3))}
		case 2:
			q.TeamIDs = []int64{int64(rng.IntN(2))}
		}
		var got []surveys.RollupSum
		err := db.SumRollups(ctx, q, func(s surveys.RollupSum) { got = append(got, s) })
		if err != nil {
			t.Fatal(err)
		}
		want := wantSums(deltas, q)
		if len(got) != len(want) {
			t.Fatalf("%+v: %d sums, want %d:\n%+v\n%+v", q, len(got), len(want), got, want)
		}
		for _, g := range got {
			k := surveys.RollupSum{Period: g.Period, Metric: g.Metric, RepID: g.RepID, TeamID: g.TeamID}
			if w := want[k]; g != w {
				t.Fatalf("%+v: sum %+v, want %+v", q, g, w)
			}
		}
	}
}

// Deltas applied in random batches, many dated before their key last
// changed, sum over any periods exactly as the deltas themselves do; and
// rebuilding from daily cells gives the same totals.
func TestRollupTotalsMatchDeltas(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			rng := rand.New(rand.NewPCG(11, 5))
			deltas := randomDeltas(rng, 1, 600)
			for rest := deltas; len(rest) > 0; {
				n := min(len(rest), 1+rng.IntN(40))
				if err := db.InTx(ctx, func(tx surveys.Store) error { return tx.ApplyRollups(ctx, rest[:n]) }); err != nil {
					t.Fatal(err)
				}
				rest = rest[n:]
			}
			checkSums(t, rng, db, 1, deltas)

			var cells surveys.RollupCells
			cells.Add(deltas...)
			cells.Add(surveys.TeamDeltas(deltas)...)
			if err := db.DeleteRollups(ctx, 1); err != nil {
				t.Fatal(err)
			}
			if err := db.InsertRollups(ctx, cells.Drain()); err != nil {
				t.Fatal(err)
			}
			checkSums(t, rng, db, 1, deltas)
		})
	}
}

// Transactions applying deltas at once, on all days, lose none of them.
func TestRollupTotalsConcurrent(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			rng := rand.New(rand.NewPCG(3, 9))
			deltas := randomDeltas(rng, 1, 400)
			var wg sync.WaitGroup
			errs := make(chan error, 8)
			for w := range 8 {
				wg.Go(func() {
					for i := w; i < len(deltas); i += 8 * 5 {
						batch := deltas[i:min(i+5, len(deltas))]
						err := db.InTx(ctx, func(tx surveys.Store) error { return tx.ApplyRollups(ctx, batch) })
						if err != nil {
							errs <- fmt.Errorf("batch at %d: %w", i, err)
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			var applied []surveys.RollupDelta
			for w := range 8 {
				for i := w; i < len(deltas); i += 8 * 5 {
					applied = append(applied, deltas[i:min(i+5, len(deltas))]...)
				}
			}
			checkSums(t, rng, db, 1, applied)
		})
	}
}

// Migration 0003 turns daily cells into running totals, with the teams'
// own, and back when undone, without changing a sum; 0018 turns trust sums
// into whole units of 25/60 and back.
func TestRollupTotalsMigration(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			rng := rand.New(rand.NewPCG(8, 1))
			deltas := randomDeltas(rng, 1, 300)
			if err := db.ApplyRollups(ctx, deltas); err != nil {
				t.Fatal(err)
			}
			if err := db.MigrateTo(ctx, 2); err != nil {
				t.Fatal(err)
			}
			var want surveys.RollupCells
			want.Add(deltas...)
			var cells []pointCell // before 0018, trust sums are in points
			err := db.Gorm().Raw("SELECT org_id, rep_id, team_id, metric, " + db.DayText("day") + " AS day, n, sum, sum_sq, top2, " +
				"promoters, detractors FROM rollups ORDER BY org_id, rep_id, team_id, day, metric").Scan(&cells).Error
			if err != nil {
				t.Fatal(err)
			}
			var nonzero []surveys.RollupDelta
			for _, c := range want.Drain() {
				if c != (surveys.RollupDelta{OrgID: c.OrgID, RepID: c.RepID, TeamID: c.TeamID, Day: c.Day, Metric: c.Metric}) {
					nonzero = append(nonzero, c)
				}
			}
			if got := inUnits(t, cells); !slices.Equal(got, nonzero) {
				t.Fatalf("daily cells after undoing 0003:\n%+v\nwant\n%+v", got, nonzero)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			checkSums(t, rng, db, 1, deltas)
			// 0019 gives every team with rollups a version.
			versions, err := db.RollupVersions(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			var teams []int64
			for _, d := range deltas {
				teams = append(teams, d.TeamID)
			}
			slices.Sort(teams)
			if got, want := slices.Sorted(maps.Keys(versions)), slices.Compact(teams); !slices.Equal(got, want) {
				t.Errorf("teams with a rollup version after 0019: %v, want %v", got, want)
			}
		})
	}
}

// pointCell is a rollup cell as stored before migration 0018: trust sums
// in trust points, as floats.
type pointCell struct {
	OrgID, RepID, TeamID int64
	Day, Metric          string
	N                    int64
	Sum, SumSq           float64
	Top2                 int64
	Promoters            int64
	Detractors           int64
}

// inUnits turns cells into deltas in whole units, failing unless each sum
// was within a float's rounding of a whole number of units.
func inUnits(t *testing.T, cells []pointCell) []surveys.RollupDelta {
	t.Helper()
	out := make([]surveys.RollupDelta, len(cells))
	for i, c := range cells {
		sum, sumSq := c.Sum, c.SumSq
		if c.Metric == surveys.MetricTrust {
			sum, sumSq = sum*60/25, sumSq*3600/625
		}
		if math.Abs(sum-math.Round(sum)) > 1e-6 || math.Abs(sumSq-math.Round(sumSq)) > 1e-6 {
			t.Fatalf("cell %+v: sums are not whole units", c)
		}
		out[i] = surveys.RollupDelta{OrgID: c.OrgID, RepID: c.RepID, TeamID: c.TeamID, Day: c.Day, Metric: c.Metric, N: c.N,
			Sum: int64(math.Round(sum)), SumSq: int64(math.Round(sumSq)), Top2: c.Top2, Promoters: c.Promoters, Detractors: c.Detractors}
	}
	return out
}

// Migrating counts every day even where the server's time zone skips a
// midnight (Santiago on 2022-09-11).
func TestRollupTotalsMigrationSkippedMidnight(t *testing.T) {
	dsn, err := url.Parse(storetest.MustDSN(t, store.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	dsn.RawQuery = strings.TrimPrefix(dsn.RawQuery+"&timezone=America/Santiago", "&") // pgx reads the slash unescaped
	db, err := store.Open(dsn.String(), store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deltas := []surveys.RollupDelta{
		{OrgID: 1, RepID: 1, TeamID: 1, Day: "2022-09-05", Metric: "trust", N: 1, Sum: 5, SumSq: 25},
		{OrgID: 1, RepID: 1, TeamID: 1, Day: "2022-09-20", Metric: "trust", N: 1, Sum: 5, SumSq: 25},
	}
	if err := db.ApplyRollups(ctx, deltas); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkSums(t, rand.New(rand.NewPCG(1, 1)), db, 1, deltas)
	q := surveys.RollupQuery{OrgID: 1, Periods: []surveys.Period{{From: "2022-09-01", To: "2022-09-10"}, {From: "2022-09-12", To: "2022-09-19"}}}
	var got []surveys.RollupSum
	if err := db.SumRollups(ctx, q, func(s surveys.RollupSum) { got = append(got, s) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Period != 0 || got[0].N != 1 {
		t.Fatalf("sums around the skipped midnight: %+v, want N=1 in the first period only", got)
	}
}

// A read while a writer moves totals on to a later day (closing the days
// between into the history) counts each total once.
func TestRollupTotalsReadWhileWriting(t *testing.T) {
	db := storetest.MustOpen(t, store.Postgres)
	q := surveys.RollupQuery{OrgID: 1, Periods: []surveys.Period{{From: "2026-01-01", To: "2026-01-10"}}, ByRep: true}
	var wrong atomic.Int64
	for rep := int64(1); rep <= 100; rep++ {
		first := surveys.RollupDelta{OrgID: 1, RepID: rep, TeamID: 1, Day: "2026-01-05", Metric: "trust", N: 1, Sum: 5, SumSq: 25}
		if err := db.ApplyRollups(ctx, []surveys.RollupDelta{first}); err != nil {
			t.Fatal(err)
		}
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				for !stop.Load() {
					err := db.SumRollups(ctx, q, func(s surveys.RollupSum) {
						if s.RepID == rep && s.N != 1 {
							wrong.Add(1)
						}
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		later := first
		later.Day = "2026-02-01"
		err := db.ApplyRollups(ctx, []surveys.RollupDelta{later})
		stop.Store(true)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
	}
	if wrong.Load() > 0 {
		t.Fatalf("%d reads did not count a total once", wrong.Load())
	}
}
