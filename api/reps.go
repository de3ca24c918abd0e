package api

import (
	"context"
	"net/http"
	"time"

	"trustcard/surveys"
)

type repRequest struct {
	ExternalID string `json:"external_id" minLength:"1" maxLength:"200" doc:"The rep's id in your CRM; creates or updates by it"`
	Name       string `json:"name" minLength:"1" maxLength:"200"`
	Email      string `json:"email" format:"email" maxLength:"254"`
	Team       string `json:"team,omitempty" maxLength:"100" doc:"The name of an existing team"`
	Active     *bool  `json:"active,omitempty" doc:"Default true; inactive reps' interactions are recorded but not surveyed"`
}

type repResponse struct {
	ID         int64     `json:"id"`
	ExternalID string    `json:"external_id"`
	Name       string    `json:"name"`
	Email      string    `json:"email"`
	TeamID     *int64    `json:"team_id"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func newRepResponse(r *surveys.Rep) repResponse {
	return repResponse{ID: r.ID, ExternalID: r.ExternalID, Name: r.Name, Email: r.Email, TeamID: optionalID(r.TeamID),
		Active: r.Active, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type repOutput struct {
	Status int
	Body   repResponse
}

// IDParam is the {id} of a path.
type IDParam struct {
	ID int64 `path:"id" minimum:"1"`
}

func (s *Server) upsertRep(ctx context.Context, in *struct{ Body repRequest }) (*repOutput, error) {
	b := in.Body
	active := b.Active == nil || *b.Active
	rep, created, err := s.Directory.UpsertRep(ctx, surveys.RepInput{ExternalID: b.ExternalID, Name: b.Name,
		Email: b.Email, Team: b.Team, Active: active})
	if err != nil {
		return nil, err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return &repOutput{Status: status, Body: newRepResponse(rep)}, nil
}

type listRepsInput struct {
	PageParams
	Sort   string `query:"sort" enum:"name,-name,created_at,-created_at,external_id,-external_id" default:"name"`
	TeamID int64  `query:"team_id" minimum:"0" doc:"Only reps of this team (not its sub-teams)"`
	Active string `query:"active" enum:"true,false," doc:"Only active or inactive reps"`
	Q      string `query:"q" maxLength:"200" doc:"Part of the name, email or external id, any case"`
}

type listOutput[T any] struct {
	Body struct {
		Items  []T `json:"items"`
		Total  int `json:"total"`
		Offset int `json:"offset"`
		Limit  int `json:"limit"`
	}
}

func newList[T any](items []T, total int, p surveys.Page) *listOutput[T] {
	out := &listOutput[T]{}
	if items == nil {
		items = []T{}
	}
	out.Body.Items, out.Body.Total, out.Body.Offset, out.Body.Limit = items, total, p.Offset, p.Limit
	return out
}

func (s *Server) listReps(ctx context.Context, in *listRepsInput) (*listOutput[repResponse], error) {
	f := surveys.RepFilter{Sort: in.Sort, Search: in.Q, Active: optionalBool(in.Active), Page: in.page()}
	if in.TeamID != 0 {
		f.TeamIDs = []int64{in.TeamID}
	}
	reps, total, err := s.Directory.FindReps(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]repResponse, len(reps))
	for i, r := range reps {
		items[i] = newRepResponse(r)
	}
	return newList(items, total, f.Page), nil
}

func (s *Server) getRep(ctx context.Context, in *IDParam) (*repOutput, error) {
	rep, err := s.Directory.FindRepByID(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &repOutput{Status: http.StatusOK, Body: newRepResponse(rep)}, nil
}

func (s *Server) deactivateRep(ctx context.Context, in *IDParam) (*repOutput, error) {
	rep, err := s.Directory.SetRepActive(ctx, in.ID, false)
	if err != nil {
		return nil, err
	}
	return &repOutput{Status: http.StatusOK, Body: newRepResponse(rep)}, nil
}

// PageParams is the offset/limit pair of every list.
type PageParams struct {
	Offset int `query:"offset" minimum:"0" default:"0"`
	Limit  int `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

func (p PageParams) page() surveys.Page {
	return surveys.Page{Offset: p.Offset, Limit: p.Limit}.Normalize()
}

// optionalID writes zero ids as null.
func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// optionalBool reads "true" or "false"; nil for "".
func optionalBool(s string) *bool {
	if s == "" {
		return nil
	}
	b := s == "true"
	return &b
}
