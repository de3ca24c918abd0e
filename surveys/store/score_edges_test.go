package store_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// The edge cases of the trust-score definition, against each database.
func TestScoreEdgeCases(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"NoResponsesNoScore", testNoResponses},
		{"KnownAnswerWithSkippedQuestions", testKnownAnswer},
		{"AllEqualZeroWidthInterval", testAllEqual},
		{"ChangedResponseCountsOnceOnItsDay", testChangedResponse},
		{"MovedRepCountsTowardTeamAtInteraction", testMovedRep},
		{"DeactivatedRepKeepsFigures", testDeactivatedRep},
		{"WindowsAcrossDaylightSaving", testDaylightSaving},
		{"WeeklyAndMonthlyTrend", testTrends},
	})
}

// pipelineTest is one behaviour of the services over a fresh database.
type pipelineTest struct {
	name string
	fn   func(*testing.T, *pipeline)
}

// runPipeline runs each test in parallel on a fresh pipeline of each driver.
func runPipeline(t *testing.T, tests []pipelineTest) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.fn(t, newPipeline(t, storetest.MustOpen(t, driver)))
				})
			}
		})
	}
}

// answer posts an interaction of rep (external id) an hour before at,
// sends its survey and submits ratings at at; it returns the invitation.
func (p *pipeline) answer(t *testing.T, rep string, at time.Time, ratings map[string]int) int64 {
	t.Helper()
	p.posted++
	p.clock.now = at.Add(-30 * time.Minute)
	res, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: fmt.Sprint("e", p.posted), Rep: rep,
		Buyer: surveys.Buyer{Email: fmt.Sprintf("b%d@buyer.test", p.posted)}, OccurredAt: at.Add(-time.Hour), Kind: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	p.resubmit(t, res.Invitation.ID, at, ratings, true)
	return res.Invitation.ID
}

// resubmit submits ratings to invitation inv at at, sending it first if send.
func (p *pipeline) resubmit(t *testing.T, inv int64, at time.Time, ratings map[string]int, send bool) {
	t.Helper()
	if send {
		p.send(t, inv)
	}
	p.clock.now = at
	if _, err := p.svc.Buyers.SubmitResponse(ctx, surveys.InvitationToken(p.org.Secret, inv), surveys.Answer{Ratings: ratings}); err != nil {
		t.Fatal(err)
	}
}

