package surveys

import (
	"context"
	"time"
)

// ResponseFilter selects submitted responses.
type ResponseFilter struct {
	OrgID         int64
	Since, Before time.Time // submitted at or after Since and before Before
	RepIDs        []int64   // nil: any; empty: none
	TeamIDs       []int64   // nil: any; empty: none. The team at the interaction
	Page          Page
}

// ResponseView is a response as lists and exports show it.
type ResponseView struct {
	*Response
	RepExternalID string
	RepName       string
	BuyerName     string // empty unless the viewer may see it
	BuyerCompany  string // empty unless the viewer may see it
}

// ResponseLister lists responses.
type ResponseLister interface {
	// FindResponses returns the matching responses with their answers,
	// newest first, and the total count.
	FindResponses(ctx context.Context, f ResponseFilter) ([]*ResponseView, int, error)
}

// FindResponses lists the responses submitted in the window that the actor
// may see (see Visibility). f narrows by rep or team (a team includes its
// sub-teams). Provisional answers (a tap in the email not yet sent) are
// left out. A rep sees the buyer's name and company only where the buyer
// agreed to share them; admins, API keys and leaders always. Needs ScopeRead.
func (s *Scores) FindResponses(ctx context.Context, w Window, f ResponseFilter) ([]*ResponseView, int, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	if err := w.Validate(); err != nil {
		return nil, 0, err
	}
	org, err := s.store.FindOrgByID(ctx, v.OrgID)
	if err != nil {
		return nil, 0, err
	}
	f.Page = f.Page.Normalize()
	f.Since, f.Before = w.Instants(org.Settings.TimeZone)
	if f.TeamIDs, err = withSubTeams(ctx, s.store, v.OrgID, f.TeamIDs); err != nil {
		return nil, 0, err
	}
	out, total, err := s.store.FindResponses(ctx, v.Responses(f))
	if err != nil {
		return nil, 0, err
	}
	for _, r := range out {
		if !v.SeesBuyerNames() && !r.ShareName {
			r.BuyerName, r.BuyerCompany = "", ""
		}
	}
	return out, total, nil
}

// withSubTeams adds the sub-teams of teams; nil stays nil (any team).
func withSubTeams(ctx context.Context, st teamLister, orgID int64, teams []int64) ([]int64, error) {
	if teams == nil {
		return nil, nil
	}
	all, _, err := st.FindTeams(ctx, TeamFilter{OrgID: orgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	out := []int64{}
	for _, id := range teams {
		out = append(out, Descendants(all, id)...)
	}
	return out, nil
}

// Instants returns the window as the instants [since, before) in the time
// zone tz: from the first day's midnight to the midnight after the last.
func (w Window) Instants(tz string) (since, before time.Time) {
	loc := orgLocation(tz)
	since = time.Date(w.From.Year(), w.From.Month(), w.From.Day(), 0, 0, 0, 0, loc)
	before = time.Date(w.To.Year(), w.To.Month(), w.To.Day()+1, 0, 0, 0, 0, loc)
	return since, before
}
