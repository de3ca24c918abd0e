package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"trustcard/surveys"
)

type alertRow struct {
	ID         int64
	OrgID      int64
	ResponseID int64
	RepID      int64
	TeamID     sql.NullInt64
	Reasons    string
	LeaderIDs  string
	Status     string
	Steps      string
	Outcome    string
	OpenedAt   time.Time
	UpdatedAt  time.Time
}

func (alertRow) TableName() string { return "alerts" }

// alertStepDoc is how a step is stored: JSON with explicit names.
type alertStepDoc struct {
	To   string    `json:"to"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

func newAlertRow(a *surveys.Alert) (*alertRow, error) {
	steps := make([]alertStepDoc, len(a.Steps))
	for i, s := range a.Steps {
		steps[i] = alertStepDoc{To: string(s.To), By: s.By, At: s.At.UTC(), Note: s.Note}
	}
	reasons, err1 := json.Marshal(nonNil(a.Reasons))
	leaders, err2 := json.Marshal(nonNil(a.LeaderIDs))
	stepsDoc, err3 := json.Marshal(steps)
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			return nil, fmt.Errorf("store: encode alert: %w", err)
		}
	}
	return &alertRow{ID: a.ID, OrgID: a.OrgID, ResponseID: a.ResponseID, RepID: a.RepID, TeamID: nullID(a.TeamID),
		Reasons: string(reasons), LeaderIDs: string(leaders), Status: string(a.Status), Steps: string(stepsDoc),
		Outcome: string(a.Outcome), OpenedAt: a.OpenedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}, nil
}

func (r *alertRow) toAlert() (*surveys.Alert, error) {
	a := &surveys.Alert{ID: r.ID, OrgID: r.OrgID, ResponseID: r.ResponseID, RepID: r.RepID, TeamID: r.TeamID.Int64,
		Status: surveys.AlertStatus(r.Status), Outcome: surveys.AlertOutcome(r.Outcome),
		OpenedAt: r.OpenedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Steps: []surveys.AlertStep{}}
	var steps []alertStepDoc
	err1 := json.Unmarshal([]byte(r.Reasons), &a.Reasons)
	err2 := json.Unmarshal([]byte(r.LeaderIDs), &a.LeaderIDs)
	err3 := json.Unmarshal([]byte(r.Steps), &steps)
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			return nil, fmt.Errorf("store: decode alert %d: %w", r.ID, err)
		}
	}
	for _, s := range steps {
		a.Steps = append(a.Steps, surveys.AlertStep{To: surveys.AlertStatus(s.To), By: s.By, At: s.At.UTC(), Note: s.Note})
	}
	return a, nil
}

// nonNil is s, or an empty slice for nil: stored as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CreateAlert stores a new alert.
func (db *DB) CreateAlert(ctx context.Context, a *surveys.Alert) error {
	row, err := newAlertRow(a)
	if err != nil {
		return err
	}
	if err := db.q(ctx).Create(row).Error; err != nil {
		return conflictOn(translate("create alert", err), "response_id", "response %d has an alert", a.ResponseID)
	}
	a.ID = row.ID
	return nil
}

// FindAlertByResponse returns a response's alert.
func (db *DB) FindAlertByResponse(ctx context.Context, orgID, responseID int64) (*surveys.Alert, error) {
	var row alertRow
	if err := db.q(ctx).Where("org_id = ? AND response_id = ?", orgID, responseID).Take(&row).Error; err != nil {
		return nil, translate("find alert", err)
	}
	return row.toAlert()
}

// FindAlerts returns matching alerts, newest first, and the total.
func (db *DB) FindAlerts(ctx context.Context, f surveys.AlertFilter) ([]*surveys.Alert, int, error) {
	g := db.q(ctx).Model(&alertRow{}).Where("org_id = ?", f.OrgID)
	for col, ids := range map[string][]int64{"id": f.IDs, "response_id": f.ResponseIDs, "rep_id": f.RepIDs, "team_id": f.TeamIDs} {
		if ids != nil {
			g = g.Where(col+" IN ?", emptyGuard(ids))
		}
	}
	if f.Status != nil {
		g = g.Where("status = ?", string(*f.Status))
	}
	if !f.OpenedFrom.IsZero() {
		g = g.Where("opened_at >= ?", f.OpenedFrom.UTC())
	}
	if !f.OpenedBefore.IsZero() {
		g = g.Where("opened_at < ?", f.OpenedBefore.UTC())
	}
	rows, total, err := findPage[alertRow](g, f.Page, "opened_at DESC, id DESC", "alerts")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.Alert, len(rows))
	for i := range rows {
		if out[i], err = rows[i].toAlert(); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// UpdateAlertReasons replaces an alert's reasons.
func (db *DB) UpdateAlertReasons(ctx context.Context, a *surveys.Alert) error {
	row, err := newAlertRow(a)
	if err != nil {
		return err
	}
	err = db.q(ctx).Model(&alertRow{}).Where("id = ? AND org_id = ?", a.ID, a.OrgID).
		Updates(map[string]any{"reasons": row.Reasons, "updated_at": row.UpdatedAt}).Error
	return translate("update alert", err)
}

// MoveAlert writes a's follow-up when its stored status is still from.
func (db *DB) MoveAlert(ctx context.Context, a *surveys.Alert, from surveys.AlertStatus) (bool, error) {
	row, err := newAlertRow(a)
	if err != nil {
		return false, err
	}
	res := db.q(ctx).Model(&alertRow{}).Where("id = ? AND org_id = ? AND status = ?", a.ID, a.OrgID, string(from)).
		Updates(map[string]any{"status": row.Status, "steps": row.Steps, "outcome": row.Outcome, "updated_at": row.UpdatedAt})
	if res.Error != nil {
		return false, translate("move alert", res.Error)
	}
	return res.RowsAffected == 1, nil
}
