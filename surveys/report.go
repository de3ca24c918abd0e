package surveys

import (
	"context"
	"time"
)

// RepCard is everything a rep's PDF report card shows: their figures with
// their team's, the org's and a 12-month trend, the survey funnel and the
// most recent buyer comments.
type RepCard struct {
	OrgName   string
	Logo      *Logo  // drawn beside OrgName; nil without one
	PaperSize string // "A4" or "Letter"
	TeamName  string // empty: no team
	Window    Window
	Detail    *RepDetail
	Questions []Question // the rating questions, in survey order
	Funnel    Funnel
	Comments  []Comment // newest first, at most MaxCardComments
	Diagnosis CardDiagnosis
}

// TeamReport is a team's PDF report: its pooled figures and trend, and a
// row per rep with the change from the previous window of the same length.
type TeamReport struct {
	OrgName   string
	Logo      *Logo // drawn beside OrgName; nil without one
	PaperSize string
	Window    Window
	Detail    *TeamDetail
	Trend     []TrendPoint
	Previous  map[int64]Figures // by rep id, for the window before
	// PreviousFigures are the team's own in the window before, and
	// OrgPrevious the org's.
	PreviousFigures Figures
	OrgPrevious     Figures
}

// Funnel shows who was asked: every interaction the CRM posted, the
// invitations sent, those suppressed by reason, and the answers.
type Funnel struct {
	Interactions int64
	Invited      int64            // sent (in any later state)
	Suppressed   map[string]int64 // by reason
	Pending      int64            // scheduled, not yet sent
	Answered     int64
}

// Comment is a buyer's comment as a rep may read it: Buyer is the buyer's
// name only when they agreed to share it, otherwise empty (anonymous).
type Comment struct {
	Text        string
	Buyer       string
	SubmittedAt time.Time
}

// MaxCardComments is how many recent comments a report card shows.
const MaxCardComments = 8

// ReportQuery selects a rep's interactions and responses by time.
type ReportQuery struct {
	OrgID    int64
	RepID    int64
	From, To time.Time // [From, To)
	Limit    int       // comments only
}

// ReportStore reads what a report card needs besides the rollups.
type ReportStore interface {
	// CountFunnel counts a rep's interactions that occurred in the window
	// and their invitations by outcome.
	CountFunnel(ctx context.Context, q ReportQuery) (Funnel, error)
	// FindComments returns a rep's newest non-empty comments submitted in
	// the window, with the buyer's name only where they agreed to share it.
	FindComments(ctx context.Context, q ReportQuery) ([]Comment, error)
}

// Previous returns the window of the same number of days just before w.
func (w Window) Previous() Window {
	days := int(w.To.Sub(w.From).Hours()/24+0.5) + 1
	return Window{From: w.From.AddDate(0, 0, -days), To: w.From.AddDate(0, 0, -1)}
}

// LastMonth returns the calendar month before the one holding t in tz.
func LastMonth(t time.Time, tz string) Window {
	t = t.In(orgLocation(tz))
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return Window{From: first.AddDate(0, -1, 0), To: first.AddDate(0, 0, -1)}
}
