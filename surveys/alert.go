package surveys

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AlertStatus is where an alert is in its follow-up.
type AlertStatus string

// The follow-up of an alert, in order.
const (
	AlertOpen         AlertStatus = "open"
	AlertAcknowledged AlertStatus = "acknowledged"
	AlertContacted    AlertStatus = "contacted"
	AlertResolved     AlertStatus = "resolved"
)

// AlertStatuses lists the statuses in order.
var AlertStatuses = []AlertStatus{AlertOpen, AlertAcknowledged, AlertContacted, AlertResolved}

// nextStatuses are the steps allowed from each status: one step forward,
// and resolving straight from acknowledged, for a leader who finds that no
// call is needed.
var nextStatuses = map[AlertStatus][]AlertStatus{
	AlertOpen:         {AlertAcknowledged},
	AlertAcknowledged: {AlertContacted, AlertResolved},
	AlertContacted:    {AlertResolved},
	AlertResolved:     {},
}

// AlertOutcome is how a resolved alert ended.
type AlertOutcome string

// Outcomes of a resolved alert.
const (
	OutcomeResolved     AlertOutcome = "resolved"
	OutcomeNotReachable AlertOutcome = "not_reachable"
	OutcomeNoAction     AlertOutcome = "no_action_needed"
)

// AlertOutcomes lists the outcomes.
var AlertOutcomes = []AlertOutcome{OutcomeResolved, OutcomeNotReachable, OutcomeNoAction}

// MaxAlertNote is the longest note a step may carry, in characters.
const MaxAlertNote = 2000

// Alert is a response that a leader should follow up: opened when the
// answers match the org's alert rules, one per response.
type Alert struct {
	ID         int64
	OrgID      int64
	ResponseID int64
	RepID      int64
	TeamID     int64    // the rep's team when the buyer answered; zero for none
	Reasons    []string // which rules the answers match, e.g. "understood at 1"
	LeaderIDs  []int64  // the users it was opened for; empty when nobody leads the team or a team above it
	Status     AlertStatus
	Steps      []AlertStep // every step after opening, in order
	Outcome    AlertOutcome
	OpenedAt   time.Time
	UpdatedAt  time.Time // the answers or the status last changed
}

// AlertStep is one move of an alert's follow-up: to which status, by whom,
// when, and a note.
type AlertStep struct {
	To   AlertStatus
	By   string // the person's email or the API key's name
	At   time.Time
	Note string
}

// Note is the resolution's note, or "" until resolved.
func (a *Alert) Note() string {
	if a.Status != AlertResolved || len(a.Steps) == 0 {
		return ""
	}
	return a.Steps[len(a.Steps)-1].Note
}

// StepAt returns when the alert reached status, or zero.
func (a *Alert) StepAt(status AlertStatus) time.Time {
	for _, s := range a.Steps {
		if s.To == status {
			return s.At
		}
	}
	return time.Time{}
}

// NextStatuses are the statuses the alert may move to now.
func (a *Alert) NextStatuses() []AlertStatus { return nextStatuses[a.Status] }

// AlertTransition is a requested step.
type AlertTransition struct {
	To      AlertStatus
	Note    string
	Outcome AlertOutcome // required when To is resolved, refused otherwise
}

// validate checks t against the alert's status now. EINVALID, ECONFLICT
// (not allowed from the current status).
func (t *AlertTransition) validate(a *Alert) error {
	if !slices.Contains(AlertStatuses, t.To) {
		return Errorf(EINVALID, "to", "must be one of %s", joinStatuses(AlertStatuses))
	}
	if err := checkText("note", &t.Note, MaxAlertNote, false, true); err != nil {
		return err
	}
	switch {
	case t.To == AlertResolved && !slices.Contains(AlertOutcomes, t.Outcome):
		return Errorf(EINVALID, "outcome", "resolving needs an outcome: resolved, not_reachable or no_action_needed")
	case t.To == AlertResolved && t.Note == "":
		return Errorf(EINVALID, "note", "resolving needs a note saying what was done")
	case t.To != AlertResolved && t.Outcome != "":
		return Errorf(EINVALID, "outcome", "only resolving takes an outcome")
	}
	if next := a.NextStatuses(); !slices.Contains(next, t.To) {
		if len(next) == 0 {
			return Errorf(ECONFLICT, "to", "alert %d is %s: it cannot move to %s", a.ID, a.Status, t.To)
		}
		return Errorf(ECONFLICT, "to", "alert %d is %s: it can move to %s, not to %s", a.ID, a.Status, joinStatuses(next), t.To)
	}
	return nil
}

