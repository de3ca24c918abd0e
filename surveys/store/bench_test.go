package store_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/store"
)

// baselineSQL sums the same figures as the rollups hold — per rep, team and
// question, trust values (in whole units of 25/60, as the rollups keep
// them), responses and invitations sent — grouped straight from the raw
// rows of the window.
const baselineSQL = `
SELECT r.rep_id, r.team_id, a.question_key AS metric, COUNT(*) AS n, SUM(a.value) AS sum, SUM(a.value * a.value) AS sum_sq,
  SUM(CASE WHEN a.value >= 4 THEN 1 ELSE 0 END) AS top2, SUM(CASE WHEN a.value >= 9 THEN 1 ELSE 0 END) AS promoters,
  SUM(CASE WHEN a.value <= 6 THEN 1 ELSE 0 END) AS detractors
FROM responses r JOIN answers a ON a.response_id = r.id
WHERE r.org_id = @org AND r.submitted_at >= @since AND r.submitted_at < @before AND NOT r.provisional
GROUP BY r.rep_id, r.team_id, a.question_key
UNION ALL
SELECT rep_id, team_id, 'trust', COUNT(trust_value), SUM(u), SUM(u * u), COUNT(*), 0, 0
FROM (SELECT rep_id, team_id, trust_value, CAST(ROUND(trust_value * 60 / 25) AS BIGINT) AS u FROM responses
  WHERE org_id = @org AND submitted_at >= @since AND submitted_at < @before AND NOT provisional) t
GROUP BY rep_id, team_id
UNION ALL
SELECT rep_id, team_id, 'sent', COUNT(*), 0, 0, 0, 0, 0
FROM invitations WHERE org_id = @org AND sent_at >= @since AND sent_at < @before
GROUP BY rep_id, team_id`

// BenchmarkScoreReps reads every rep's figures for the last 90 days from the
// rollups (Scores.ScoreReps, kept between calls) and for the year before
// yesterday (summed on every call), one rep's and one team's pages with
// their trends, and beside them the same sums as ScoreReps grouped from the
// raw answers in the same run. It needs a database loaded by
// `trustcard demo --reps 10000 --responses 10000000` at
// TRUSTCARD_BENCH_DATABASE_URL, and skips without one.
func BenchmarkScoreReps(b *testing.B) {
	dsn := os.Getenv("TRUSTCARD_BENCH_DATABASE_URL")
	if dsn == "" {
		b.Skip("set TRUSTCARD_BENCH_DATABASE_URL to a database loaded by `trustcard demo`")
	}
	db, err := store.Open(dsn, store.DefaultOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	org, err := db.FirstOrg(ctx)
	if err != nil {
		b.Fatal(err)
	}
	svc := surveys.New(db, nil)
	ctx = surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: org.ID, KeyID: 1, Role: surveys.RoleAdmin, Scopes: surveys.AllScopes, Name: "bench"})
	w, err := svc.Scores.DefaultWindow(ctx)
	if err != nil {
		b.Fatal(err)
	}
	_, reps, err := svc.Scores.ScoreReps(ctx, w)
	if err != nil {
		b.Fatal(err)
	}
	var responses int64
	for _, r := range reps {
		responses += r.Figures.Responses
	}
	b.Logf("%d reps, %d responses in the window %s…%s", len(reps), responses, w.From.Format("2006-01-02"), w.To.Format("2006-01-02"))
	b.Run("Rollups", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := svc.Scores.ScoreReps(ctx, w); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What a process keeps for the org's default window.
	b.Run("KeptMemory", func(b *testing.B) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		kept := surveys.New(db, nil)
		if _, _, err := kept.Scores.ScoreReps(ctx, w); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(kept)
		for b.Loop() {
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "kept-MiB")
	})
	// Any other window is summed from the rollups on every request.
	b.Run("RollupsYear", func(b *testing.B) {
		year := surveys.Window{From: w.To.AddDate(-1, 0, 0), To: w.To.AddDate(0, 0, -1)}
		for b.Loop() {
			if _, _, err := svc.Scores.ScoreReps(ctx, year); err != nil {
				b.Fatal(err)
			}
		}
	})
	// One rep's and one team's pages also read the trends, the org's too.
	b.Run("ScoreRep", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Scores.ScoreRep(ctx, reps[0].Rep.ID, w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ScoreTeam", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Scores.ScoreTeam(ctx, reps[0].Rep.TeamID, w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("RawGroupBy", func(b *testing.B) {
		since, before := w.Instants(org.Settings.TimeZone)
		args := map[string]any{"org": org.ID, "since": since.UTC(), "before": before.UTC()}
		for b.Loop() {
			var rows []surveys.RollupSum
			if err := db.Gorm().WithContext(ctx).Raw(baselineSQL, args).Scan(&rows).Error; err != nil {
				b.Fatal(err)
			}
		}
	})
}
