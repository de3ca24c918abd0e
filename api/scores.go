package api

import (
	"context"
	"sort"

	"trustcard/surveys"
)

// WindowParams choose the days a score covers.
type WindowParams struct {
	From string `query:"from" format:"date" doc:"First day, YYYY-MM-DD in the org's time zone; default 89 days before to"`
	To   string `query:"to" format:"date" doc:"Last day, included; default today"`
}

// window parses the query, defaulting to the last 90 days.
func (s *Server) window(ctx context.Context, q WindowParams) (surveys.Window, error) {
	return s.Scores.ParseWindow(ctx, q.From, q.To)
}

type intervalBody struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

type questionBody struct {
	N         int64   `json:"n"`
	Mean      float64 `json:"mean" doc:"On the 1–5 scale"`
	Top2Share float64 `json:"top2_share" doc:"Share answering 4 or 5, 0–1"`
}

type npsBody struct {
	N          int64   `json:"n"`
	Score      float64 `json:"score" doc:"% promoters (9–10) − % detractors (0–6)"`
	Promoters  int64   `json:"promoters"`
	Passives   int64   `json:"passives"`
	Detractors int64   `json:"detractors"`
}

type figuresBody struct {
	N             int64                   `json:"n" doc:"Responses with a trust value"`
	Score         *float64                `json:"score" doc:"Trust score 0–100, shrunk toward the org mean; null: no responses"`
	Raw           *float64                `json:"raw" doc:"Mean response trust value"`
	Interval      *intervalBody           `json:"interval" doc:"90% Student-t interval for raw; null when n < 2"`
	LowConfidence bool                    `json:"low_confidence" doc:"n < 5"`
	Responses     int64                   `json:"responses"`
	Sent          int64                   `json:"invitations_sent" doc:"Invitations sent in the window"`
	Answered      int64                   `json:"invitations_answered" doc:"Of the invitations sent in the window, those answered since"`
	ResponseRate  float64                 `json:"response_rate" doc:"invitations_answered ÷ invitations_sent, 0–1; 0 when none were sent"`
	Questions     map[string]questionBody `json:"questions"`
	NPS           npsBody                 `json:"nps"`
	Excluded      excludedBody            `json:"excluded" doc:"Responses the org's integrity rules took out of these figures, by reason"`
	Diagnostic    accuracyBody            `json:"diagnostic_accuracy"`
	outcomeFiguresBody
}

func newFiguresBody(f surveys.Figures) figuresBody {
	b := figuresBody{N: f.N, LowConfidence: f.HasScore && f.LowConfidence, Responses: f.Responses, Sent: f.Sent,
		Answered: f.Answered, ResponseRate: f.ResponseRate, Questions: map[string]questionBody{},
		NPS:      npsBody{N: f.NPS.N, Score: f.NPS.Score, Promoters: f.NPS.Promoters, Passives: f.NPS.Passives, Detractors: f.NPS.Detractors},
		Excluded: newExcludedBody(f.Excluded)}
	if f.HasScore {
		b.Score, b.Raw = &f.Score, &f.Raw
	}
	if f.HasInterval {
		b.Interval = &intervalBody{Low: f.Interval.Low, High: f.Interval.High}
	}
	for k, q := range f.Questions {
		b.Questions[k] = questionBody{N: q.N, Mean: q.Mean, Top2Share: q.Top2Share}
	}
	b.Diagnostic = newAccuracyBody(f.Diagnosis)
	b.outcomeFiguresBody = newOutcomeFiguresBody(f)
	return b
}

// alertsBody is how fast alerts opened in the window were followed up.
type alertsBody struct {
	Opened            int      `json:"opened" doc:"Alerts opened in the window"`
	Acknowledged      int      `json:"acknowledged" doc:"Of those, how many were acknowledged since"`
	Resolved          int      `json:"resolved" doc:"Of those, how many were resolved since"`
	MedianToAck       *float64 `json:"median_hours_to_acknowledge" doc:"Median hours from opening to acknowledged; null: none acknowledged"`
	MedianToResolve   *float64 `json:"median_hours_to_resolve" doc:"Median hours from opening to resolved; null: none resolved"`
	ShareWithinTarget *float64 `json:"share_within_target" doc:"Share, 0–1, resolved within the org's alerts.target_working_days, of those resolved or past the target; null: none yet"`
}

