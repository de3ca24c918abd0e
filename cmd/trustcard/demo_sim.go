package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/outbox"
)

// demoSim walks a clock through the last year: reps meet buyers, the CRM
// posts interactions, the outbox sends invitations, and about a third of
// the buyers answer.
type demoSim struct {
	ctx     context.Context // acting as the admin
	clock   *demoClock
	svc     *surveys.Services
	box     *outbox.Outbox
	rng     *rand.Rand
	reps    []*surveys.Rep
	roster  []demoRep
	org     *surveys.Org
	answers []demoAnswer // due in time order
	buyers  []surveys.Buyer
	posted  int
}

type demoAnswer struct {
	at      time.Time
	invID   int64
	profile repProfile
}

func newDemoSim(m *Main, reps []*surveys.Rep, roster []demoRep) *demoSim {
	clock := &demoClock{}
	svc := newServices(m.DB, clock)
	end := time.Now().UTC()
	sender := &recentSender{capture: &mail.Capture{Store: m.DB, Clock: clock}, clock: clock, from: end.AddDate(0, 0, -14)}
	opts := outbox.DefaultOptions
	opts.BaseURL, opts.Concurrency, opts.Unlimited = m.Config.BaseURL, 1, true
	return &demoSim{
		ctx: m.AsAdmin(context.Background()), clock: clock, svc: svc, reps: reps, roster: roster, org: m.Org,
		box: outbox.New(svc.Worker, sender, m.Logger, opts), rng: rand.New(rand.NewPCG(2026, 11)),
	}
}

