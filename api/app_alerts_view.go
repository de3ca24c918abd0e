package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"trustcard/surveys"
)

// alertsInput is what the inbox is drawn from.
type alertsInput struct {
	Views   []*surveys.AlertView
	Total   int
	Query   alertsQuery
	Teams   []*surveys.Team // the teams the viewer sees
	Org     *surveys.Org
	One     bool   // one alert, by its address
	Problem string // why the last step was refused
}

// alertsView is the inbox with every word and date formatted: its
// template, app_alerts.html, only lays it out.
type alertsView struct {
	Heading  string
	Problem  string
	Filters  bool // the list, not one alert: the filter form shows
	Statuses []feedOption
	Teams    []feedOption
	Ages     []feedOption
	Summary  string
	Items    []alertItem
	Empty    string
	AllURL   string // back to the whole inbox
	Prev     string
	Next     string
}

// alertItem is one alert as the inbox shows it.
type alertItem struct {
	ID       int64
	URL      string
	Rep      string
	RepURL   string
	Team     string
	Status   string // "Open", "Acknowledged" …
	Class    string // the status, for the badge's colour
	Opened   string // "12 Mar 2026, 14:05"
	OpenedAt string // for <time>
	Reasons  []string
	Comment  string
	Buyer    string
	Ratings  []feedRating
	Steps    []alertStepItem
	Outcome  string // the resolution's outcome, in words
	Actions  []alertAction
}

// alertStepItem is one step taken: "Acknowledged by lee@acme.test, 12 Mar 2026, 14:10".
type alertStepItem struct {
	What, Note string
}

// alertAction is a form that moves the alert to one next status.
type alertAction struct {
	To, Label string
	Resolve   bool // asks for the outcome and requires the note
	Outcomes  []feedOption
}

var statusLabels = map[surveys.AlertStatus]string{surveys.AlertOpen: "Open", surveys.AlertAcknowledged: "Acknowledged",
	surveys.AlertContacted: "Contacted", surveys.AlertResolved: "Resolved"}

var actionLabels = map[surveys.AlertStatus]string{surveys.AlertAcknowledged: "Acknowledge",
	surveys.AlertContacted: "Mark as contacted", surveys.AlertResolved: "Resolve"}

var outcomeLabels = map[surveys.AlertOutcome]string{surveys.OutcomeResolved: "Resolved with the buyer",
	surveys.OutcomeNotReachable: "Buyer not reachable", surveys.OutcomeNoAction: "No action needed"}

// newAlertsView formats in.
func newAlertsView(in alertsInput) alertsView {
	q := in.Query
	v := alertsView{Heading: "Alerts", Problem: in.Problem, Filters: !in.One, AllURL: "/app/alerts",
		Statuses: []feedOption{{Value: "", Label: "Any status", Selected: q.Status == ""}},
		Teams:    []feedOption{{Value: "", Label: "Every team", Selected: q.Team == 0}},
		Ages:     []feedOption{{Value: "", Label: "Any age", Selected: q.Age == 0}}}
	for _, st := range surveys.AlertStatuses {
		v.Statuses = append(v.Statuses, feedOption{string(st), statusLabels[st], q.Status == string(st)})
	}
	for _, t := range in.Teams {
		v.Teams = append(v.Teams, feedOption{strconv.FormatInt(t.ID, 10), t.Name, q.Team == t.ID})
	}
	for _, d := range alertAges {
		v.Ages = append(v.Ages, feedOption{strconv.Itoa(d), fmt.Sprintf("Open for %s or more", days(d)), q.Age == d})
	}
	loc := orgLocation(in.Org)
	for _, a := range in.Views {
		v.Items = append(v.Items, newAlertItem(a, loc))
	}
	if in.One && len(v.Items) == 1 {
		v.Heading = "Alert on " + v.Items[0].Rep + "'s feedback"
		return v
	}
	pages := max(1, (in.Total+alertsPageSize-1)/alertsPageSize)
	switch {
	case len(v.Items) > 0:
		first := (q.Page-1)*alertsPageSize + 1
		v.Summary = fmt.Sprintf("Alerts %d–%d of %d, newest first", first, first+len(v.Items)-1, in.Total)
	case q.Status != "" || q.Team != 0 || q.Age != 0 || q.Page > 1:
		v.Empty = "No alert matches these filters."
	default:
		v.Empty = "No alerts. One opens when a buyer's answers match the alert rules, such as a trust question answered 1 or 2."
	}
	if q.Page > 1 && len(v.Items) > 0 {
		v.Prev = "/app/alerts?" + withAlertsPage(q, q.Page-1).values().Encode()
	}
	if q.Page < pages && len(v.Items) > 0 {
		v.Next = "/app/alerts?" + withAlertsPage(q, q.Page+1).values().Encode()
	}
	return v
}

