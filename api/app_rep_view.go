package api

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"

	"trustcard/surveys"
)

// repView is the rep's page with every number, date and word formatted:
// its template, app_rep.html, only lays it out. It shows what the rep's
// PDF card shows, with the same rounding, and more: the weekly trend, the
// changes since the previous period and every answer of the period.
type repView struct {
	Name         string
	Team         string // "Team Nord", or "No team"
	TeamURL      string // the team's board, for leaders and admins
	Period       periodView
	Download     string // the card (PDF) of the period shown
	Score        repScore
	Beside       []figureView // the team's (when any) and the org's scores
	Empty        string       // without answers in the period: when they come
	Trends       []repTrend   // by month, by week
	Questions    repQuestions
	Highlights   []repHighlight
	NoHighlights string // why there are none yet
	NPS          repNPS
	Response     figureView  // the response rate
	Alerts       *figureView // how fast the rep's alerts were followed up
	Funnel       []funnelStep
	FunnelNote   string
	Feed         repFeed
	Diagnosis    repDiagnosis
	Outcomes     *outcomesView // nil when there are no outcome figures
}

// repScore is the headline: the rep's trust score.
type repScore struct {
	Value    string // "78", or "—" without answers
	Interval string // "90% interval 70–85"; empty below two answers
	Raw      string // "raw mean 76"; empty without answers
	N        string // "n = 12"
	Change   Change
	Compared string // "compared with 17 Jul – 30 Sep 2026"
	Low      string // "Only 3 answers so far — …"; empty from five answers
	Excluded string // how many responses the integrity rules excluded, and why; empty when none
}

// figureView is one figure: what it is, the number, what it counts, and
// its change since the previous period.
type figureView struct {
	Label  string
	Value  string
	Detail string
	Change Change
}

// repTrend is a trend chart with its table for screen readers.
type repTrend struct {
	Title string
	Chart template.HTML
	Table TrendTable
}

// repHighlight is a strength or a focus area, in the card's words.
type repHighlight struct {
	Kind     string // "Strength" or "Focus"
	Focus    bool
	Question string // the question's short label
	Mean     string // "4.6 of 5"
	Advice   string
}

// funnelStep is one step from the CRM's interactions to the answers.
type funnelStep struct {
	Value  string
	Label  string
	Detail string // "not asked": the reasons
}

// newRepView builds the rep's page from what the domain returned.
func newRepView(in repInput) repView {
	p, d := in.Page, in.Page.Detail
	charts, tx := NewCharts("en"), appTextsFor("en")
	picker := NewPeriodPicker(in.Today, in.Query.Window, "en")
	v := repView{Name: d.Rep.Name, Team: "No team", Period: newPeriodView(picker, in.Path),
		Download: fmt.Sprintf("/reports/reps/%d.pdf?", d.Rep.ID) + url.Values{"from": {picker.From}, "to": {picker.To}}.Encode(),
		Score:    newRepScore(d.Figures, p.Previous, picker.Compared), Beside: beside(p)}
	v.Score.Excluded = excludedNote(d.Figures.Excluded, tx)
	if d.Team != nil {
		v.Team = "Team " + p.TeamName
		if in.Actor.Role != surveys.RoleRep { // reps see no team's board
			v.TeamURL = fmt.Sprintf("/app/teams/%d", d.Rep.TeamID)
		}
	}
	if !d.Figures.HasScore {
		v.Empty = emptyPeriod(in.Org.Settings.Delivery.DelayMinutes)
	}
	v.Trends = []repTrend{
		{"By month", charts.Trend(d.Rep.Name, d.Trend), charts.TrendTable(d.Rep.Name, d.Trend)},
		{"By week", charts.Trend(d.Rep.Name, d.WeeklyTrend), charts.TrendTable(d.Rep.Name, d.WeeklyTrend)},
	}
	v.Questions = newRepQuestions(p, charts, tx)
	if v.Highlights = newHighlights(p.RepCard, tx); len(v.Highlights) == 0 {
		v.NoHighlights = "Strengths and focus areas show once buyers have answered at least two of the questions."
	}
	v.NPS = newRepNPS(d.Figures.NPS, p.Previous.NPS, tx)
	v.Response = responseRate(d.Figures, p.Previous, tx)
	v.Alerts = newAlertsFigure(d.Alerts)
	v.Funnel, v.FunnelNote = newFunnel(p.Funnel, in.Org.Settings.Delivery.ThrottleDays)
	v.Feed = newRepFeed(in, tx)
	v.Diagnosis = newRepDiagnosis(in)
	v.Outcomes = newOutcomesView(d.Figures)
	return v
}

// newRepScore is the headline score against the previous period's.
func newRepScore(f, prev surveys.Figures, compared string) repScore {
	s := repScore{Value: "—", N: "n = " + strconv.FormatInt(f.N, 10), Change: NewChange(f, prev, "en"), Compared: compared}
	if !f.HasScore {
		return s
	}
	s.Value, s.Raw = scoreFigure(f.Score), "raw mean "+scoreFigure(f.Raw)
	if f.HasInterval {
		lo, hi := shownInterval(f)
		s.Interval = "90% interval " + scoreFigure(lo) + "–" + scoreFigure(hi)
	}
	if f.LowConfidence {
		s.Low = fmt.Sprintf("Only %s so far — this score may still move a lot.", plural(f.N, "answer", "answers"))
	}
	return s
}

// beside are the scores of the rep's team (when they have one) and of
// the org.
func beside(p *surveys.RepPage) []figureView {
	var out []figureView
	if d := p.Detail; d.Team != nil {
		prev := surveys.Figures{}
		if p.TeamPrevious != nil {
			prev = *p.TeamPrevious
		}
		out = append(out, besideFigure("Team "+p.TeamName, *d.Team, prev))
	}
	return append(out, besideFigure("Org", p.Detail.Org, p.OrgPrevious))
}

// besideFigure is a team's or the org's score beside the rep's.
func besideFigure(label string, f, prev surveys.Figures) figureView {
	v := figureView{Label: label, Value: "—", Detail: "n = " + strconv.FormatInt(f.N, 10), Change: NewChange(f, prev, "en")}
	if f.HasScore {
		v.Value = scoreFigure(f.Score)
	}
	return v
}

// emptyPeriod says why a period has no answers yet, and when they come.
func emptyPeriod(delayMinutes int) string {
	after := plural(int64(delayMinutes), "minute", "minutes")
	if delayMinutes >= 60 && delayMinutes%60 == 0 {
		after = plural(int64(delayMinutes/60), "hour", "hours")
	}
	return "No answers in this period yet — surveys go out " + after + " after a meeting the CRM reports."
}

// plural is "1 answer" or "3 answers".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

// numberChange is the change of a figure that has no interval (an NPS, a
// rate, a mean) from then to now, with decimals; has says both exist.
func numberChange(now, then float64, has bool, decimals int, tx appTexts) Change {
	if !has {
		return Change{Text: "—"}
	}
	c := Change{Has: true, Points: now - then}
	c.Text, c.Sign = tx.signed(now-then, decimals)
	return c
}

// newHighlights are the card's strengths and focus areas.
func newHighlights(c *surveys.RepCard, tx appTexts) []repHighlight {
	var out []repHighlight
	for _, h := range c.Highlights() {
		r := repHighlight{Kind: "Strength", Focus: h.Focus, Question: questionLabel(h.Question, c.Detail.Rep),
			Mean: tx.number(h.Mean, 1) + " of 5", Advice: h.Advice}
		if h.Focus {
			r.Kind = "Focus"
		}
		out = append(out, r)
	}
	return out
}
