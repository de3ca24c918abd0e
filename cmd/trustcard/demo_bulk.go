package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"golang.org/x/sync/errgroup"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/store"
)

// bulkBatch is how many responses go to the database at once.
const bulkBatch = 20000

// bulkSize is what `trustcard demo` generates.
type bulkSize struct {
	reps, responses, days int
}

// demo bulk-loads synthetic reps and answered surveys for load tests:
// COPY on PostgreSQL, multi-row INSERTs on SQLite, rollups built in bulk
// from the same answers.
func (c *cli) demo(ctx context.Context, args []string) error {
	var size bulkSize
	cfg, err := c.parse("demo", "trustcard demo: bulk-load synthetic reps and answered surveys into an idle database.", args, func(fs *flag.FlagSet) {
		fs.IntVar(&size.reps, "reps", 1000, "reps to create")
		fs.IntVar(&size.responses, "responses", 100000, "answered surveys to create, spread evenly over the reps")
		fs.IntVar(&size.days, "days", 365, "days back the surveys spread over")
	})
	if err != nil {
		return err
	}
	if size.reps < 1 || size.responses < 0 || size.days < 4 {
		return fmt.Errorf("--reps must be at least 1, --responses at least 0 and --days at least 4")
	}
	m := NewMain(cfg, c.stderr)
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	start := time.Now()
	if err := bulkLoad(ctx, m, size, c.stderr); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "loaded %d reps and %d responses in %s\n", size.reps, size.responses, time.Since(start).Round(time.Second))
	return nil
}

