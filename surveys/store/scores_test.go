package store_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// On random answers, including changed ones, figures read from rollups
// equal figures recomputed from the raw answers.
func TestScoresMatchRawAnswers(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			p := newPipeline(t, storetest.MustOpen(t, driver))
			rng := rand.New(rand.NewPCG(7, 7))
			final := map[int64]map[string]int{} // invitation → last answers
			for i := range 40 {
				res, err := p.post(t, fmt.Sprint("i", i), fmt.Sprintf("b%d@buyer.test", i), time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				p.send(t, res.Invitation.ID)
				token := surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
				for range 1 + rng.IntN(2) { // some buyers change their answers
					a := randomAnswer(rng)
					if _, err := p.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: a, Comment: "c"}); err != nil {
						t.Fatal(err)
					}
					final[res.Invitation.ID] = a
				}
			}
			w := surveys.Window{From: p.clock.now.AddDate(0, 0, -1), To: p.clock.now}
			got, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, w)
			if err != nil {
				t.Fatal(err)
			}
			var trust surveys.Moments
			top2, understood := int64(0), surveys.Moments{}
			for _, a := range final {
				var ratings []int
				for _, k := range []string{"understood", "diagnosed", "interest", "prepared"} {
					if v, ok := a[k]; ok {
						ratings = append(ratings, v)
					}
				}
				if v, ok := surveys.TrustValue(ratings); ok {
					trust.Add(v)
				}
				if v, ok := a["understood"]; ok {
					understood.Add(float64(v))
					if v >= 4 {
						top2++
					}
				}
			}
			f := got.Figures
			if f.N != trust.N || math.Abs(f.Raw-trust.Mean()) > 1e-9 || f.Responses != int64(len(final)) || f.Sent != 40 {
				t.Errorf("figures n=%d raw=%v responses=%d sent=%d, want n=%d raw=%v responses=%d sent=40",
					f.N, f.Raw, f.Responses, f.Sent, trust.N, trust.Mean(), len(final))
			}
			q := f.Questions["understood"]
			if q.N != understood.N || math.Abs(q.Mean-understood.Mean()) > 1e-9 || math.Abs(q.Top2Share-float64(top2)/float64(understood.N)) > 1e-9 {
				t.Errorf("understood = %+v, want n=%d mean=%v", q, understood.N, understood.Mean())
			}
			// One rep is the whole org, so shrinking changes nothing.
			if math.Abs(f.Score-f.Raw) > 1e-9 {
				t.Errorf("score %v, want raw %v (the org mean is the rep's own)", f.Score, f.Raw)
			}
		})
	}
}

func randomAnswer(rng *rand.Rand) map[string]int {
	a := map[string]int{}
	for _, k := range []string{"understood", "diagnosed", "interest", "prepared"} {
		if rng.Float64() < 0.8 {
			a[k] = 1 + rng.IntN(5)
		}
	}
	if rng.Float64() < 0.7 {
		a["recommend"] = rng.IntN(11)
	}
	if len(a) == 0 {
		a["recommend"] = 5
	}
	return a
}

func TestPages(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"RepPageComparesWithTheWindowBefore", testRepPagePrevious},
		{"OrgBoardPoolsSubTeams", testOrgBoard},
		{"OneRepsOrTeamsReadsAgreeWithEveryRepsRead", testFocusedReads},
	})
}