func newAlertsBody(t surveys.AlertTiming) alertsBody {
	return alertsBody{Opened: t.Opened, Acknowledged: t.Acknowledged, Resolved: t.Resolved,
		MedianToAck: t.MedianHoursToAcknowledge, MedianToResolve: t.MedianHoursToResolve, ShareWithinTarget: t.ShareWithinTarget}
}

type repScoreBody struct {
	Rep repResponse `json:"rep"`
	figuresBody
}

type windowBody struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// HowURL is the page that explains how the figures are computed.
const HowURL = "/trust-score"

// scoreHead opens every score answer: its window and how it was computed.
type scoreHead struct {
	Window windowBody `json:"window"`
	HowURL string     `json:"how_url" doc:"The page that explains how these figures are computed, with a worked example"`
}

func newScoreHead(w surveys.Window) scoreHead {
	p := w.Period()
	return scoreHead{Window: windowBody{From: p.From, To: p.To}, HowURL: HowURL}
}

type repScoresOutput struct {
	Body struct {
		scoreHead
		Org    figuresBody    `json:"org"`
		Reps   []repScoreBody `json:"reps" doc:"One page of the reps, in the order asked"`
		Total  int            `json:"total" doc:"How many reps there are in all"`
		Offset int            `json:"offset"`
		Limit  int            `json:"limit"`
	}
}

func (s *Server) listRepScores(ctx context.Context, in *struct {
	WindowParams
	PageParams
	Sort string `query:"sort" enum:"name,-score,score,-n" default:"-score"`
}) (*repScoresOutput, error) {
	w, err := s.window(ctx, in.WindowParams)
	if err != nil {
		return nil, err
	}
	org, reps, err := s.Scores.ScoreReps(ctx, w)
	if err != nil {
		return nil, err
	}
	sorted := sortedRepScores(reps, in.Sort)
	p := in.page()
	out := &repScoresOutput{}
	out.Body.scoreHead, out.Body.Org, out.Body.Reps = newScoreHead(w), newFiguresBody(org), []repScoreBody{}
	out.Body.Total, out.Body.Offset, out.Body.Limit = len(reps), p.Offset, p.Limit
	for _, r := range sorted[min(p.Offset, len(reps)):min(p.Offset+p.Limit, len(reps))] {
		out.Body.Reps = append(out.Body.Reps, repScoreBody{Rep: newRepResponse(r.Rep), figuresBody: newFiguresBody(r.Figures)})
	}
	return out, nil
}

// sortedRepScores returns reps in order, reps without a score last, as
// pointers: each rep's figures are hundreds of bytes, and a sort of 10,000
// moved them more than it compared them.
func sortedRepScores(reps []surveys.RepScore, by string) []*surveys.RepScore {
	out := make([]*surveys.RepScore, len(reps))
	for i := range reps {
		out[i] = &reps[i]
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case by == "name":
			return a.Rep.Name < b.Rep.Name
		case by == "-n":
			return a.Figures.N > b.Figures.N
		case a.Figures.HasScore != b.Figures.HasScore:
			return a.Figures.HasScore
		case by == "score":
			return a.Figures.Score < b.Figures.Score
		}
		return a.Figures.Score > b.Figures.Score
	})
	return out
}

type trendBody struct {
	Month string `json:"month,omitempty" doc:"YYYY-MM, in the monthly trend"`
	Week  string `json:"week,omitempty" doc:"The week's Monday, YYYY-MM-DD, in the weekly trend"`
	figuresBody
}

// trendsBody are the last 12 months and the last 12 weeks up to the
// window's last day, oldest first; each period is shrunk toward the org
// mean of that period.
type trendsBody struct {
	Trend       []trendBody `json:"trend" doc:"The last 12 calendar months, oldest first"`
	WeeklyTrend []trendBody `json:"weekly_trend" doc:"The last 12 weeks (Monday to Sunday), oldest first"`
}

