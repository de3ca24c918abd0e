package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// queryLog is the store, noting every rollup query.
type queryLog struct {
	*store.DB
	queries []surveys.RollupQuery
}

func (l *queryLog) SumRollups(ctx context.Context, q surveys.RollupQuery, add func(surveys.RollupSum)) error {
	l.queries = append(l.queries, q)
	return l.DB.SumRollups(ctx, q, add)
}

// Every rep's figures over the default window are kept between requests,
// and after every kind of change to the rollups they equal the figures a
// new process reads; only the rows of the teams that changed are read
// again.
func TestKeptScoresFollowEveryChange(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			p := newPipeline(t, db)
			log := &queryLog{DB: db}
			svc := surveys.New(log, p.clock)
			var teams [2]*surveys.Team
			var reps [3]*surveys.Rep
			for i := range reps {
				in := surveys.RepInput{ExternalID: fmt.Sprint("k", i), Name: fmt.Sprint("Rep ", i), Email: fmt.Sprintf("k%d@acme.test", i), Active: true}
				if i < len(teams) {
					teams[i] = &surveys.Team{Name: fmt.Sprint("Team ", i)}
					if err := svc.Directory.CreateTeam(p.ctx, teams[i]); err != nil {
						t.Fatal(err)
					}
					in.Team = teams[i].Name
				}
				var err error
				if reps[i], _, err = svc.Directory.UpsertRep(p.ctx, in); err != nil {
					t.Fatal(err)
				}
			}
			apply := func(rep *surveys.Rep, teamID int64, daysAgo int, units int64) {
				t.Helper()
				d := surveys.RollupDelta{OrgID: p.org.ID, RepID: rep.ID, TeamID: teamID, Metric: surveys.MetricTrust,
					Day: p.clock.now.AddDate(0, 0, -daysAgo).Format(time.DateOnly), N: 1, Sum: units, SumSq: units * units}
				if err := db.ApplyRollups(ctx, []surveys.RollupDelta{d}); err != nil {
					t.Fatal(err)
				}
			}
			// check compares the kept figures — every rep's, and a rep's
			// and a team's pages, whose trends read the org's — with a new
			// process's, and the teams whose rows were read again for every
			// rep and for the org's trends (nil: every team; empty: none).
			check := func(step string, wantRead, wantTrends []int64) {
				t.Helper()
				log.queries = nil
				w, err := svc.Scores.DefaultWindow(p.ctx)
				if err != nil {
					t.Fatal(err)
				}
				got, err := scoreText(svc, p.ctx, w, reps[0].ID, teams[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				want, err := scoreText(surveys.New(db, p.clock), p.ctx, w, reps[0].ID, teams[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s: kept figures\n%v\nwant\n%v", step, got, want)
				}
				var read, trends [][]int64
				for _, q := range log.queries {
					teams := slices.Sorted(slices.Values(q.TeamIDs))
					switch {
					case q.ByRep && q.RepIDs == nil:
						read = append(read, teams)
					case q.ByRep && slices.Equal(q.RepIDs, []int64{0}):
						trends = append(trends, teams)
					}
				}
				for _, c := range []struct {
					what      string
					got, want any
				}{{"every rep", read, wantRead}, {"the org's trends", trends, wantTrends}} {
					want := fmt.Sprint([][]int64{c.want.([]int64)})
					if c.want.([]int64) != nil && len(c.want.([]int64)) == 0 {
						want = "[]"
					}
					if fmt.Sprint(c.got) != want {
						t.Errorf("%s: read the rows of teams %v for %s, want %v", step, c.got, c.what, want)
					}
				}
			}
			a, b := teams[0].ID, teams[1].ID
			apply(reps[0], a, 0, 120)
			apply(reps[1], b, 3, 60)
			check("first", nil, nil)
			check("nothing changed", []int64{}, []int64{})
			apply(reps[1], b, 0, 180)
			check("an answer to team B", []int64{b}, []int64{b})
			apply(reps[0], b, 0, 90) // the rep's answers now count toward team B
			check("a rep's answer in another team", []int64{b}, []int64{b})
			apply(reps[0], a, 5, 240) // an answer changed after its day
			check("a change dated days back", []int64{a}, []int64{a})
			apply(reps[2], 0, 1, 30)
			check("a rep without a team", []int64{0}, []int64{0})
			if err := db.DeleteRollups(ctx, p.org.ID); err != nil {
				t.Fatal(err)
			}
			check("rollups deleted", []int64{0, a, b}, []int64{0, a, b})
			cells := []surveys.RollupDelta{{OrgID: p.org.ID, RepID: reps[1].ID, TeamID: b, Metric: surveys.MetricTrust,
				Day: p.clock.now.Format(time.DateOnly), N: 2, Sum: 100, SumSq: 5000}}
			if err := db.InsertRollups(ctx, append(cells, surveys.TeamDeltas(cells)...)); err != nil {
				t.Fatal(err)
			}
			check("rollups rebuilt", []int64{b}, []int64{b})
			p.clock.now = p.clock.now.AddDate(0, 0, 1)
			check("the next day, the same trend periods", nil, []int64{})
			p.clock.now = p.clock.now.AddDate(0, 0, surveys.DefaultWindowDays)
			check("the window past every answer", nil, nil)
		})
	}
}