// bulkLoad creates the teams and reps through the services, then writes the
// answered surveys in batches through a pipeline: one goroutine draws
// them, one writes the responses and one the reps' rollups, so that on
// PostgreSQL the drawing and the two COPY streams run on every core at
// once. (SQLite's one connection takes the writes in turn.)
func bulkLoad(ctx context.Context, m *Main, size bulkSize, progress io.Writer) error {
	reps, err := bulkReps(ctx, m, size.reps, progress)
	if err != nil {
		return err
	}
	tv, err := bulkTemplate(ctx, m)
	if err != nil {
		return err
	}
	end := time.Now().UTC().Truncate(time.Hour).AddDate(0, 0, -3)
	firstBuyer, err := m.DB.BulkBuyers(ctx, m.Org.ID, max(size.reps, size.responses/10), end)
	if err != nil {
		return err
	}
	g := &bulkGen{m: m, tv: tv, rng: rand.New(rand.NewPCG(2026, 5)), end: end, days: size.days,
		buyers: max(size.reps, size.responses/10), firstBuyer: firstBuyer, sim: &demoSim{rng: rand.New(rand.NewPCG(5, 2026))}}
	bar := newProgressLine(progress, "responses", size.responses)
	eg, ectx := errgroup.WithContext(ctx)
	responses, cells := make(chan []store.BulkResponse, 1), make(chan []surveys.RollupDelta, 1)
	eg.Go(func() error {
		defer close(responses)
		defer close(cells)
		return g.draw(ectx, reps, size, responses, cells)
	})
	eg.Go(func() error {
		for batch := range responses {
			if err := m.DB.BulkResponses(ectx, m.Org.ID, tv.ID, batch); err != nil {
				return err
			}
			bar.add(len(batch))
		}
		return nil
	})
	eg.Go(func() error {
		for c := range cells {
			if err := m.DB.BulkRollups(ectx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err := eg.Wait(); err != nil {
		return err
	}
	bar.finish()
	if err := m.DB.BulkRollups(ctx, g.teams.Drain()); err != nil {
		return err
	}
	fmt.Fprintln(progress, "analyzing the tables…")
	return m.DB.Analyze(ctx)
}

// draw draws every rep's surveys, a batch at a time, and hands each batch
// and the rollups of its reps on, keeping their teams' for the end. It
// stops when ctx is done: a writer failed.
func (g *bulkGen) draw(ctx context.Context, reps []*surveys.Rep, size bulkSize, responses chan<- []store.BulkResponse, cells chan<- []surveys.RollupDelta) error {
	for i, rep := range reps {
		n := size.responses / size.reps
		if i < size.responses%size.reps {
			n++
		}
		g.addRep(rep, profileOf(i), n)
		if len(g.batch) < bulkBatch && i < len(reps)-1 {
			continue
		}
		c := g.cells.Drain()
		g.teams.Add(surveys.TeamDeltas(c)...)
		if !trySend(ctx, responses, g.batch) || !trySend(ctx, cells, c) {
			return ctx.Err()
		}
		g.batch = nil // the writer owns the batch now
	}
	return nil
}

// trySend sends v on ch unless ctx is done first.
func trySend[T any](ctx context.Context, ch chan<- T, v T) bool {
	select {
	case ch <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

// bulkReps creates reps (a hundred per team) and returns them in order.
func bulkReps(ctx context.Context, m *Main, n int, progress io.Writer) ([]*surveys.Rep, error) {
	admin := m.AsAdmin(ctx)
	bar := newProgressLine(progress, "reps", n)
	var out []*surveys.Rep
	for i := range n {
		team := fmt.Sprintf("Bulk team %03d", i/100+1)
		if i%100 == 0 {
			if err := m.Services.Directory.CreateTeam(admin, &surveys.Team{Name: team}); err != nil && surveys.ErrorCode(err) != surveys.ECONFLICT {
				return nil, err
			}
		}
		r, _, err := m.Services.Directory.UpsertRep(admin, surveys.RepInput{ExternalID: fmt.Sprintf("bulk-rep-%05d", i+1),
			Name: fmt.Sprintf("Rep %05d", i+1), Email: fmt.Sprintf("rep%05d@bulk.example", i+1), Team: team, Active: true})
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		if i%500 == 499 {
			bar.add(500)
		}
	}
	bar.finish()
	return out, nil
}

// bulkTemplate returns the org's survey, creating the default one when the
// org has none yet.
func bulkTemplate(ctx context.Context, m *Main) (*surveys.TemplateVersion, error) {
	tv, err := m.DB.CurrentTemplateVersion(ctx, m.Org.ID)
	if surveys.ErrorCode(err) != surveys.ENOTFOUND {
		return tv, err
	}
	tv = &surveys.TemplateVersion{OrgID: m.Org.ID, Version: 1, Name: "Trust check", Questions: surveys.DefaultQuestions(catalog.Default.QuestionTexts()), CreatedAt: time.Now().UTC()}
	return tv, m.DB.CreateTemplateVersion(ctx, tv)
}

// profileOf gives every tenth rep a pushy profile and every 25th a new one.
func profileOf(i int) repProfile {
	switch {
	case i%10 == 3:
		return pushyRep
	case i%25 == 24:
		return newRep
	}
	return goodRep
}

// bulkGen draws answered surveys and their rollups.
type bulkGen struct {
	m            *Main
	tv           *surveys.TemplateVersion
	rng          *rand.Rand
	sim          *demoSim // draws the answers as --demo does
	end          time.Time
	days, buyers int
	firstBuyer   int64
	batch        []store.BulkResponse
	cells        surveys.RollupCells
	teams        surveys.RollupCells // teams span batches: written last
}

// addRep draws n surveys of rep and adds them and their rollups to the batch.
func (g *bulkGen) addRep(rep *surveys.Rep, p repProfile, n int) {
	tz := g.m.Org.Settings.TimeZone
	for range n {
		day := g.end.AddDate(0, 0, -g.rng.IntN(g.days-3)).Truncate(24 * time.Hour)
		at := day.Add(time.Duration(8*60+g.rng.IntN(9*60)) * time.Minute)
		a := g.sim.answer(p)
		r := store.BulkResponse{RepID: rep.ID, TeamID: rep.TeamID, BuyerID: g.firstBuyer + int64(g.rng.IntN(g.buyers)),
			OccurredAt: at, SentAt: at.Add(2 * time.Hour), SubmittedAt: at.Add(time.Duration(3+g.rng.IntN(48)) * time.Hour),
			Answers: a.Ratings, Comment: a.Comment, ShareName: a.ShareName, TrustValue: g.tv.TrustValue(a.Ratings)}
		g.batch = append(g.batch, r)
		resp := &surveys.Response{OrgID: rep.OrgID, RepID: rep.ID, TeamID: rep.TeamID, Answers: r.Answers,
			TrustValue: r.TrustValue, SubmittedAt: r.SubmittedAt}
		g.cells.Add(surveys.ResponseDeltas(resp, g.tv, tz)...)
		inv := &surveys.Invitation{OrgID: rep.OrgID, RepID: rep.ID, TeamID: rep.TeamID, SentAt: r.SentAt}
		g.cells.Add(surveys.SentDelta(inv, tz))
		g.cells.Add(surveys.AnsweredDelta(inv, tz)...)
	}
}

// progressLine rewrites one line on a terminal: what is done, of how many,
// and the rate.
type progressLine struct {
	w           io.Writer
	what        string
	done, total int
	start       time.Time
}

func newProgressLine(w io.Writer, what string, total int) *progressLine {
	return &progressLine{w: w, what: what, total: total, start: time.Now()}
}

func (p *progressLine) add(n int) {
	p.done += n
	rate := float64(p.done) / max(time.Since(p.start).Seconds(), 1e-3)
	fmt.Fprintf(p.w, "\r%s: %d/%d (%3.0f%%) %8.0f/s", p.what, p.done, p.total, 100*float64(p.done)/float64(max(p.total, 1)), rate)
}

func (p *progressLine) finish() {
	p.done = 0
	p.add(p.total)
	fmt.Fprintln(p.w)
}