func newTrendsBody(t surveys.Trends) trendsBody {
	out := trendsBody{Trend: []trendBody{}, WeeklyTrend: []trendBody{}}
	for _, p := range t.Trend {
		out.Trend = append(out.Trend, trendBody{Month: p.Month, figuresBody: newFiguresBody(p.Figures)})
	}
	for _, p := range t.WeeklyTrend {
		out.WeeklyTrend = append(out.WeeklyTrend, trendBody{Week: p.Week, figuresBody: newFiguresBody(p.Figures)})
	}
	return out
}

type repScoreOutput struct {
	Body struct {
		scoreHead
		repScoreBody
		Team   *figuresBody `json:"team"`
		Org    figuresBody  `json:"org_figures"`
		Alerts alertsBody   `json:"alerts" doc:"How fast the rep's alerts opened in the window were followed up"`
		trendsBody
	}
}

func (s *Server) getRepScore(ctx context.Context, in *struct {
	IDParam
	WindowParams
}) (*repScoreOutput, error) {
	w, err := s.window(ctx, in.WindowParams)
	if err != nil {
		return nil, err
	}
	d, err := s.Scores.ScoreRep(ctx, in.ID, w)
	if err != nil {
		return nil, err
	}
	out := &repScoreOutput{}
	out.Body.scoreHead, out.Body.Org = newScoreHead(w), newFiguresBody(d.Org)
	out.Body.repScoreBody = repScoreBody{Rep: newRepResponse(d.Rep), figuresBody: newFiguresBody(d.Figures)}
	if d.Team != nil {
		t := newFiguresBody(*d.Team)
		out.Body.Team = &t
	}
	out.Body.trendsBody, out.Body.Alerts = newTrendsBody(d.Trends), newAlertsBody(d.Alerts)
	return out, nil
}

type teamScoreOutput struct {
	Body struct {
		scoreHead
		Team teamResponse `json:"team"`
		figuresBody
		Org    figuresBody    `json:"org_figures"`
		Reps   []repScoreBody `json:"reps"`
		Alerts alertsBody     `json:"alerts" doc:"How fast the alerts of the team and its sub-teams opened in the window were followed up"`
		trendsBody
	}
}

func (s *Server) getTeamScore(ctx context.Context, in *struct {
	IDParam
	WindowParams
}) (*teamScoreOutput, error) {
	w, err := s.window(ctx, in.WindowParams)
	if err != nil {
		return nil, err
	}
	d, err := s.Scores.ScoreTeam(ctx, in.ID, w)
	if err != nil {
		return nil, err
	}
	out := &teamScoreOutput{}
	out.Body.scoreHead, out.Body.Team, out.Body.figuresBody = newScoreHead(w), newTeamResponse(d.Team), newFiguresBody(d.Figures)
	out.Body.Org, out.Body.Reps, out.Body.trendsBody = newFiguresBody(d.Org), []repScoreBody{}, newTrendsBody(d.Trends)
	out.Body.Alerts = newAlertsBody(d.Alerts)
	for _, r := range sortedRepScores(d.Reps, "-score") {
		out.Body.Reps = append(out.Body.Reps, repScoreBody{Rep: newRepResponse(r.Rep), figuresBody: newFiguresBody(r.Figures)})
	}
	return out, nil
}

type orgScoreOutput struct {
	Body struct {
		scoreHead
		figuresBody
	}
}

func (s *Server) getOrgScore(ctx context.Context, in *WindowParams) (*orgScoreOutput, error) {
	w, err := s.window(ctx, *in)
	if err != nil {
		return nil, err
	}
	f, err := s.Scores.ScoreOrg(ctx, w)
	if err != nil {
		return nil, err
	}
	out := &orgScoreOutput{}
	out.Body.scoreHead, out.Body.figuresBody = newScoreHead(w), newFiguresBody(f)
	return out, nil
}
