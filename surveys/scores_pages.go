package surveys

import (
	"context"
	"slices"
)

// RepPage is a rep's page in the web app: their card for the window (the
// same figures and words as the PDF) and the figures of the window before,
// of the same length, to compare with.
type RepPage struct {
	*RepCard
	Previous     Figures  // the rep's
	TeamPrevious *Figures // their team's; nil without a team
	OrgPrevious  Figures
}

// RepPage gathers rep repID's page for the window. Needs ScopeRead;
// ENOTFOUND for a rep the actor may not see.
func (s *Scores) RepPage(ctx context.Context, repID int64, w Window) (*RepPage, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	rep, err := findRep(ctx, s.store, v, repID)
	if err != nil {
		return nil, err
	}
	cs, err := s.cardSource(ctx, v.OrgID, w, []int64{rep.ID})
	if err != nil {
		return nil, err
	}
	p := &RepPage{}
	if p.RepCard, err = s.repCard(ctx, cs, rep); err != nil {
		return nil, err
	}
	queries := []RollupQuery{{RepIDs: []int64{rep.ID}}}
	if rep.TeamID != 0 {
		queries = append(queries, RollupQuery{TeamIDs: Descendants(cs.teams, rep.TeamID)})
	}
	org, figs, err := s.pooledFigures(ctx, cs.org, w.Previous(), queries...)
	if err != nil {
		return nil, err
	}
	p.OrgPrevious, p.Previous = org, figs[0]
	if rep.TeamID != 0 {
		p.TeamPrevious = &figs[1]
	}
	p.Detail.Alerts, err = s.repAlerts(ctx, v, cs.org, rep, w)
	return p, err
}

// pooledFigures returns the org's figures over w and, for each query, the
// pooled figures of the rollups it selects (its RepIDs or TeamIDs), shrunk
// toward the org's mean of w.
func (s *Scores) pooledFigures(ctx context.Context, org *Org, w Window, queries ...RollupQuery) (Figures, []Figures, error) {
	periods := []Period{w.Period()}
	all := newTally()
	if err := s.store.SumRollups(ctx, RollupQuery{OrgID: org.ID, Periods: periods}, all.add); err != nil {
		return Figures{}, nil, err
	}
	out := make([]Figures, len(queries))
	for i, q := range queries {
		t := newTally()
		t.ref = all
		q.OrgID, q.Periods, q.ByRep = org.ID, periods, false
		if err := s.store.SumRollups(ctx, q, t.add); err != nil {
			return Figures{}, nil, err
		}
		out[i] = t.figures(all.trust.moments().Mean(), org.Settings.ShrinkK)
	}
	return all.figures(all.trust.moments().Mean(), org.Settings.ShrinkK), out, nil
}

// OrgBoard is the org's figures and trend for a window, beside every team
// the actor may see, each with the window before's figures.
type OrgBoard struct {
	OrgName  string
	Window   Window
	Figures  Figures
	Previous Figures
	Trends
	Teams []TeamRow // by shrunk score, best first; teams without a score last
}

// TeamRow is one team's line on the org board: its sub-teams pooled.
type TeamRow struct {
	Team     *Team
	Parent   string // the parent team's name, or empty
	Reps     int    // reps in it and its sub-teams
	Figures  Figures
	Previous Figures
}

// OrgBoard gathers the org board for the window: for admins every team,
// for leaders the teams they lead and their sub-teams. Needs ScopeRead;
// ENOTFOUND for reps, who see no team's board.
func (s *Scores) OrgBoard(ctx context.Context, w Window) (*OrgBoard, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	if v.reach == seesSelf {
		return nil, Errorf(ENOTFOUND, "", "no board to show: a rep's page is their own")
	}
	src, err := s.teamReportSource(ctx, v.OrgID, w, []int64{})
	if err != nil {
		return nil, err
	}
	b := &OrgBoard{OrgName: src.org.Name, Window: w, Figures: src.orgFigures, Previous: src.prev.org()}
	if b.Trends, err = src.trends(ctx, s.store, RollupQuery{}); err != nil {
		return nil, err
	}
	reps, _, err := findReps(ctx, s.store, v, RepFilter{Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	for _, t := range src.teams {
		if v.SeesTeam(t) {
			b.Teams = append(b.Teams, src.teamRow(t, reps))
		}
	}
	slices.SortStableFunc(b.Teams, func(x, y TeamRow) int { return byScore(x.Figures, y.Figures) })
	return b, nil
}

// teamRow is team t's line, counting the reps among reps in it.
func (src *teamReportSource) teamRow(t *Team, reps []*Rep) TeamRow {
	ids := Descendants(src.teams, t.ID)
	r := TeamRow{Team: t, Figures: src.team(t.ID), Previous: src.prev.teams(ids)}
	for _, p := range src.teams {
		if p.ID == t.ParentID {
			r.Parent = p.Name
		}
	}
	for _, rep := range reps {
		if slices.Contains(ids, rep.TeamID) {
			r.Reps++
		}
	}
	return r
}

// byScore orders figures by shrunk score, best first, those without a
// score last.
func byScore(a, b Figures) int {
	switch {
	case a.HasScore != b.HasScore:
		if a.HasScore {
			return -1
		}
		return 1
	case a.Score > b.Score:
		return -1
	case a.Score < b.Score:
		return 1
	}
	return 0
}