func withAlertsPage(q alertsQuery, page int) alertsQuery {
	q.Page = page
	return q
}

// newAlertItem formats a, its times in the org's time zone loc.
func newAlertItem(a *surveys.AlertView, loc *time.Location) alertItem {
	it := alertItem{ID: a.ID, URL: fmt.Sprintf("/app/alerts/%d", a.ID), Rep: a.RepName, Team: a.TeamName,
		RepURL: fmt.Sprintf("/app/reps/%d", a.RepID), Status: statusLabels[a.Status], Class: string(a.Status),
		Opened: stamp(a.OpenedAt, loc), OpenedAt: a.OpenedAt.Format(time.RFC3339), Reasons: a.Why,
		Outcome: outcomeLabels[a.Outcome], Buyer: "Anonymous buyer"}
	if it.Rep == "" {
		it.Rep = "Rep " + strconv.FormatInt(a.RepID, 10)
	}
	if r := a.Response; r != nil {
		it.Comment = r.Comment
		if who := strings.TrimSpace(strings.Trim(r.BuyerName+", "+r.BuyerCompany, ", ")); who != "" {
			it.Buyer = who
		}
		for _, key := range []string{surveys.QUnderstood, surveys.QDiagnosed, surveys.QInterest, surveys.QPrepared, surveys.QRecommend} {
			if n, ok := r.Answers[key]; ok {
				hi := 5
				if key == surveys.QRecommend {
					hi = 10
				}
				it.Ratings = append(it.Ratings, feedRating{questionLabels[key], fmt.Sprintf("%d of %d", n, hi)})
			}
		}
	}
	for _, s := range a.Steps {
		what := statusLabels[s.To] + " " + stamp(s.At, loc)
		if s.By != "" {
			what = statusLabels[s.To] + " by " + s.By + ", " + stamp(s.At, loc)
		}
		it.Steps = append(it.Steps, alertStepItem{What: what, Note: s.Note})
	}
	if a.CanAct {
		it.Actions = alertActions(a.NextStatuses())
	}
	return it
}

// alertActions are the forms for the next statuses.
func alertActions(next []surveys.AlertStatus) []alertAction {
	var out []alertAction
	for _, st := range next {
		act := alertAction{To: string(st), Label: actionLabels[st], Resolve: st == surveys.AlertResolved}
		if act.Resolve {
			for _, o := range surveys.AlertOutcomes {
				act.Outcomes = append(act.Outcomes, feedOption{Value: string(o), Label: outcomeLabels[o]})
			}
		}
		out = append(out, act)
	}
	return out
}

// stamp is an instant as the inbox writes it: "12 Mar 2026, 14:05".
func stamp(t time.Time, loc *time.Location) string { return t.In(loc).Format("2 Jan 2006, 15:04") }

// days is "1 day" or "7 days".
func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// feedAlert is the marker on an answer of a rep's feed that opened an
// alert: its status, why it opened and, once resolved, the note.
type feedAlert struct {
	Text, Class, URL, Note string
	Why                    []string
}

// newFeedAlert is a's marker; nil for none.
func newFeedAlert(a *surveys.AlertView) *feedAlert {
	if a == nil {
		return nil
	}
	m := &feedAlert{Text: "Alert: " + strings.ToLower(statusLabels[a.Status]), Class: string(a.Status),
		URL: fmt.Sprintf("/app/alerts/%d", a.ID), Note: a.Note(), Why: a.Why}
	if a.Status == surveys.AlertResolved {
		m.Text = "Alert resolved (" + strings.ToLower(outcomeLabels[a.Outcome]) + ")"
	}
	return m
}
