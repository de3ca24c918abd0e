package surveys

import (
	"context"
	"slices"
	"time"
)

// RepScore is one rep's figures.
type RepScore struct {
	Rep     *Rep
	Figures Figures
}

// TrendPoint is the trust score of one calendar month.
type TrendPoint struct {
	Month   string // YYYY-MM
	Figures Figures
}

// RepDetail is one rep's figures with their team, org and trend.
type RepDetail struct {
	RepScore
	Team  *Figures // nil when the rep has no team
	Org   Figures
	Trend []TrendPoint
}

// TeamDetail is a team's pooled figures (sub-teams included) and its reps'.
type TeamDetail struct {
	Team    *Team
	Figures Figures
	Org     Figures
	Reps    []RepScore
}

// ScoreReps returns the org's figures and those of every rep the actor
// may see, for the window. Needs ScopeRead.
func (s *Service) ScoreReps(ctx context.Context, w Window) (Figures, []RepScore, error) {
	reps, _, err := s.FindReps(ctx, RepFilter{Page: Page{Limit: -1}})
	if err != nil {
		return Figures{}, nil, err
	}
	sc, err := s.scorer(ctx, w)
	if err != nil {
		return Figures{}, nil, err
	}
	out := make([]RepScore, len(reps))
	for i, r := range reps {
		out[i] = RepScore{Rep: r, Figures: sc.rep(r.ID)}
	}
	return sc.org(), out, nil
}

// ScoreRep returns one rep's figures, their team's, the org's and a
// 12-month trend. Needs ScopeRead; ENOTFOUND for a rep not the actor's.
func (s *Service) ScoreRep(ctx context.Context, id int64, w Window) (*RepDetail, error) {
	rep, err := s.FindRepByID(ctx, id)
	if err != nil {
		return nil, err
	}
	sc, err := s.scorer(ctx, w)
	if err != nil {
		return nil, err
	}
	d := &RepDetail{RepScore: RepScore{Rep: rep, Figures: sc.rep(id)}, Org: sc.org()}
	if rep.TeamID != 0 {
		all, _, err := s.Store.FindTeams(ctx, TeamFilter{OrgID: rep.OrgID, Page: Page{Limit: -1}})
		if err != nil {
			return nil, err
		}
		team := sc.teams(Descendants(all, rep.TeamID))
		d.Team = &team
	}
	d.Trend, err = s.trend(ctx, w, []int64{id})
	return d, err
}

// ScoreTeam returns a team's pooled figures and its reps'. Needs
// ScopeRead; ENOTFOUND for a team not the actor's.
func (s *Service) ScoreTeam(ctx context.Context, id int64, w Window) (*TeamDetail, error) {
	team, err := s.FindTeamByID(ctx, id)
	if err != nil {
		return nil, err
	}
	all, _, err := s.Store.FindTeams(ctx, TeamFilter{OrgID: team.OrgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	ids := Descendants(all, id)
	sc, err := s.scorer(ctx, w)
	if err != nil {
		return nil, err
	}
	reps, _, err := s.FindReps(ctx, RepFilter{TeamIDs: ids, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	d := &TeamDetail{Team: team, Figures: sc.teams(ids), Org: sc.org()}
	for _, r := range reps {
		d.Reps = append(d.Reps, RepScore{Rep: r, Figures: sc.rep(r.ID)})
	}
	return d, nil
}

// ScoreOrg returns the org's figures. Needs ScopeRead.
func (s *Service) ScoreOrg(ctx context.Context, w Window) (Figures, error) {
	if _, err := s.authorize(ctx, ScopeRead); err != nil {
		return Figures{}, err
	}
	sc, err := s.scorer(ctx, w)
	if err != nil {
		return Figures{}, err
	}
	return sc.org(), nil
}

// DefaultWindow is the last DefaultWindowDays days up to today in the
// org's time zone.
func (s *Service) DefaultWindow(ctx context.Context) (Window, error) {
	org, err := s.Settings(ctx)
	if err != nil {
		return Window{}, err
	}
	loc, _ := time.LoadLocation(org.Settings.TimeZone)
	today := s.Clock.Now().In(loc)
	return Window{From: today.AddDate(0, 0, -DefaultWindowDays+1), To: today}, nil
}

// scorer holds one window's rollups summed per rep and team.
type scorer struct {
	k, orgMean float64
	sums       []RollupSum
}

func (s *Service) scorer(ctx context.Context, w Window) (*scorer, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	org, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	from, to := w.Days()
	sums, err := s.Store.SumRollups(ctx, RollupQuery{OrgID: org.ID, From: from, To: to, ByRep: true})
	if err != nil {
		return nil, err
	}
	sc := &scorer{k: org.Settings.ShrinkK, sums: sums}
	all := newTally()
	for _, r := range sums {
		all.add(r)
	}
	sc.orgMean = all.trust.Mean()
	return sc, nil
}

func (sc *scorer) pooled(keep func(RollupSum) bool) Figures {
	t := newTally()
	for _, r := range sc.sums {
		if keep(r) {
			t.add(r)
		}
	}
	return t.figures(sc.orgMean, sc.k)
}

func (sc *scorer) org() Figures { return sc.pooled(func(RollupSum) bool { return true }) }

func (sc *scorer) rep(id int64) Figures {
	return sc.pooled(func(r RollupSum) bool { return r.RepID == id })
}

func (sc *scorer) teams(ids []int64) Figures {
	return sc.pooled(func(r RollupSum) bool { return slices.Contains(ids, r.TeamID) })
}

// trend returns the trust figures per calendar month for the 12 months
// ending with the window's last month, each shrunk toward that month's org mean.
func (s *Service) trend(ctx context.Context, w Window, reps []int64) ([]TrendPoint, error) {
	end := time.Date(w.To.Year(), w.To.Month(), 1, 0, 0, 0, 0, time.UTC)
	var out []TrendPoint
	for i := 11; i >= 0; i-- {
		first := end.AddDate(0, -i, 0)
		mw := Window{From: first, To: first.AddDate(0, 1, -1)}
		msc, err := s.scorer(ctx, mw)
		if err != nil {
			return nil, err
		}
		out = append(out, TrendPoint{Month: first.Format("2006-01"), Figures: msc.pooled(func(r RollupSum) bool {
			return slices.Contains(reps, r.RepID)
		})})
	}
	return out, nil
}