// scoreText is the org's and every rep's figures over w, and rep's and
// team's pages, as text.
func scoreText(svc *surveys.Services, ctx context.Context, w surveys.Window, rep, team int64) (string, error) {
	text, err := repsText(svc, ctx, w)
	if err != nil {
		return "", err
	}
	rd, err := svc.Scores.ScoreRep(ctx, rep, w)
	if err != nil {
		return "", err
	}
	td, err := svc.Scores.ScoreTeam(ctx, team, w)
	if err != nil {
		return "", err
	}
	return text + fmt.Sprintf("rep page %+v %+v\nteam page %+v %+v %+v\n", rd.Figures, rd.Trends, td.Figures, td.Trends, td.Reps[0].Figures), nil
}

// Requests reading the kept figures while answers change the rollups end
// with the figures a new process reads: a change between reading the
// versions and the rows is never kept as if it were not there.
func TestKeptScoresUnderConcurrentChanges(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := storetest.MustOpen(t, driver)
			p := newPipeline(t, db)
			svc := surveys.New(db, p.clock)
			w, err := svc.Scores.DefaultWindow(p.ctx)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			errs := make(chan error, 4)
			for range 3 {
				go func() {
					for {
						select {
						case <-done:
							errs <- nil
							return
						default:
						}
						if _, err := scoreText(svc, p.ctx, w, p.rep.ID, 0); err != nil && surveys.ErrorCode(err) != surveys.ENOTFOUND {
							errs <- err
							return
						}
					}
				}()
			}
			for i := range 40 {
				d := surveys.RollupDelta{OrgID: p.org.ID, RepID: p.rep.ID, TeamID: int64(i % 3), Metric: surveys.MetricTrust,
					Day: p.clock.now.AddDate(0, 0, -(i % 5)).Format(time.DateOnly), N: 1, Sum: int64(i), SumSq: int64(i * i)}
				if err := db.ApplyRollups(ctx, []surveys.RollupDelta{d}); err != nil {
					t.Fatal(err)
				}
			}
			close(done)
			for range 3 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			got, err := repsText(svc, p.ctx, w)
			if err != nil {
				t.Fatal(err)
			}
			want, err := repsText(surveys.New(db, p.clock), p.ctx, w)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("kept figures after concurrent changes\n%v\nwant\n%v", got, want)
			}
		})
	}
}

// repsText is the org's and every rep's figures over w, as text.
func repsText(svc *surveys.Services, ctx context.Context, w surveys.Window) (string, error) {
	org, reps, err := svc.Scores.ScoreReps(ctx, w)
	text := fmt.Sprintf("org %+v\n", org)
	for _, r := range reps {
		text += fmt.Sprintf("rep %d %+v\n", r.Rep.ID, r.Figures)
	}
	return text, err
}
