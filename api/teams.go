package api

import (
	"context"
	"net/http"
	"time"

	"trustcard/surveys"
)

type teamRequest struct {
	Name    string  `json:"name" minLength:"1" maxLength:"100"`
	Parent  int64   `json:"parent,omitempty" minimum:"0" doc:"The id of the team it belongs to"`
	Leaders []int64 `json:"leaders,omitempty" maxItems:"100" uniqueItems:"true" doc:"User ids of its leaders"`
}

type teamPatch struct {
	Name    *string  `json:"name,omitempty" minLength:"1" maxLength:"100"`
	Parent  *int64   `json:"parent,omitempty" minimum:"0" doc:"0 makes it a top-level team"`
	Leaders *[]int64 `json:"leaders,omitempty" maxItems:"100" uniqueItems:"true"`
}

type teamResponse struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Parent    *int64    `json:"parent"`
	Leaders   []int64   `json:"leaders"`
	CreatedAt time.Time `json:"created_at"`
}

func newTeamResponse(t *surveys.Team) teamResponse {
	if t.LeaderIDs == nil {
		t.LeaderIDs = []int64{}
	}
	return teamResponse{ID: t.ID, Name: t.Name, Parent: optionalID(t.ParentID), Leaders: t.LeaderIDs, CreatedAt: t.CreatedAt}
}

type teamOutput struct {
	Status int
	Body   teamResponse
}

func (s *Server) createTeam(ctx context.Context, in *struct{ Body teamRequest }) (*teamOutput, error) {
	t := &surveys.Team{Name: in.Body.Name, ParentID: in.Body.Parent, LeaderIDs: in.Body.Leaders}
	if err := s.Directory.CreateTeam(ctx, t); err != nil {
		return nil, err
	}
	return &teamOutput{Status: http.StatusCreated, Body: newTeamResponse(t)}, nil
}

func (s *Server) listTeams(ctx context.Context, in *PageParams) (*listOutput[teamResponse], error) {
	f := surveys.TeamFilter{Page: in.page()}
	teams, total, err := s.Directory.FindTeams(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]teamResponse, len(teams))
	for i, t := range teams {
		items[i] = newTeamResponse(t)
	}
	return newList(items, total, f.Page), nil
}

func (s *Server) getTeam(ctx context.Context, in *IDParam) (*teamOutput, error) {
	t, err := s.Directory.FindTeamByID(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &teamOutput{Status: http.StatusOK, Body: newTeamResponse(t)}, nil
}

func (s *Server) updateTeam(ctx context.Context, in *struct {
	IDParam
	Body teamPatch
}) (*teamOutput, error) {
	t, err := s.Directory.UpdateTeam(ctx, in.ID, surveys.TeamUpdate{Name: in.Body.Name, ParentID: in.Body.Parent, LeaderIDs: in.Body.Leaders})
	if err != nil {
		return nil, err
	}
	return &teamOutput{Status: http.StatusOK, Body: newTeamResponse(t)}, nil
}
