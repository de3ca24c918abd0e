package surveys

import (
	"context"
	"iter"
	"slices"
)

// RepCard gathers one rep's report card for the window. Needs ScopeRead;
// ENOTFOUND for a rep not the actor's.
func (s *Service) RepCard(ctx context.Context, repID int64, w Window) (*RepCard, error) {
	cs, err := s.cardSource(ctx, w)
	if err != nil {
		return nil, err
	}
	return s.repCard(ctx, cs, repID)
}

// cardSource is what every card of one window shares.
type cardSource struct {
	*windowScores
	questions []Question // the rating questions of the org's current survey
}

func (s *Service) cardSource(ctx context.Context, w Window) (*cardSource, error) {
	ws, err := s.windowScores(ctx, w)
	if err != nil {
		return nil, err
	}
	cs := &cardSource{windowScores: ws}
	cs.questions, err = s.ratingQuestions(ctx, ws.org.ID)
	return cs, err
}

// repCard is rep repID's card from what the cards of the window share.
func (s *Service) repCard(ctx context.Context, cs *cardSource, repID int64) (*RepCard, error) {
	rep, err := s.FindRepByID(ctx, repID)
	if err != nil {
		return nil, err
	}
	d, err := cs.repDetail(ctx, s.Store, rep)
	if err != nil {
		return nil, err
	}
	org := cs.org
	c := &RepCard{OrgName: org.Name, PaperSize: org.Settings.PaperSize, Window: cs.w, Detail: d, Questions: cs.questions}
	if i := slices.IndexFunc(cs.teams, func(t *Team) bool { return t.ID == rep.TeamID }); i >= 0 {
		c.TeamName = cs.teams[i].Name
	}
	q := ReportQuery{OrgID: org.ID, RepID: repID, Limit: MaxCardComments}
	q.From, q.To = cs.w.Instants(org.Settings.TimeZone)
	if c.Funnel, err = s.Store.CountFunnel(ctx, q); err != nil {
		return nil, err
	}
	c.Comments, err = s.Store.FindComments(ctx, q)
	return c, err
}

// TeamReport gathers a team's report for the window. Needs ScopeRead;
// ENOTFOUND for a team not the actor's.
func (s *Service) TeamReport(ctx context.Context, teamID int64, w Window) (*TeamReport, error) {
	team, err := s.FindTeamByID(ctx, teamID)
	if err != nil {
		return nil, err
	}
	src, err := s.teamReportSource(ctx, w)
	if err != nil {
		return nil, err
	}
	return s.teamReport(ctx, src, team)
}

// teamReportSource is what the team reports of one window share: the
// window's figures and every rep's of the window before.
type teamReportSource struct {
	*windowScores
	prev *scorer
}

func (s *Service) teamReportSource(ctx context.Context, w Window) (*teamReportSource, error) {
	ws, err := s.windowScores(ctx, w)
	if err != nil {
		return nil, err
	}
	prev, err := s.scorer(ctx, ws.org, w.Previous())
	return &teamReportSource{windowScores: ws, prev: prev}, err
}

// teamReport is team's report from what the reports of the window share.
func (s *Service) teamReport(ctx context.Context, src *teamReportSource, team *Team) (*TeamReport, error) {
	d, err := s.teamDetail(ctx, src.windowScores, team)
	if err != nil {
		return nil, err
	}
	org := src.org
	r := &TeamReport{OrgName: org.Name, PaperSize: org.Settings.PaperSize, Window: src.w, Detail: d,
		Previous: map[int64]Figures{}}
	for _, rs := range d.Reps {
		r.Previous[rs.Rep.ID] = src.prev.rep(rs.Rep.ID)
	}
	r.Trend = d.Trend
	return r, nil
}

// CardRepIDs returns the ids of the reps whose cards a ZIP holds: those of
// the team (sub-teams included), or every rep the actor may see when
// teamID is zero. Needs ScopeRead; ENOTFOUND for a team not the actor's.
func (s *Service) CardRepIDs(ctx context.Context, teamID int64) ([]int64, error) {
	f := RepFilter{Page: Page{Limit: -1}}
	if teamID != 0 {
		team, err := s.FindTeamByID(ctx, teamID)
		if err != nil {
			return nil, err
		}
		if f.TeamIDs, err = s.withSubTeams(ctx, team.OrgID, []int64{teamID}); err != nil {
			return nil, err
		}
	}
	reps, _, err := s.FindReps(ctx, f)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(reps))
	for i, r := range reps {
		ids[i] = r.ID
	}
	return ids, nil
}

// RepCards yields the cards of reps ids one at a time, so that a ZIP of
// many holds one card in memory; what the cards share is read once. It
// stops after the first error.
func (s *Service) RepCards(ctx context.Context, ids []int64, w Window) iter.Seq2[*RepCard, error] {
	return func(yield func(*RepCard, error) bool) {
		cs, err := s.cardSource(ctx, w)
		if err != nil {
			yield(nil, err)
			return
		}
		for _, id := range ids {
			c, err := s.repCard(ctx, cs, id)
			if !yield(c, err) || err != nil {
				return
			}
		}
	}
}

// ratingQuestions returns the rating questions of the org's current survey.
func (s *Service) ratingQuestions(ctx context.Context, orgID int64) ([]Question, error) {
	qs := DefaultQuestions()
	if tv, err := s.Store.CurrentTemplateVersion(ctx, orgID); err == nil {
		qs = tv.Questions
	} else if ErrorCode(err) != ENOTFOUND {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(qs), func(q Question) bool { return q.Kind != KindRating }), nil
}
