package surveys

import (
	"context"
	"iter"
	"slices"
)

// RepCard gathers one rep's report card for the window. Needs ScopeRead;
// ENOTFOUND for a rep not the actor's.
func (s *Scores) RepCard(ctx context.Context, repID int64, w Window) (*RepCard, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	rep, err := findRep(ctx, s.store, v, repID)
	if err != nil {
		return nil, err
	}
	cs, err := s.cardSource(ctx, v.OrgID, w, []int64{rep.ID})
	if err == nil {
		err = s.withLogo(ctx, cs.windowScores, &cs.logo)
	}
	if err != nil {
		return nil, err
	}
	return s.repCard(ctx, cs, rep)
}

// cardSource is what every card of one window shares.
type cardSource struct {
	*windowScores
	questions []Question // the rating questions of the org's current survey
	logo      *Logo      // the org's for PDFs (withLogo); nil for pages
}

// withLogo reads the org's logo into the cards of the source, for PDFs.
func (s *Scores) withLogo(ctx context.Context, ws *windowScores, logo **Logo) error {
	l, err := s.orgLogo(ctx, ws.org)
	*logo = l
	return err
}

// cardSource reads what the cards of reps (nil: any rep) over w share.
func (s *Scores) cardSource(ctx context.Context, orgID int64, w Window, reps []int64) (*cardSource, error) {
	ws, err := s.windowScores(ctx, orgID, w, reps)
	if err != nil {
		return nil, err
	}
	cs := &cardSource{windowScores: ws}
	cs.questions, err = s.ratingQuestions(ctx, ws.org.ID)
	return cs, err
}

// orgLogo returns org's logo, or nil without one.
func (s *Scores) orgLogo(ctx context.Context, org *Org) (*Logo, error) {
	if org.LogoRef == "" {
		return nil, nil
	}
	l, err := s.store.FindLogo(ctx, org.ID)
	if ErrorCode(err) == ENOTFOUND { // removed since the org was read
		return nil, nil
	}
	return l, err
}

// repCard is rep's card from what the cards of the window share.
func (s *Scores) repCard(ctx context.Context, cs *cardSource, rep *Rep) (*RepCard, error) {
	d, err := cs.repDetail(ctx, s.store, rep)
	if err != nil {
		return nil, err
	}
	org := cs.org
	c := &RepCard{OrgName: org.Name, Logo: cs.logo, PaperSize: org.Settings.PaperSize, Window: cs.w, Detail: d, Questions: cs.questions}
	if i := slices.IndexFunc(cs.teams, func(t *Team) bool { return t.ID == rep.TeamID }); i >= 0 {
		c.TeamName = cs.teams[i].Name
	}
	q := ReportQuery{OrgID: org.ID, RepID: rep.ID, Limit: MaxCardComments}
	q.From, q.To = cs.w.Instants(org.Settings.TimeZone)
	if c.Funnel, err = s.store.CountFunnel(ctx, q); err != nil {
		return nil, err
	}
	if c.Comments, err = s.store.FindComments(ctx, q); err != nil {
		return nil, err
	}
	c.Diagnosis, err = cardDiagnosis(ctx, s.store, org, rep.ID, q)
	return c, err
}

// TeamReport gathers a team's report for the window. Needs ScopeRead;
// ENOTFOUND for a team not the actor's.
func (s *Scores) TeamReport(ctx context.Context, teamID int64, w Window) (*TeamReport, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	team, err := findTeam(ctx, s.store, v, teamID)
	if err != nil {
		return nil, err
	}
	reps, err := s.teamReps(ctx, v, team)
	if err != nil {
		return nil, err
	}
	src, err := s.teamReportSource(ctx, v.OrgID, w, repIDs(reps))
	if err == nil {
		err = s.withLogo(ctx, src.windowScores, &src.logo)
	}
	if err != nil {
		return nil, err
	}
	r, err := s.teamReport(ctx, src, team, reps)
	if err != nil {
		return nil, err
	}
	r.Detail.Alerts, err = s.teamAlerts(ctx, v, src.windowScores, team)
	return r, err
}

// teamReportSource is what the team reports of one window share: the
// window's figures and every rep's of the window before.
type teamReportSource struct {
	*windowScores
	prev *scorer
	logo *Logo // the org's for PDFs (withLogo); nil for pages
}

// teamReportSource reads what the team reports of reps (nil: any rep) over
// w share.
func (s *Scores) teamReportSource(ctx context.Context, orgID int64, w Window, reps []int64) (*teamReportSource, error) {
	org, err := s.store.FindOrgByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	// The window before is summed while the window's figures are read: a
	// board waits for the slower of the two, not for both.
	var prev *scorer
	var prevErr error
	read := make(chan struct{})
	go func() {
		defer close(read)
		prev, prevErr = s.scorer(ctx, org, w.Previous(), reps)
	}()
	ws, err := s.windowScores(ctx, orgID, w, reps)
	<-read
	if err != nil {
		return nil, err
	}
	return &teamReportSource{windowScores: ws, prev: prev}, prevErr
}