func (s *demoSim) run(ctx context.Context, w io.Writer) error {
	end := time.Now().UTC().Truncate(time.Hour)
	start := end.AddDate(0, 0, -365)
	for hour := start; hour.Before(end); hour = hour.Add(time.Hour) {
		if err := s.step(hour); err != nil {
			return err
		}
		if hour.Hour() == 0 && hour.Day() == 1 {
			fmt.Fprintf(w, "  %s: %d interactions posted\n", hour.Format("2006-01"), s.posted)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	s.clock.now = end
	_, err := s.box.RunOnce(s.ctx)
	return err
}

// step simulates one hour: meetings held in it are posted, due mail is
// sent, and buyers who decided to answer do.
func (s *demoSim) step(hour time.Time) error {
	if wd := hour.Weekday(); wd != time.Saturday && wd != time.Sunday && hour.Hour() >= 8 && hour.Hour() < 17 {
		for i, rep := range s.reps {
			if s.roster[i].startDays*24 < int(time.Since(hour).Hours()) || s.rng.Float64() > 0.04 {
				continue
			}
			if err := s.meet(rep, s.roster[i].profile, hour.Add(time.Duration(s.rng.IntN(50))*time.Minute)); err != nil {
				return err
			}
		}
	}
	s.clock.now = hour.Add(59 * time.Minute)
	for {
		n, err := s.box.RunOnce(s.ctx)
		if err != nil || n == 0 {
			if err != nil {
				return fmt.Errorf("outbox: %w", err)
			}
			break
		}
	}
	return s.answerDue()
}

// meet posts one interaction and decides whether its buyer will answer.
func (s *demoSim) meet(rep *surveys.Rep, p repProfile, at time.Time) error {
	s.clock.now = at.Add(30 * time.Minute)
	s.posted++
	res, err := s.svc.Delivery.RecordInteraction(s.ctx, surveys.NewInteraction{
		ExternalID: fmt.Sprintf("demo-int-%05d", s.posted), Rep: rep.ExternalID, Buyer: s.buyer(),
		OccurredAt: at, Kind: []string{"meeting", "call", "demo", "meeting", "deal_won", "deal_lost"}[s.rng.IntN(6)],
	})
	if err != nil {
		return fmt.Errorf("interaction: %w", err)
	}
	if inv := res.Invitation; inv.Status == surveys.InvitationScheduled && s.rng.Float64() < 0.36 {
		delay := time.Duration(1+s.rng.IntN(20)) * time.Hour
		if s.rng.Float64() < 0.3 { // after the reminder
			delay = time.Duration(72+s.rng.IntN(48)) * time.Hour
		}
		a := demoAnswer{at: inv.DueAt.Add(delay), invID: inv.ID, profile: p}
		i, _ := slices.BinarySearchFunc(s.answers, a.at, func(e demoAnswer, t time.Time) int { return e.at.Compare(t) })
		s.answers = slices.Insert(s.answers, i, a) // kept in time order
	}
	return nil
}

// buyer returns a new buyer, or now and then one met before (whom the
// throttle then spares a second survey).
func (s *demoSim) buyer() surveys.Buyer {
	if len(s.buyers) > 20 && s.rng.Float64() < 0.08 {
		return s.buyers[s.rng.IntN(len(s.buyers))]
	}
	first := []string{"Alice", "Bruno", "Carla", "David", "Elif", "Felix", "Greta", "Hana", "Ivan", "Julia", "Karim", "Lucía"}
	last := []string{"Meyer", "Dubois", "Santos", "Smith", "Rossi", "Kowalski", "Jansen", "Silva", "Berg", "Lopez"}
	companies := []string{"Northwind", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Foods", "Hooli", "Vandelay"}
	locales := []string{"en", "en", "en", "en", "en", "en", "de", "fr", "es", "en"}
	zones := []string{"Europe/Berlin", "America/New_York", "Europe/London", "", "Europe/Madrid", "America/Chicago"}
	f, l, c := first[s.rng.IntN(len(first))], last[s.rng.IntN(len(last))], companies[s.rng.IntN(len(companies))]
	b := surveys.Buyer{Name: f + " " + l, Company: c, Locale: locales[s.rng.IntN(len(locales))],
		TimeZone: zones[s.rng.IntN(len(zones))],
		Email:    fmt.Sprintf("%s.%s%d@%s.example", lower(f), lower(l), len(s.buyers), lower(c[:4]))}
	s.buyers = append(s.buyers, b)
	return b
}

// answerDue submits the answers whose time has come.
func (s *demoSim) answerDue() error {
	for len(s.answers) > 0 && !s.answers[0].at.After(s.clock.now) {
		a := s.answers[0]
		s.answers = s.answers[1:]
		saved := s.clock.now
		s.clock.now = a.at
		_, err := s.svc.Buyers.SubmitResponse(context.Background(), surveys.InvitationToken(s.org.Secret, a.invID), s.answer(a.profile))
		s.clock.now = saved
		if err != nil && surveys.ErrorCode(err) != surveys.ECONFLICT { // ECONFLICT: expired or never sent
			return fmt.Errorf("answer: %w", err)
		}
	}
	return nil
}

// answer draws one buyer's ratings and comment for a rep of profile p.
func (s *demoSim) answer(p repProfile) surveys.Answer {
	means := map[string]float64{surveys.QUnderstood: 4.3, surveys.QDiagnosed: 4.2, surveys.QInterest: 4.2, surveys.QPrepared: 4.4}
	spread, nps := 0.7, 8.8
	switch p {
	case pushyRep:
		means[surveys.QInterest], means[surveys.QDiagnosed], means[surveys.QUnderstood] = 1.9, 2.7, 3.2
		spread, nps = 0.8, 5.0
	case newRep:
		means[surveys.QPrepared], spread, nps = 3.4, 0.9, 7.5
	}
	a := surveys.Answer{Ratings: map[string]int{}, ShareName: s.rng.Float64() < 0.5}
	for _, q := range slices.Sorted(maps.Keys(means)) { // in one order, so a seed gives the same demo
		if s.rng.Float64() < 0.05 { // skipped
			continue
		}
		a.Ratings[q] = s.draw(means[q], spread, 1, 5)
	}
	if s.rng.Float64() < 0.9 {
		a.Ratings[surveys.QRecommend] = s.draw(nps, 1.6, 0, 10)
	}
	if s.rng.Float64() < 0.45 {
		pool := demoComments[p]
		a.Comment = pool[s.rng.IntN(len(pool))]
	}
	return a
}

func (s *demoSim) draw(mean, spread float64, lo, hi int) int {
	v := int(math.Round(mean + s.rng.NormFloat64()*spread))
	return max(lo, min(hi, v))
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		} else if c == ' ' {
			b[i] = '-'
		}
	}
	return string(b)
}

var demoComments = map[repProfile][]string{
	goodRep: {
		"Asked great questions about our rollout before showing anything. Keep doing that.",
		"Honestly told us the enterprise tier was overkill for us. That's why we'll buy.",
		"Could send the follow-up summary a bit sooner.",
		"Knew our industry's compliance issues better than our last three vendors.",
		"A shorter deck would have left more time for our questions.",
		"Great call 👍 — clear next steps.",
	},
	pushyRep: {
		"Kept pushing the premium plan after I said twice it was out of budget.",
		"Felt like a hard sell. Didn't ask a single question about our process.",
		"Spent 40 minutes on features we don't need. Listen first, please.",
		"Pressured us to sign before quarter end. Not the way to earn trust.",
		"The demo was fine but it was obvious they cared about the quota, not us.",
	},
	newRep: {
		"Friendly, but didn't know our market yet — do some homework on logistics.",
		"Good listener. Needed a colleague to answer the integration questions.",
		"Could be better prepared on pricing.",
	},
}
