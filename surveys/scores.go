package surveys

import (
	"context"
	"sync"
	"time"
)

// Scores are the figures of reps, teams and the org over a window — trust
// scores, per-question results, NPS, response rates and trends — read from
// the rollups, the responses behind them, and the report cards drawn from
// them. Every read is narrowed by the actor's Visibility.
type Scores struct {
	store         scoresStore
	clock         Clock
	inTx          txRunner[scoresStore]
	questionTexts QuestionTexts   // see Services.WordDefaultSurvey
	keptReps      kept[orgSums]   // every rep's sums over the default window, per org
	keptTrends    kept[orgTrends] // the org's trust per trend period, per team
}

// scoresStore is what Scores reads (and, to rebuild rollups, writes).
type scoresStore interface {
	OrgStore
	repTeamLister
	TemplateStore
	RollupReader
	RollupRebuildStore
	ResponseLister
	ReportStore
	LogoStore
	AlertStore
	DiagnosisStore
	PromiseStore
}

// RepScore is one rep's figures.
type RepScore struct {
	Rep     *Rep
	Figures Figures
}

// RepDetail is one rep's figures with their team, org and trend.
type RepDetail struct {
	RepScore
	Team   *Figures // nil when the rep has no team
	Org    Figures
	Alerts AlertTiming // of the rep's alerts opened in the window
	Trends
}

// TeamDetail is a team's pooled figures (sub-teams included) and its reps'.
type TeamDetail struct {
	Team    *Team
	Figures Figures
	Org     Figures
	Reps    []RepScore
	Alerts  AlertTiming // of the alerts of the team and sub-teams opened in the window
	Trends
}

// ScoreReps returns the org's figures and those of every rep the actor
// may see, for the window. Needs ScopeRead.
func (s *Scores) ScoreReps(ctx context.Context, w Window) (Figures, []RepScore, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return Figures{}, nil, err
	}
	// The reps are read while their figures are summed: at 10,000 reps
	// each read is tens of milliseconds.
	var reps []*Rep
	var repsErr error
	read := make(chan struct{})
	go func() {
		defer close(read)
		reps, _, repsErr = findReps(ctx, s.store, v, RepFilter{Page: Page{Limit: -1}})
	}()
	sc, err := s.scoreAll(ctx, v.OrgID, w, nil)
	<-read
	if repsErr != nil {
		return Figures{}, nil, repsErr
	}
	if err != nil {
		return Figures{}, nil, err
	}
	out := make([]RepScore, len(reps))
	for i, r := range reps {
		out[i] = RepScore{Rep: r, Figures: sc.rep(r.ID)}
	}
	return sc.org(), out, nil
}

// ScoreRep returns one rep's figures, their team's, the org's and the
// trends over 12 months and 12 weeks. Needs ScopeRead; ENOTFOUND for a rep
// not the actor's.
func (s *Scores) ScoreRep(ctx context.Context, id int64, w Window) (*RepDetail, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	rep, err := findRep(ctx, s.store, v, id)
	if err != nil {
		return nil, err
	}
	ws, err := s.windowScores(ctx, v.OrgID, w, []int64{rep.ID})
	if err != nil {
		return nil, err
	}
	d, err := ws.repDetail(ctx, s.store, rep)
	if err != nil {
		return nil, err
	}
	d.Alerts, err = s.repAlerts(ctx, v, ws.org, rep, w)
	return d, err
}

// repAlerts measures the alerts v sees of rep opened in w.
func (s *Scores) repAlerts(ctx context.Context, v *Visibility, org *Org, rep *Rep, w Window) (AlertTiming, error) {
	return alertTimingOf(ctx, s.store, v, org, AlertFilter{RepIDs: []int64{rep.ID}}, w, s.clock.Now())
}

// repDetail is rep's figures, their team's, the org's and their trends.
func (ws *windowScores) repDetail(ctx context.Context, st RollupReader, rep *Rep) (*RepDetail, error) {
	d := &RepDetail{RepScore: RepScore{Rep: rep, Figures: ws.sc.rep(rep.ID)}, Org: ws.orgFigures}
	if rep.TeamID != 0 {
		team := ws.team(rep.TeamID)
		d.Team = &team
	}
	var err error
	d.Trends, err = ws.trends(ctx, st, RollupQuery{RepIDs: []int64{rep.ID}})
	return d, err
}

// ScoreTeam returns a team's pooled figures, its reps' and the team's
// trends over 12 months and 12 weeks. Needs ScopeRead; ENOTFOUND for a team
// not the actor's.
func (s *Scores) ScoreTeam(ctx context.Context, id int64, w Window) (*TeamDetail, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	team, err := findTeam(ctx, s.store, v, id)
	if err != nil {
		return nil, err
	}
	reps, err := s.teamReps(ctx, v, team)
	if err != nil {
		return nil, err
	}
	ws, err := s.windowScores(ctx, v.OrgID, w, repIDs(reps))
	if err != nil {
		return nil, err
	}
	d, err := s.teamDetail(ctx, ws, team, reps)
	if err != nil {
		return nil, err
	}
	d.Alerts, err = s.teamAlerts(ctx, v, ws, team)
	return d, err
}

// teamAlerts measures the alerts v sees of team and its sub-teams opened
// in ws's window.
func (s *Scores) teamAlerts(ctx context.Context, v *Visibility, ws *windowScores, team *Team) (AlertTiming, error) {
	f := AlertFilter{TeamIDs: Descendants(ws.teams, team.ID)}
	return alertTimingOf(ctx, s.store, v, ws.org, f, ws.w, s.clock.Now())
}

