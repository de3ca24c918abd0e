package store_test

import (
	"fmt"
	"math"
	"math/rand/v2"
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
