package surveys

import (
	"context"
	"time"
)

// AlertView is an alert as the inbox shows it: with the answers that
// opened it, the rep's name and the team's.
type AlertView struct {
	*Alert
	Response *ResponseView // as the viewer may see it; nil if it cannot be read
	RepName  string
	TeamName string   // "" when the viewer sees no team, or the rep had none
	Why      []string // the reasons in words (AlertReasonTexts)
	CanAct   bool     // the viewer may move it
}

// Inbox lists the alerts of f the actor may see, newest first, each with
// the response that opened it, and the total: what the web app's inbox
// and a rep's feed show. A rep sees the buyer's name only where the buyer
// agreed, and no step but the resolution. EINVALID.
func (s *Alerts) Inbox(ctx context.Context, f AlertFilter) ([]*AlertView, int, error) {
	a, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	alerts, total, err := s.findAlerts(ctx, v, f)
	if err != nil || len(alerts) == 0 {
		return nil, total, err
	}
	ids := make([]int64, len(alerts))
	for i, al := range alerts {
		ids[i] = al.ResponseID
	}
	// Every time: an alert's response may be older than any window.
	rf := ResponseFilter{IDs: ids, Before: s.clock.Now().Add(24 * time.Hour), Page: Page{Limit: -1}}
	responses, _, err := s.store.FindResponses(ctx, v.Responses(rf))
	if err != nil {
		return nil, 0, err
	}
	teams, _, err := findTeams(ctx, s.store, v, TeamFilter{Page: Page{Limit: -1}})
	if err != nil {
		return nil, 0, err
	}
	tv, err := currentSurvey(ctx, s.store, v.OrgID)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*AlertView, len(alerts))
	for i, al := range alerts {
		out[i] = &AlertView{Alert: al, CanAct: mayAct(a) == nil && al.Status != AlertResolved}
		out[i].name(v, responses, teams)
		out[i].Why = AlertReasonTexts(tv, al.Reasons, out[i].RepName)
	}
	return out, total, nil
}

// name fills in the response and the names of v's view of the alert.
func (av *AlertView) name(v *Visibility, responses []*ResponseView, teams []*Team) {
	for _, r := range responses {
		if r.ID == av.ResponseID {
			v.hideBuyer(r)
			av.Response, av.RepName = r, r.RepName
		}
	}
	for _, t := range teams {
		if t.ID == av.TeamID {
			av.TeamName = t.Name
		}
	}
}