// A page about one rep or one team reads that rep's rows and the teams'
// own totals; its figures are those of the read of every rep.
func testFocusedReads(t *testing.T, p *pipeline) {
	for _, name := range []string{"East", "West"} {
		if err := p.svc.Directory.CreateTeam(p.ctx, &surveys.Team{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	p.newRep(t, "e1", "East")
	p.newRep(t, "e2", "East")
	p.newRep(t, "w1", "West")
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 30 {
		rep := []string{"e1", "e2", "w1", "r1"}[rng.IntN(4)]
		p.answerOn(t, rep, fmt.Sprintf("2026-03-%02d", 1+i%9), 1+rng.IntN(5))
	}
	w := surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")}
	org, reps, err := p.svc.Scores.ScoreReps(p.ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	byTeam := map[int64]int64{}
	for _, r := range reps {
		d, err := p.svc.Scores.ScoreRep(p.ctx, r.Rep.ID, w)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := d.Figures, r.Figures; got.N != want.N || !near(got.Score, want.Score) || !near(got.Raw, want.Raw) {
			t.Errorf("rep %s alone: n %d score %v raw %v; among all: n %d score %v raw %v", r.Rep.ExternalID, got.N, got.Score, got.Raw, want.N, want.Score, want.Raw)
		}
		if d.Org.N != org.N || !near(d.Org.Raw, org.Raw) {
			t.Errorf("rep %s's page: org n %d raw %v, want %d %v", r.Rep.ExternalID, d.Org.N, d.Org.Raw, org.N, org.Raw)
		}
		byTeam[r.Rep.TeamID] += r.Figures.N
	}
	teams, _, err := p.svc.Directory.FindTeams(p.ctx, surveys.TeamFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		d, err := p.svc.Scores.ScoreTeam(p.ctx, tm.ID, w)
		if err != nil {
			t.Fatal(err)
		}
		if d.Figures.N != byTeam[tm.ID] || d.Figures.N == 0 {
			t.Errorf("team %s: n %d, want its reps' %d", tm.Name, d.Figures.N, byTeam[tm.ID])
		}
	}
}

// answerOn posts an interaction of rep on day d, sends it and answers all
// trust questions with v.
func (p *pipeline) answerOn(t *testing.T, rep, d string, v int) {
	t.Helper()
	p.posted++
	p.clock.now = day(d).Add(10 * time.Hour)
	res, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: fmt.Sprint("p", p.posted), Rep: rep,
		Buyer: surveys.Buyer{Email: fmt.Sprintf("p%d@b.test", p.posted)}, OccurredAt: p.clock.now.Add(-time.Hour), Kind: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	p.send(t, res.Invitation.ID)
	if _, err := p.svc.Buyers.SubmitResponse(ctx, surveys.InvitationToken(p.org.Secret, res.Invitation.ID), surveys.Answer{Ratings: all(v)}); err != nil {
		t.Fatal(err)
	}
}

// A rep's page carries the figures of the window before, the same as the
// rep's, the team's and the org's figures read for that window.
func testRepPagePrevious(t *testing.T, p *pipeline) {
	if err := p.svc.Directory.CreateTeam(p.ctx, &surveys.Team{Name: "East"}); err != nil {
		t.Fatal(err)
	}
	p.newRep(t, "anna", "East")
	for _, a := range []struct {
		rep, day string
		v        int
	}{{"anna", "2026-02-20", 2}, {"anna", "2026-02-22", 3}, {"r1", "2026-02-21", 5}, {"anna", "2026-03-05", 5}} {
		p.answerOn(t, a.rep, a.day, a.v)
	}
	w := surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")}
	reps, _, err := p.svc.Directory.FindReps(p.ctx, surveys.RepFilter{Sort: "external_id"})
	if err != nil {
		t.Fatal(err)
	}
	anna := reps[0]
	page, err := p.svc.Scores.RepPage(p.ctx, anna.ID, w)
	if err != nil {
		t.Fatal(err)
	}
	prev, err := p.svc.Scores.ScoreRep(p.ctx, anna.ID, w.Previous())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := page.Previous, prev.Figures; got.N != 2 || !near(got.Score, want.Score) || !near(got.Raw, 37.5) {
		t.Errorf("previous = n %d score %v raw %v, want n 2 score %v raw 37.5", got.N, got.Score, got.Raw, want.Score)
	}
	if page.TeamPrevious == nil || page.TeamPrevious.N != 2 || !near(page.OrgPrevious.Raw, prev.Org.Raw) || page.OrgPrevious.N != 3 {
		t.Errorf("team previous %+v, org previous n %d raw %v; want team n 2, org n 3 raw %v", page.TeamPrevious, page.OrgPrevious.N, page.OrgPrevious.Raw, prev.Org.Raw)
	}
	if page.Detail.Figures.N != 1 || page.TeamName != "East" {
		t.Errorf("this window: n %d, team %q; want 1, East", page.Detail.Figures.N, page.TeamName)
	}
}

// The org board lists every team with its sub-teams pooled, best first,
// each with the window before.
func testOrgBoard(t *testing.T, p *pipeline) {
	east := &surveys.Team{Name: "East"}
	if err := p.svc.Directory.CreateTeam(p.ctx, east); err != nil {
		t.Fatal(err)
	}
	for _, tm := range []*surveys.Team{{Name: "East North", ParentID: east.ID}, {Name: "West"}} {
		if err := p.svc.Directory.CreateTeam(p.ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	p.newRep(t, "north", "East North")
	p.newRep(t, "west", "West")
	p.answerOn(t, "north", "2026-03-02", 5)
	p.answerOn(t, "west", "2026-03-03", 2)
	p.answerOn(t, "west", "2026-02-23", 4)
	b, err := p.svc.Scores.OrgBoard(p.ctx, surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range b.Teams {
		got = append(got, fmt.Sprintf("%s<%s> reps %d n %d prev %d", r.Team.Name, r.Parent, r.Reps, r.Figures.N, r.Previous.N))
	}
	want := []string{"East<> reps 1 n 1 prev 0", "East North<East> reps 1 n 1 prev 0", "West<> reps 1 n 1 prev 1"}
	if !slices.Equal(got, want) {
		t.Errorf("teams = %q, want %q", got, want)
	}
	if b.Figures.N != 2 || b.Previous.N != 1 || len(b.Trend) != surveys.TrendPeriods {
		t.Errorf("org n %d, previous n %d, trend %d months", b.Figures.N, b.Previous.N, len(b.Trend))
	}
}
