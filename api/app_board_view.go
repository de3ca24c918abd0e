package api

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"time"

	"trustcard/surveys"
)

// boardView is a team's board or the org board with every number, date
// and word formatted: its template, app_board.html, only lays it out.
type boardView struct {
	Kicker    string // "Team board", "Org board"
	Name      string
	Parent    string // a team's parent team, with its board when the viewer may open it
	ParentURL string
	AdminURL  string // admins: the admin console
	Period    periodView
	Downloads []navLink
	Score     repScore
	Figures   []figureView // NPS, response rate, the org's score beside a team's
	Empty     string       // without answers in the period: when they come
	Trends    []repTrend
	Weakest   weakestView
	Alerts    *figureView // a team's alerts followed up within the target; nil on the org board
	Table     boardTable
	Feed      *boardFeed     // a team's comments; nil on the org board
	Outcomes  *boardOutcomes // a team's reps by outcome; nil without outcome figures
}

// weakestView is the question with the lowest mean across the board.
type weakestView struct {
	Question string // its short label
	Text     string // as buyers read it
	Mean     string // "3.4 of 5"
	Detail   string // "61% agree · n = 40 · org 3.9"
	None     string // why there is none
}

// boardInput is what both boards are drawn from besides their figures.
type boardInput struct {
	Query boardQuery
	Org   *surveys.Org
	Today time.Time // in the org's time zone
	Path  string    // the board's path
	Actor *surveys.Actor
}

// link is the board's address with q's parameters.
func (in boardInput) link(q boardQuery) string { return in.Path + "?" + q.values().Encode() }

// period is the window as ?from=&to=, for downloads.
func (in boardInput) period() string {
	return url.Values{"from": {dayText(in.Query.Window.From)}, "to": {dayText(in.Query.Window.To)}}.Encode()
}

// newBoardHead fills what both boards show above their tables.
func newBoardHead(in boardInput, kicker, name string, f, prev surveys.Figures, trends surveys.Trends) boardView {
	charts, tx := NewCharts("en"), appTextsFor("en")
	picker := NewPeriodPicker(in.Today, in.Query.Window, "en")
	v := boardView{Kicker: kicker, Name: name, Period: newPeriodView(picker, in.Path),
		Score: newRepScore(f, prev, picker.Compared)}
	v.Score.Excluded = excludedNote(f.Excluded, tx)
	if !f.HasScore {
		v.Empty = emptyPeriod(in.Org.Settings.Delivery.DelayMinutes)
	}
	v.Figures = []figureView{newRepNPS(f.NPS, prev.NPS, tx).figureView, responseRate(f, prev, tx)}
	v.Trends = []repTrend{
		{"By month", charts.Trend(name, trends.Trend), charts.TrendTable(name, trends.Trend)},
		{"By week", charts.Trend(name, trends.WeeklyTrend), charts.TrendTable(name, trends.WeeklyTrend)},
	}
	if in.Actor.Role == surveys.RoleAdmin {
		v.AdminURL = "/app/admin"
	}
	return v
}

// newTeamBoardView builds a team's board: its figures, every rep of the
// team and its sub-teams, its weakest question and its comments. teams are
// those the viewer may see, for the sub-teams' names.
func newTeamBoardView(in boardInput, r *surveys.TeamReport, teams []*surveys.Team, feed boardFeedInput) boardView {
	d := r.Detail
	v := newBoardHead(in, "Team board", d.Team.Name, d.Figures, r.PreviousFigures, d.Trends)
	for _, t := range teams {
		if t.ID == d.Team.ParentID {
			v.Parent, v.ParentURL = t.Name, fmt.Sprintf("/app/teams/%d", t.ID)
		}
	}
	v.Figures = append(v.Figures, besideFigure("Org", d.Org, r.OrgPrevious))
	p := in.period()
	v.Downloads = []navLink{
		{Label: "Team report (PDF)", URL: fmt.Sprintf("/reports/teams/%d.pdf?%s", d.Team.ID, p)},
		{Label: "Every rep's card (ZIP)", URL: fmt.Sprintf("/reports/teams/%d/cards.zip?%s", d.Team.ID, p)},
		{Label: "Responses (CSV)", URL: fmt.Sprintf("/reports/teams/%d/responses.csv?%s", d.Team.ID, p)},
	}
	v.Weakest = newWeakest(d.Figures, d.Org)
	v.Alerts = newAlertsFigure(d.Alerts)
	names := map[int64]string{}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	charts, tx := NewCharts("en"), appTextsFor("en")
	rows := make([]boardRow, 0, len(d.Reps))
	for _, rs := range d.Reps {
		rows = append(rows, newBoardRow(rs.Rep.Name, fmt.Sprintf("/app/reps/%d", rs.Rep.ID), names[rs.Rep.TeamID],
			rs.Figures, r.Previous[rs.Rep.ID], d.Figures, TeamMean, charts, tx))
	}
	v.Table = newBoardTable(in, rows, "Sub-team", "Reps of "+d.Team.Name+" and its sub-teams")
	v.Outcomes = newBoardOutcomes(d.Reps, func(r *surveys.Rep) string { return fmt.Sprintf("/app/reps/%d", r.ID) })
	if len(rows) == 0 {
		v.Table.Empty = "No reps in this team yet: an admin adds them, or the CRM does when it posts them."
	}
	v.Feed = newBoardFeed(in, feed, tx)
	return v
}

