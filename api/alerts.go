package api

import (
	"context"
	"errors"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"trustcard/surveys"
)

type alertStepBody struct {
	To   string    `json:"to"`
	By   string    `json:"by" doc:"Who took the step: a person's email or key:NAME"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

type alertResponse struct {
	ID        int64           `json:"id"`
	Response  int64           `json:"response"`
	Rep       int64           `json:"rep"`
	Team      *int64          `json:"team" doc:"The rep's team when the buyer answered; null for none"`
	Reasons   []string        `json:"reasons" doc:"Which alert rules the answers match; empty when a changed answer no longer does"`
	Leaders   []int64         `json:"leaders" doc:"User ids of the leaders it was opened for"`
	Status    string          `json:"status" enum:"open,acknowledged,contacted,resolved"`
	Outcome   string          `json:"outcome,omitempty" enum:"resolved,not_reachable,no_action_needed"`
	Note      string          `json:"note" doc:"The resolution's note; empty until resolved"`
	Next      []string        `json:"next" doc:"The statuses it may move to now"`
	Steps     []alertStepBody `json:"steps"`
	OpenedAt  time.Time       `json:"opened_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

func newAlertResponse(a *surveys.Alert) alertResponse {
	out := alertResponse{ID: a.ID, Response: a.ResponseID, Rep: a.RepID, Team: optionalID(a.TeamID),
		Reasons: nonNil(a.Reasons), Leaders: nonNil(a.LeaderIDs), Status: string(a.Status), Outcome: string(a.Outcome),
		Note: a.Note(), Next: []string{}, Steps: []alertStepBody{}, OpenedAt: a.OpenedAt, UpdatedAt: a.UpdatedAt}
	for _, s := range a.NextStatuses() {
		out.Next = append(out.Next, string(s))
	}
	for _, s := range a.Steps {
		out.Steps = append(out.Steps, alertStepBody{To: string(s.To), By: s.By, At: s.At, Note: s.Note})
	}
	return out
}

// nonNil is s, or an empty slice for nil: written as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type alertListParams struct {
	PageParams
	Status string `query:"status" enum:"open,acknowledged,contacted,resolved" doc:"Only alerts in this status"`
	Team   int64  `query:"team" minimum:"0" doc:"Only alerts of this team and its sub-teams"`
}

func (s *Server) listAlerts(ctx context.Context, in *alertListParams) (*listOutput[alertResponse], error) {
	f := surveys.AlertFilter{Team: in.Team, Page: in.page()}
	if in.Status != "" {
		st := surveys.AlertStatus(in.Status)
		f.Status = &st
	}
	alerts, total, err := s.Alerts.FindAlerts(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]alertResponse, len(alerts))
	for i, a := range alerts {
		items[i] = newAlertResponse(a)
	}
	return newList(items, total, f.Page), nil
}

type alertOutput struct{ Body alertResponse }

func (s *Server) getAlert(ctx context.Context, in *IDParam) (*alertOutput, error) {
	a, err := s.Alerts.FindAlertByID(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &alertOutput{Body: newAlertResponse(a)}, nil
}

type transitionRequest struct {
	To      string `json:"to" enum:"open,acknowledged,contacted,resolved" doc:"The status to move to"`
	Note    string `json:"note,omitempty" maxLength:"2000" doc:"Required when resolving"`
	Outcome string `json:"outcome,omitempty" enum:"resolved,not_reachable,no_action_needed" doc:"Required when resolving"`
}

func (r transitionRequest) toDomain() surveys.AlertTransition {
	return surveys.AlertTransition{To: surveys.AlertStatus(r.To), Note: r.Note, Outcome: surveys.AlertOutcome(r.Outcome)}
}

func (s *Server) transitionAlert(ctx context.Context, in *struct {
	IDParam
	Body transitionRequest
}) (*alertOutput, error) {
	a, err := s.Alerts.Transition(ctx, in.ID, in.Body.toDomain())
	if err != nil {
		return nil, inBody(s.problem(ctx, err))
	}
	return &alertOutput{Body: newAlertResponse(a)}, nil
}

// inBody says that the fields of p came in the request body: "to" is a
// body field here, where elsewhere it is a window's query parameter.
func inBody(p huma.StatusError) huma.StatusError {
	var m *huma.ErrorModel
	if errors.As(p, &m) {
		for _, d := range m.Errors {
			if d.Location == "query.to" {
				d.Location = "body.to"
			}
		}
	}
	return p
}