// teamReport is team's report from what the reports of the window share.
func (s *Scores) teamReport(ctx context.Context, src *teamReportSource, team *Team, reps []*Rep) (*TeamReport, error) {
	d, err := s.teamDetail(ctx, src.windowScores, team, reps)
	if err != nil {
		return nil, err
	}
	org := src.org
	r := &TeamReport{OrgName: org.Name, Logo: src.logo, PaperSize: org.Settings.PaperSize, Window: src.w, Detail: d,
		Previous: map[int64]Figures{}}
	for _, rs := range d.Reps {
		r.Previous[rs.Rep.ID] = src.prev.rep(rs.Rep.ID)
	}
	r.Trend = d.Trend
	r.PreviousFigures, r.OrgPrevious = src.prev.teams(Descendants(src.teams, team.ID)), src.prev.org()
	return r, nil
}

// CardRepIDs returns the ids of the reps whose cards a ZIP holds: those of
// the team (sub-teams included), or every rep the actor may see when
// teamID is zero. Needs ScopeRead; ENOTFOUND for a team not the actor's.
func (s *Scores) CardRepIDs(ctx context.Context, teamID int64) ([]int64, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	f := RepFilter{Page: Page{Limit: -1}}
	if teamID != 0 {
		if _, err := findTeam(ctx, s.store, v, teamID); err != nil {
			return nil, err
		}
		if f.TeamIDs, err = withSubTeams(ctx, s.store, v.OrgID, []int64{teamID}); err != nil {
			return nil, err
		}
	}
	reps, _, err := findReps(ctx, s.store, v, f)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(reps))
	for i, r := range reps {
		ids[i] = r.ID
	}
	return ids, nil
}

// RepCards yields the cards of reps ids one at a time, in order, so that a
// ZIP of many holds a few cards in memory; what the cards share is read
// once, the reps a hundred at a time, and a few cards are read at once
// ahead of the caller. A rep the actor may not see is ENOTFOUND. It stops
// after the first error. Needs ScopeRead.
func (s *Scores) RepCards(ctx context.Context, ids []int64, w Window) iter.Seq2[*RepCard, error] {
	return func(yield func(*RepCard, error) bool) {
		_, v, err := readerVisibility(ctx, s.store, ScopeRead)
		var cs *cardSource
		if err == nil {
			cs, err = s.cardSource(ctx, v.OrgID, w, cardReps(ids))
		}
		if err == nil {
			err = s.withLogo(ctx, cs.windowScores, &cs.logo)
		}
		if err != nil {
			yield(nil, err)
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		for read := range s.readCards(ctx, v, cs, ids) {
			r := <-read
			if !yield(r.card, r.err) || r.err != nil {
				return
			}
		}
	}
}

// cardsAhead is how many cards RepCards reads at once: each takes a few
// round trips to the database, which would otherwise wait on each other.
const cardsAhead = 4

// cardRead is one card read, or why it could not be.
type cardRead struct {
	card *RepCard
	err  error
}

// readCards reads the cards of ids, about cardsAhead at once, and queues
// each card's answer in order; it stops after the first error, or when ctx
// ends.
func (s *Scores) readCards(ctx context.Context, v *Visibility, cs *cardSource, ids []int64) <-chan chan cardRead {
	queue := make(chan chan cardRead, cardsAhead)
	send := func(r chan cardRead) bool {
		select {
		case queue <- r:
			return true
		case <-ctx.Done():
			return false
		}
	}
	go func() {
		defer close(queue)
		for chunk := range slices.Chunk(ids, 100) {
			reps, err := visibleReps(ctx, s.store, v, chunk)
			for _, id := range chunk {
				r := make(chan cardRead, 1)
				switch rep := reps[id]; {
				case err != nil:
					r <- cardRead{err: err}
				case rep == nil:
					r <- cardRead{err: Errorf(ENOTFOUND, "id", "no rep %d", id)}
				default:
					go func() {
						c, err := s.repCard(ctx, cs, rep)
						r <- cardRead{c, err}
					}()
				}
				if !send(r) || err != nil {
					return
				}
			}
		}
	}()
	return queue
}

// visibleReps are the reps of ids that v may see, by id.
func visibleReps(ctx context.Context, st repTeamLister, v *Visibility, ids []int64) (map[int64]*Rep, error) {
	reps, _, err := findReps(ctx, st, v, RepFilter{IDs: ids, Page: Page{Limit: -1}})
	m := make(map[int64]*Rep, len(reps))
	for _, r := range reps {
		m[r.ID] = r
	}
	return m, err
}

// cardReps is whose rows the cards of ids read: theirs, or every rep's
// when they are too many to name in one statement.
func cardReps(ids []int64) []int64 {
	if len(ids) > 1000 {
		return nil
	}
	return ids
}

// ratingQuestions returns the rating questions of the org's current survey.
func (s *Scores) ratingQuestions(ctx context.Context, orgID int64) ([]Question, error) {
	qs, err := s.questions(ctx, orgID)
	return slices.DeleteFunc(qs, func(q Question) bool { return q.Kind != KindRating }), err
}

// questions returns the questions of the org's current survey.
func (s *Scores) questions(ctx context.Context, orgID int64) ([]Question, error) {
	tv, err := s.store.CurrentTemplateVersion(ctx, orgID)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return DefaultQuestions(s.questionTexts), nil
	case err != nil:
		return nil, err
	}
	return slices.Clone(tv.Questions), nil
}