// newOrgBoardView builds the org board: the org's figures and every team
// the viewer may see, side by side.
func newOrgBoardView(in boardInput, b *surveys.OrgBoard) boardView {
	v := newBoardHead(in, "Org board", b.OrgName, b.Figures, b.Previous, b.Trends)
	p := in.period()
	v.Downloads = []navLink{{Label: "Every rep's card (ZIP)", URL: "/reports/org/cards.zip?" + p}}
	v.Weakest = newWeakest(b.Figures, surveys.Figures{})
	charts, tx := NewCharts("en"), appTextsFor("en")
	rows := make([]boardRow, 0, len(b.Teams))
	for _, t := range b.Teams {
		row := newBoardRow(t.Team.Name, fmt.Sprintf("/app/teams/%d", t.Team.ID), t.Parent, t.Figures, t.Previous,
			b.Figures, OrgMean, charts, tx)
		row.Extra = plural(int64(t.Reps), "rep", "reps")
		rows = append(rows, row)
	}
	v.Table = newBoardTable(in, rows, "Part of", "Teams, each with its sub-teams")
	if len(rows) == 0 {
		v.Table.Empty = "No teams yet: an admin creates them, with POST /api/v1/teams."
		if in.Actor.Role == surveys.RoleLeader {
			v.Table.Empty = "You lead no team yet: ask an admin to make you a team's leader."
		}
	}
	return v
}

// newBoardTable sorts rows as the query asks and links the heads.
func newBoardTable(in boardInput, rows []boardRow, groupLabel, caption string) boardTable {
	sortRows(rows, in.Query.Sort)
	return boardTable{Caption: caption, Heads: boardHeads(in.Query, groupLabel, in.link), Rows: rows}
}

// newWeakest finds the rating question with the lowest mean in f, beside
// its mean in org (when org has answers to it).
func newWeakest(f, org surveys.Figures) weakestView {
	tx := appTextsFor("en")
	keys := slices.Sorted(func(yield func(string) bool) {
		for k, q := range f.Questions {
			if q.N > 0 && !yield(k) {
				return
			}
		}
	})
	if len(keys) == 0 {
		return weakestView{None: "The weakest question shows once buyers have answered the questions in this period."}
	}
	weakest := slices.MinFunc(keys, func(a, b string) int { return cmp.Compare(f.Questions[a].Mean, f.Questions[b].Mean) })
	q := f.Questions[weakest]
	v := weakestView{Question: weakest, Mean: tx.number(q.Mean, 1) + " of 5",
		Detail: percent(q.Top2Share) + " agree · " + plural(q.N, "answer", "answers")}
	if l, ok := questionLabels[weakest]; ok {
		v.Question = l
	}
	if o, ok := org.Questions[weakest]; ok && o.N > 0 {
		v.Detail += " · org " + tx.number(o.Mean, 1)
	}
	for _, dq := range surveys.DefaultQuestions(nil) {
		if dq.Key == weakest {
			v.Text = dq.Text("en", "the rep")
		}
	}
	return v
}

// boardFeedSize is how many comments a team's board lists at a time.
const boardFeedSize = 10

// boardFeedInput is one page of a team's comments and, when there are
// older ones, the first of them.
type boardFeedInput struct {
	Items []*surveys.ResponseView
}

// boardFeed is a team's comments, newest first, a page at a time.
type boardFeed struct {
	pageNav
	Items []boardComment
	Empty string
}

// boardComment is one buyer's comment about a rep.
type boardComment struct {
	Date, DateTime string
	Rep, RepURL    string
	Buyer          string
	Unshared       string
	Comment        string
}

// newBoardFeed formats a page of the team's comments, dates in the org's
// time zone.
func newBoardFeed(in boardInput, feed boardFeedInput, tx appTexts) *boardFeed {
	loc := orgLocation(in.Org)
	f := &boardFeed{}
	items, more := feed.Items, len(feed.Items) > boardFeedSize
	if more {
		items = items[:boardFeedSize]
	}
	for _, r := range items {
		at := r.SubmittedAt.In(loc)
		c := boardComment{Date: tx.date(at, true, true), DateTime: dayText(at), Rep: r.RepName,
			RepURL: fmt.Sprintf("/app/reps/%d", r.RepID), Comment: r.Comment, Buyer: buyerOf(r)}
		if c.Buyer != anonymousBuyer && !r.ShareName {
			c.Unshared = "not shown to the rep"
		}
		f.Items = append(f.Items, c)
	}
	q := in.Query
	f.pageNav = newPageNav("Comments", q.Page, boardFeedSize, len(f.Items), -1, more,
		func(page int) string { return in.link(withBoardPage(q, page)) + "#comments" })
	switch {
	case len(f.Items) > 0:
	case q.Page > 1:
		f.Empty = "There are no comments on this page."
	default:
		f.Empty = "No buyer wrote a comment in this period."
	}
	return f
}

func withBoardPage(q boardQuery, page int) boardQuery {
	q.Page = page
	return q
}

// orgLocation is the org's time zone; UTC when it cannot be loaded.
func orgLocation(org *surveys.Org) *time.Location {
	if loc, err := time.LoadLocation(org.Settings.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}