// rep creates a rep in team ("" for none) and returns it.
func (p *pipeline) newRep(t *testing.T, ext, team string) *surveys.Rep {
	t.Helper()
	r, _, err := p.svc.Directory.UpsertRep(p.ctx, surveys.RepInput{ExternalID: ext, Name: ext, Email: ext + "@acme.test", Team: team, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func all(v int) map[string]int {
	return map[string]int{"understood": v, "diagnosed": v, "interest": v, "prepared": v}
}

func testNoResponses(t *testing.T, p *pipeline) {
	d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, surveys.Window{From: day("2026-01-01"), To: day("2026-03-10")})
	if err != nil {
		t.Fatal(err)
	}
	if f := d.Figures; f.HasScore || f.N != 0 || f.Responses != 0 || f.HasInterval || f.NPS.N != 0 || len(f.Questions) != 0 {
		t.Errorf("figures = %+v, want no score, nothing counted", f)
	}
	for _, pt := range append(d.Trend, d.WeeklyTrend...) {
		if pt.Figures.HasScore {
			t.Errorf("trend point %+v has a score", pt)
		}
	}
}

// Hand-computed: rep r1 has three responses, rep r2 one; k = 5.
//
//	r1: understood 5, diagnosed 3, interest and prepared skipped → (4+2)/2 × 25 = 75; recommend 10
//	    all 3 → 50; recommend 6
//	    all 5 → 100; recommend 9
//	r2: all 2 → 25
//	r1: n = 3, raw = 75, s² = (0² + 25² + 25²)/2 = 625, s = 25, se = 25/√3 = 14.43376,
//	    t(0.95, 2) = 2.919986, half-width = 42.14650, interval [32.85350, 117.14650]
//	org mean = (75 + 50 + 100 + 25)/4 = 62.5
//	r1 score = (3 × 75 + 5 × 62.5)/(3 + 5) = 537.5/8 = 67.1875; r2 score = (25 + 312.5)/6 = 56.25
//	r1 understood: 5, 3, 5 → mean 13/3, top-2 2/3 (n 3); interest: 3, 5 → n 2
//	r1 NPS: promoters 2, detractors 1 of 3 → (2 − 1)/3 × 100 = 33.33
func testKnownAnswer(t *testing.T, p *pipeline) {
	p.newRep(t, "r2", "")
	at := day("2026-03-02").Add(10 * time.Hour)
	p.answer(t, "r1", at, map[string]int{"understood": 5, "diagnosed": 3, "recommend": 10})
	three, five := all(3), all(5)
	three["recommend"], five["recommend"] = 6, 9
	p.answer(t, "r1", at.Add(time.Hour), three)
	p.answer(t, "r1", at.Add(2*time.Hour), five)
	p.answer(t, "r2", at.Add(3*time.Hour), all(2))
	org, reps, err := p.svc.Scores.ScoreReps(p.ctx, surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")})
	if err != nil {
		t.Fatal(err)
	}
	if !near(org.Raw, 62.5) || org.N != 4 {
		t.Errorf("org raw = %v n = %d, want 62.5 and 4", org.Raw, org.N)
	}
	r1, r2 := reps[0].Figures, reps[1].Figures
	if reps[0].Rep.ExternalID != "r1" {
		r1, r2 = r2, r1
	}
	half := 2.919986 * 25 / math.Sqrt(3)
	if r1.N != 3 || !near(r1.Raw, 75) || !near(r1.Score, 67.1875) || !r1.HasInterval || !r1.LowConfidence ||
		math.Abs(r1.Interval.Low-(75-half)) > 1e-4 || math.Abs(r1.Interval.High-(75+half)) > 1e-4 {
		t.Errorf("r1 = %+v, want n 3, raw 75, score 67.1875, interval [%.5f, %.5f], low confidence", r1, 75-half, 75+half)
	}
	if q := r1.Questions["understood"]; q.N != 3 || !near(q.Mean, 13.0/3) || !near(q.Top2Share, 2.0/3) {
		t.Errorf("r1 understood = %+v, want n 3, mean 4.333, top-2 0.667", q)
	}
	if q := r1.Questions["interest"]; q.N != 2 || !near(q.Mean, 4) {
		t.Errorf("r1 interest = %+v, want n 2 (one skipped), mean 4", q)
	}
	if n := r1.NPS; n.N != 3 || n.Promoters != 2 || n.Detractors != 1 || !near(n.Score, 100.0/3) {
		t.Errorf("r1 NPS = %+v, want 2 promoters, 1 detractor, 33.33", n)
	}
	if r2.N != 1 || !near(r2.Raw, 25) || !near(r2.Score, 56.25) || r2.HasInterval {
		t.Errorf("r2 = %+v, want n 1, raw 25, score 56.25, no interval", r2)
	}
}

func testAllEqual(t *testing.T, p *pipeline) {
	at := day("2026-03-02").Add(10 * time.Hour)
	for i := range 6 {
		p.answer(t, "r1", at.Add(time.Duration(i)*time.Hour), all(4))
	}
	d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")})
	if err != nil {
		t.Fatal(err)
	}
	if f := d.Figures; f.N != 6 || f.Raw != 75 || !f.HasInterval || f.Interval.Low != 75 || f.Interval.High != 75 || f.LowConfidence {
		t.Errorf("figures = %+v, want n 6, raw 75, interval exactly [75, 75], not low confidence", f)
	}
}

// A buyer who changes their answers counts once, with the new answers, on
// the day of their first submission.
func testChangedResponse(t *testing.T, p *pipeline) {
	first := day("2026-03-02").Add(10 * time.Hour)
	inv := p.answer(t, "r1", first, all(1))
	p.resubmit(t, inv, first.Add(24*time.Hour), all(5), false)
	for _, tt := range []struct {
		day     string
		n       int64
		wantRaw float64
	}{{"2026-03-02", 1, 100}, {"2026-03-03", 0, 0}} {
		d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, surveys.Window{From: day(tt.day), To: day(tt.day)})
		if err != nil {
			t.Fatal(err)
		}
		if f := d.Figures; f.N != tt.n || f.Responses != tt.n || f.Raw != tt.wantRaw || f.Questions["understood"].N != tt.n {
			t.Errorf("%s: figures = %+v, want n %d raw %v", tt.day, f, tt.n, tt.wantRaw)
		}
	}
}

// A rep's responses count toward the team they belonged to when the
// interaction happened, even when answered after a move.
func testMovedRep(t *testing.T, p *pipeline) {
	teams := map[string]*surveys.Team{}
	for _, name := range []string{"East", "West"} {
		teams[name] = &surveys.Team{Name: name}
		if err := p.svc.Directory.CreateTeam(p.ctx, teams[name]); err != nil {
			t.Fatal(err)
		}
	}
	p.newRep(t, "mover", "East")
	at := day("2026-03-02").Add(10 * time.Hour)
	p.answer(t, "mover", at, all(5))
	p.clock.now = at.Add(time.Hour)
	res, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: "before-move", Rep: "mover",
		Buyer: surveys.Buyer{Email: "late@buyer.test"}, OccurredAt: at, Kind: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	p.newRep(t, "mover", "West") // moved before the buyer answers
	p.resubmit(t, res.Invitation.ID, at.Add(2*time.Hour), all(1), true)
	p.answer(t, "mover", at.Add(3*time.Hour), all(3))
	w := surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")}
	for name, want := range map[string]struct {
		n   int64
		raw float64
	}{"East": {2, 50}, "West": {1, 50}} {
		d, err := p.svc.Scores.ScoreTeam(p.ctx, teams[name].ID, w)
		if err != nil {
			t.Fatal(err)
		}
		if d.Figures.N != want.n || !near(d.Figures.Raw, want.raw) {
			t.Errorf("%s: n = %d raw = %v, want %d and %v", name, d.Figures.N, d.Figures.Raw, want.n, want.raw)
		}
	}
}

func testDeactivatedRep(t *testing.T, p *pipeline) {
	at := day("2026-03-02").Add(10 * time.Hour)
	p.answer(t, "r1", at, all(5))
	if _, err := p.svc.Directory.SetRepActive(p.ctx, p.rep.ID, false); err != nil {
		t.Fatal(err)
	}
	org, reps, err := p.svc.Scores.ScoreReps(p.ctx, surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")})
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].Rep.Active || reps[0].Figures.N != 1 || org.N != 1 {
		t.Errorf("reps = %+v, org n = %d; want the inactive rep listed with n 1, counted in the org", reps, org.N)
	}
}

// Days are calendar days in the org's zone, whatever their length: the
// spring day has 23 hours, the autumn day 25.
func testDaylightSaving(t *testing.T, p *pipeline) {
	if _, err := p.svc.Directory.PatchSettings(p.ctx, func(s *surveys.Settings) { s.TimeZone = "Europe/Berlin" }); err != nil {
		t.Fatal(err)
	}
	utc := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	for _, at := range []string{
		"2026-03-28T22:59:00Z", // 23:59 CET, 28 March
		"2026-03-28T23:00:00Z", // 00:00 CET, 29 March: first minute of the short day
		"2026-03-29T21:59:00Z", // 23:59 CEST, 29 March: last minute of it
		"2026-03-29T22:00:00Z", // 00:00 CEST, 30 March
		"2026-10-24T22:00:00Z", // 00:00 CEST, 25 October: first minute of the long day
		"2026-10-25T22:59:00Z", // 23:59 CET, 25 October: last minute of it
		"2026-10-25T23:00:00Z", // 00:00 CET, 26 October
	} {
		p.answer(t, "r1", utc(at), all(5))
	}
	for _, tt := range []struct {
		from, to string
		want     int64
	}{{"2026-03-29", "2026-03-29", 2}, {"2026-03-28", "2026-03-30", 4}, {"2026-10-25", "2026-10-25", 2}, {"2026-03-30", "2026-10-24", 1}} {
		d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, surveys.Window{From: day(tt.from), To: day(tt.to)})
		if err != nil {
			t.Fatal(err)
		}
		if d.Figures.N != tt.want {
			t.Errorf("%s…%s: n = %d, want %d", tt.from, tt.to, d.Figures.N, tt.want)
		}
	}
}

// The monthly trend ends with the window's month, the weekly one with the
// week (Monday to Sunday) of its last day.
func testTrends(t *testing.T, p *pipeline) {
	p.answer(t, "r1", day("2026-03-02").Add(10*time.Hour), all(5)) // Monday of the last week
	p.answer(t, "r1", day("2026-03-01").Add(10*time.Hour), all(1)) // Sunday of the week before
	p.answer(t, "r1", day("2025-12-24").Add(10*time.Hour), all(3))
	d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, surveys.Window{From: day("2026-02-01"), To: day("2026-03-04")})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Trend) != 12 || len(d.WeeklyTrend) != 12 {
		t.Fatalf("trend has %d months and %d weeks, want 12 and 12", len(d.Trend), len(d.WeeklyTrend))
	}
	months := map[string]float64{}
	for _, pt := range d.Trend {
		if pt.Figures.HasScore {
			months[pt.Month] = pt.Figures.Raw
		}
	}
	if d.Trend[0].Month != "2025-04" || d.Trend[11].Month != "2026-03" || len(months) != 2 || months["2025-12"] != 50 || months["2026-03"] != 50 {
		t.Errorf("months %s…%s with scores %v, want 2025-04…2026-03 with 2025-12: 50, 2026-03: 50", d.Trend[0].Month, d.Trend[11].Month, months)
	}
	last, before := d.WeeklyTrend[11], d.WeeklyTrend[10]
	if last.Week != "2026-03-02" || d.WeeklyTrend[0].Week != "2025-12-15" || last.Figures.Raw != 100 || before.Figures.Raw != 0 ||
		last.Figures.N != 1 || before.Figures.N != 1 || d.WeeklyTrend[1].Figures.N != 1 {
		t.Errorf("weeks %s…%s, last two %+v / %+v; want 2025-12-15…2026-03-02 with raw 0 then 100", d.WeeklyTrend[0].Week, last.Week, before.Figures, last.Figures)
	}
}