func joinStatuses(ss []AlertStatus) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, ", ")
}

// AlertFilter selects alerts.
type AlertFilter struct {
	OrgID        int64
	IDs          []int64 // nil: any; empty: none
	ResponseIDs  []int64 // nil: any; empty: none
	RepIDs       []int64 // nil: any; empty: none
	TeamIDs      []int64 // nil: any; empty: none
	Team         int64   // a team with its sub-teams; zero: any
	Status       *AlertStatus
	OpenedFrom   time.Time // zero: any age
	OpenedBefore time.Time // zero: any age
	Page         Page
}

// AlertStore keeps alerts.
type AlertStore interface {
	// CreateAlert stores a new alert and sets its ID. ECONFLICT when the
	// response has one.
	CreateAlert(ctx context.Context, a *Alert) error
	// FindAlertByResponse returns a response's alert. ENOTFOUND.
	FindAlertByResponse(ctx context.Context, orgID, responseID int64) (*Alert, error)
	// FindAlerts returns the matching alerts, newest first, and the total.
	FindAlerts(ctx context.Context, f AlertFilter) ([]*Alert, int, error)
	// UpdateAlertReasons replaces an alert's reasons and sets updated_at.
	UpdateAlertReasons(ctx context.Context, a *Alert) error
	// MoveAlert writes a's status, steps, outcome and updated_at when its
	// stored status is still from, and reports whether it did.
	MoveAlert(ctx context.Context, a *Alert, from AlertStatus) (bool, error)
}

// AlertRules decide which answers open an alert.
type AlertRules struct {
	TrustAtMost     int      // a trust item answered at this or lower; 0 is off
	RecommendAtMost int      // recommend answered at this or lower; -1 is off
	Keywords        []string // a comment containing any of them, ignoring case
	// TargetWorkingDays is how many working days (Monday to Friday in the
	// org's time zone) an alert should take to resolve.
	TargetWorkingDays int
}

// DefaultAlertRules are a new org's: any trust item at 1 or 2, recommend
// at 6 or below, no keywords.
func DefaultAlertRules() AlertRules {
	return AlertRules{TrustAtMost: 2, RecommendAtMost: 6, Keywords: []string{}, TargetWorkingDays: DefaultTargetWorkingDays}
}

// Validate checks the rules and tidies the keywords.
func (r *AlertRules) Validate() error {
	if r.TrustAtMost < 0 || r.TrustAtMost > 4 {
		return Errorf(EINVALID, "alerts.trust_at_most", "must be between 0 (off) and 4")
	}
	if r.RecommendAtMost < -1 || r.RecommendAtMost > 9 {
		return Errorf(EINVALID, "alerts.recommend_at_most", "must be between -1 (off) and 9")
	}
	if r.TargetWorkingDays < 1 || r.TargetWorkingDays > 30 {
		return Errorf(EINVALID, "alerts.target_working_days", "must be between 1 and 30")
	}
	if len(r.Keywords) > 100 {
		return Errorf(EINVALID, "alerts.keywords", "must be at most 100 keywords")
	}
	kept := []string{}
	for i := range r.Keywords {
		field := fmt.Sprintf("alerts.keywords[%d]", i)
		if err := checkText(field, &r.Keywords[i], 100, true, false); err != nil {
			return err
		}
		if !slices.Contains(kept, r.Keywords[i]) {
			kept = append(kept, r.Keywords[i])
		}
	}
	r.Keywords = kept
	return nil
}

// Match returns why answers to tv match the rules, in question order, or
// nothing when they do not.
func (r *AlertRules) Match(tv *TemplateVersion, ratings map[string]int, comment string) []string {
	var reasons []string
	for _, q := range tv.Questions {
		v, ok := ratings[q.Key]
		switch {
		case !ok, v == 0 && q.NotApplicable:
		case q.Trust && v <= r.TrustAtMost:
			reasons = append(reasons, fmt.Sprintf("%s at %d", q.Key, v))
		case q.Key == QRecommend && v <= r.RecommendAtMost:
			reasons = append(reasons, fmt.Sprintf("%s at %d", q.Key, v))
		}
	}
	lower := strings.ToLower(comment)
	for _, k := range r.Keywords {
		if strings.Contains(lower, strings.ToLower(k)) {
			reasons = append(reasons, fmt.Sprintf("comment mentions %q", k))
		}
	}
	return reasons
}
