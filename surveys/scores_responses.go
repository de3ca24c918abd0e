package surveys

import (
	"context"
	"slices"
	"time"
)

// ResponseFilter selects submitted responses.
type ResponseFilter struct {
	OrgID         int64
	Since, Before time.Time // submitted at or after Since and before Before
	IDs           []int64   // nil: any; empty: none
	RepIDs        []int64   // nil: any; empty: none
	TeamIDs       []int64   // nil: any; empty: none. The team at the interaction
	Comments      bool      // only responses with a comment
	Flagged       bool      // only responses with an integrity flag
	// Question and Band: with a question, its answer is in the band; with
	// none, the response's trust value is. FindResponses fills Values.
	Question string
	Band     Band
	Values   ValueRange
	Page     Page
	// NoTotal: the caller needs no total (it asks for one more than it
	// shows, to know whether there are more), so none is counted and
	// FindResponses returns -1 for it.
	NoTotal bool
}

// Band picks low or high answers: "" is any.
type Band string

// The bands. A rating (1–5) is low at 1–2 and high at 4–5; the 0–10 scale
// low at 0–6 (detractors) and high at 9–10 (promoters); a trust value
// (0–100) low below 50, that is below "neither", and high from 75, "agree".
const (
	BandLow  Band = "low"
	BandHigh Band = "high"
)

// ValueRange is the answers, or trust values, a band admits.
type ValueRange struct {
	Set      bool
	Min, Max float64
}

// values returns the range band admits for question q (nil: the trust value).
func (b Band) values(q *Question) ValueRange {
	switch {
	case b == "":
		return ValueRange{}
	case q == nil && b == BandLow:
		return ValueRange{true, 0, 49.999}
	case q == nil:
		return ValueRange{true, 75, 100}
	case q.Kind == KindScale && b == BandLow:
		return ValueRange{true, 0, 6}
	case q.Kind == KindScale:
		return ValueRange{true, 9, 10}
	case b == BandLow:
		return ValueRange{true, 1, 2}
	}
	return ValueRange{true, 4, 5}
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
	// newest first, and the total count (-1 with NoTotal).
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
	if err := s.checkBand(ctx, org.ID, &f); err != nil {
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
		v.hideBuyer(r)
	}
	return out, total, nil
}

// hideBuyer blanks who answered r where v may not see it: a rep sees the
// buyer's name and company only where the buyer agreed to share them.
func (v *Visibility) hideBuyer(r *ResponseView) {
	if !v.SeesBuyerNames() && !r.ShareName {
		r.BuyerName, r.BuyerCompany = "", ""
	}
}

// checkBand validates f's question and band and fills f.Values.
func (s *Scores) checkBand(ctx context.Context, orgID int64, f *ResponseFilter) error {
	if f.Band != "" && f.Band != BandLow && f.Band != BandHigh {
		return Errorf(EINVALID, "rating", "must be low or high")
	}
	if f.Question == "" {
		f.Values = f.Band.values(nil)
		return nil
	}
	qs, err := s.questions(ctx, orgID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(qs, func(q Question) bool { return q.Key == f.Question && q.Kind != KindText })
	if i < 0 {
		return Errorf(EINVALID, "question", "no question %q with a rating in this survey", f.Question)
	}
	f.Values = f.Band.values(&qs[i])
	return nil
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
