package store_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// t90df1 is the 0.95 quantile of Student's t with one degree of freedom,
// tan(0.45π): the half-width of a 90% interval of two values is it times
// half their difference.
var t90df1 = math.Tan(0.45 * math.Pi)

// Known answers for the figures by outcome, the good losses, fit_honesty's
// "didn't come up" and the promise score, computed by hand, read from the
// rollups as answers and outcomes change, and again after a rebuild.
func TestOutcomeFiguresKnownAnswers(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			p := newPipeline(t, storetest.MustOpen(t, driver))
			if _, err := p.svc.Directory.PatchSettings(p.ctx, func(s *surveys.Settings) { s.Promises.Enabled = true }); err != nil {
				t.Fatal(err)
			}
			ids := map[string]int64{}
			for _, c := range []struct {
				ext, outcome string
				answers      map[string]int
			}{
				{"i1", "won", map[string]int{"understood": 5, "diagnosed": 5, "interest": 4, "prepared": 4, "fit_honesty": 5}}, // 18·25/5 = 90
				{"i2", "won", map[string]int{"understood": 3, "diagnosed": 4, "fit_honesty": 0}},                               // 5·25/2 = 62.5; fit did not come up
				{"i3", "", map[string]int{"understood": 2, "interest": 2, "fit_honesty": 2}},                                   // 3·25/3 = 25, lost later
				{"i4", "disqualified", map[string]int{"understood": 4, "fit_honesty": 5}},                                      // 7·25/2 = 87.5, a good loss
				{"i5", "disqualified", map[string]int{"understood": 3, "fit_honesty": 3}},                                      // 4·25/2 = 50, not a good loss
				{"i6", "disqualified", map[string]int{"understood": 4, "fit_honesty": 4}},                                      // 75, a good loss until it becomes no_decision
				{"i7", "", map[string]int{"understood": 1}},                                                                    // 0, no outcome
				{"i8", "open", map[string]int{"fit_honesty": 0}},                                                               // no trust value
			} {
				res, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: c.ext, Rep: "r1",
					Buyer: surveys.Buyer{Email: c.ext + "@buyer.test"}, OccurredAt: p.clock.now.Add(-time.Hour), Kind: "meeting", Outcome: c.outcome})
				if err != nil {
					t.Fatal(err)
				}
				ids[c.ext] = res.Interaction.ID
				p.send(t, res.Invitation.ID)
				token := surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
				if _, err := p.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: c.answers}); err != nil {
					t.Fatalf("%s: %v", c.ext, err)
				}
			}
			for ext, o := range map[string]string{"i3": "lost", "i6": "no_decision"} {
				if _, err := p.svc.Delivery.SetOutcome(p.ctx, ids[ext], o); err != nil {
					t.Fatal(err)
				}
			}
			// The promise follow-ups of i1 and i2, 90 days on: 2 and 3 is
			// (1 + 2)·25/2 = 37.5; 4 with the other skipped is 75.
			p.clock.now = p.clock.now.AddDate(0, 0, 91)
			for ext, a := range map[string][2]int{"i1": {2, 3}, "i2": {4, 0}} {
				answerPromise(t, p, ids[ext], a[0], a[1])
			}
			w := surveys.Window{From: p.clock.now.AddDate(0, 0, -100), To: p.clock.now}
			check := func(t *testing.T) {
				d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, w)
				if err != nil {
					t.Fatal(err)
				}
				f := d.Figures
				wantClose(t, "trust n", float64(f.N), 7)
				wantClose(t, "trust raw", f.Raw, (90+62.5+25+87.5+50+75+0)/7)
				wantSummary(t, f, "won", 2, 76.25, 13.75*t90df1)
				wantSummary(t, f, "lost", 1, 25, 0)
				wantSummary(t, f, "disqualified", 2, 68.75, 18.75*t90df1)
				wantSummary(t, f, "no_decision", 1, 75, 0)
				if _, ok := f.ByOutcome["open"]; ok || len(f.ByOutcome) != 4 {
					t.Errorf("by outcome = %v, want won, lost, disqualified and no_decision (open has no trust value)", f.ByOutcome)
				}
				if f.GoodLosses != 1 {
					t.Errorf("good losses = %d, want 1", f.GoodLosses)
				}
				q := f.Questions["fit_honesty"] // 5, 2, 5, 3, 4; the two who said it did not come up are left out
				if q.N != 5 || math.Abs(q.Mean-3.8) > 1e-9 || math.Abs(q.Top2Share-0.6) > 1e-9 {
					t.Errorf("fit_honesty = %+v, want n 5, mean 3.8, top-2 0.6", q)
				}
				if !f.HasPromise || f.Promise.N != 2 || math.Abs(f.Promise.Raw-56.25) > 1e-9 ||
					math.Abs(f.Promise.Interval.High-56.25-18.75*t90df1) > 1e-6 || f.PromiseGap() {
					t.Errorf("promise = %+v (gap %v), want n 2, raw 56.25, half-width %.3f, no gap", f.Promise, f.PromiseGap(), 18.75*t90df1)
				}
			}
			t.Run("FromRollups", check)
			if err := p.svc.Scores.RebuildRollups(p.ctx, nil); err != nil {
				t.Fatal(err)
			}
			t.Run("AfterRebuild", check)
		})
	}
}

// answerPromise sends interaction id's follow-up as the workers do and
// answers it as the buyer's page does.
func answerPromise(t *testing.T, p *pipeline, id int64, accurate, fits int) {
	t.Helper()
	f, err := p.db.FindPromiseByInteraction(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	job := &surveys.Job{OrgID: p.org.ID, Kind: surveys.JobPromise, Ref: f.ID}
	out, err := p.svc.Worker.PromiseOutgoing(ctx, job)
	if err != nil || out == nil {
		t.Fatalf("follow-up %d: %v, %v", f.ID, out, err)
	}
	if err := p.svc.Worker.MarkPromiseSent(ctx, job, out, p.clock.now); err != nil {
		t.Fatal(err)
	}
	v, err := p.svc.Buyers.OpenPromise(ctx, out.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Buyers.AnswerPromise(ctx, out.Token, v.FormToken, accurate, fits); err != nil {
		t.Fatal(err)
	}
}

func wantClose(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// wantSummary checks f's figure for outcome o: n, raw mean and the
// interval's half-width (0: no interval).
func wantSummary(t *testing.T, f surveys.Figures, o string, n int64, raw, half float64) {
	t.Helper()
	s, ok := f.ByOutcome[o]
	got := fmt.Sprintf("%+v", s)
	switch {
	case !ok || s.N != n || math.Abs(s.Raw-raw) > 1e-9:
		t.Errorf("%s = %s, want n %d, raw %v", o, got, n, raw)
	case half == 0 && s.HasInterval, half != 0 && (!s.HasInterval || math.Abs(s.Interval.High-raw-half) > 1e-6 || math.Abs(raw-s.Interval.Low-half) > 1e-6):
		t.Errorf("%s = %s, want half-width %v", o, got, half)
	case math.Abs(s.Score-raw) > 1e-9: // one rep: the org's mean of the outcome is the rep's
		t.Errorf("%s score = %v, want %v", o, s.Score, raw)
	}
}