// teamReps are the reps of team and its sub-teams that v may see.
func (s *Scores) teamReps(ctx context.Context, v *Visibility, team *Team) ([]*Rep, error) {
	ids, err := withSubTeams(ctx, s.store, v.OrgID, []int64{team.ID})
	if err != nil {
		return nil, err
	}
	reps, _, err := findReps(ctx, s.store, v, RepFilter{TeamIDs: ids, Page: Page{Limit: -1}})
	return reps, err
}

// teamDetail is team's figures, its reps', the org's and the team's trends.
func (s *Scores) teamDetail(ctx context.Context, ws *windowScores, team *Team, reps []*Rep) (*TeamDetail, error) {
	d := &TeamDetail{Team: team, Figures: ws.team(team.ID), Org: ws.orgFigures}
	for _, r := range reps {
		d.Reps = append(d.Reps, RepScore{Rep: r, Figures: ws.sc.rep(r.ID)})
	}
	var err error
	d.Trends, err = ws.trends(ctx, s.store, RollupQuery{TeamIDs: Descendants(ws.teams, team.ID)})
	return d, err
}

// repIDs are the ids of reps.
func repIDs(reps []*Rep) []int64 {
	ids := make([]int64, len(reps))
	for i, r := range reps {
		ids[i] = r.ID
	}
	return ids
}

// scoreAll sums the rollups of org orgID over w for reps (nil: every rep).
func (s *Scores) scoreAll(ctx context.Context, orgID int64, w Window, reps []int64) (*scorer, error) {
	org, err := s.store.FindOrgByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return s.scorer(ctx, org, w, reps)
}

// ScoreOrg returns the org's figures: everyone in the org may see them, as
// the yardstick beside their own. Needs ScopeRead.
func (s *Scores) ScoreOrg(ctx context.Context, w Window) (Figures, error) {
	a, err := authorize(ctx, ScopeRead)
	if err != nil {
		return Figures{}, err
	}
	sc, err := s.scoreAll(ctx, a.OrgID, w, []int64{})
	if err != nil {
		return Figures{}, err
	}
	return sc.org(), nil
}

// ParseWindow reads a window's first and last days, YYYY-MM-DD; an empty
// to is today, an empty from DefaultWindowDays before to. EINVALID names
// "from" or "to".
func (s *Scores) ParseWindow(ctx context.Context, from, to string) (Window, error) {
	w, err := s.DefaultWindow(ctx)
	if err != nil {
		return w, err
	}
	if to != "" {
		if w.To, err = time.Parse(time.DateOnly, to); err != nil {
			return w, Errorf(EINVALID, "to", "must be a date such as 2026-03-31")
		}
		w.From = w.To.AddDate(0, 0, -DefaultWindowDays+1)
	}
	if from != "" {
		if w.From, err = time.Parse(time.DateOnly, from); err != nil {
			return w, Errorf(EINVALID, "from", "must be a date such as 2026-01-01")
		}
	}
	return w, w.Validate()
}

// DefaultWindow is the last DefaultWindowDays days up to today in the
// org's time zone.
func (s *Scores) DefaultWindow(ctx context.Context) (Window, error) {
	a, err := authorize(ctx, ScopeRead)
	if err != nil {
		return Window{}, err
	}
	org, err := s.store.FindOrgByID(ctx, a.OrgID)
	if err != nil {
		return Window{}, err
	}
	return s.defaultWindow(org), nil
}

// defaultWindow is org's default window today.
func (s *Scores) defaultWindow(org *Org) Window {
	today := s.clock.Now().In(orgLocation(org.Settings.TimeZone))
	return Window{From: today.AddDate(0, 0, -DefaultWindowDays+1), To: today}
}

// defaultPeriod is org's default window today as a Period.
func (s *Scores) defaultPeriod(org *Org) Period { return s.defaultWindow(org).Period() }

// windowScores is what every figure of one window is read from: the org,
// its rollups summed per rep over the window, its teams, and the org's
// trust mean of each trend period. One is built per request, or per month's
// cards; the figures of the org and of teams are computed once each.
type windowScores struct {
	org           *Org
	w             Window
	sc            *scorer
	teams         []*Team
	periods       []Period  // the trend periods
	orgTrendMeans []float64 // the org's trust mean of each
	orgFigures    Figures
	teamMu        sync.Mutex        // cards are read on several goroutines
	teamFigures   map[int64]Figures // by team, sub-teams pooled; under teamMu
}

// windowScores reads what the figures of org orgID over w need, with the
// rows of reps (nil: every rep).
func (s *Scores) windowScores(ctx context.Context, orgID int64, w Window, reps []int64) (*windowScores, error) {
	org, err := s.store.FindOrgByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ws := &windowScores{org: org, w: w, periods: trendPeriods(w), teamFigures: map[int64]Figures{}}
	if ws.sc, err = s.scorer(ctx, org, w, reps); err != nil {
		return nil, err
	}
	ws.orgFigures = ws.sc.org()
	if ws.teams, _, err = s.store.FindTeams(ctx, TeamFilter{OrgID: org.ID, Page: Page{Limit: -1}}); err != nil {
		return nil, err
	}
	ws.orgTrendMeans, err = s.orgTrendMeans(ctx, org, ws.periods)
	return ws, err
}

// team returns the pooled figures of team id and its sub-teams.
func (ws *windowScores) team(id int64) Figures {
	ws.teamMu.Lock()
	defer ws.teamMu.Unlock()
	f, ok := ws.teamFigures[id]
	if !ok {
		f = ws.sc.teams(Descendants(ws.teams, id))
		ws.teamFigures[id] = f
	}
	return f
}
