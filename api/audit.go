package api

import (
	"context"
	"encoding/json"
	"time"

	"trustcard/surveys"
)

type auditResponse struct {
	ID        int64           `json:"id"`
	Actor     string          `json:"actor"`
	Action    string          `json:"action"`
	Target    string          `json:"target"`
	Detail    string          `json:"detail"`
	Before    json.RawMessage `json:"before" doc:"The thing changed as it was before (null when it did not exist)"`
	After     json.RawMessage `json:"after" doc:"The thing changed as it is after (null when not recorded)"`
	CreatedAt time.Time       `json:"created_at"`
}

type listAuditInput struct {
	PageParams
	Actor string `query:"actor" maxLength:"254" doc:"Part of the actor's email or API key name (key:NAME), any case"`
	Kind  string `query:"kind" enum:"apikey,buyer,interaction,rep,settings,sso,survey,team,user," doc:"Only changes of this kind"`
	From  string `query:"from" doc:"First day, YYYY-MM-DD in the org's time zone"`
	To    string `query:"to" doc:"Last day, YYYY-MM-DD in the org's time zone"`
}

func (s *Server) listAudit(ctx context.Context, in *listAuditInput) (*listOutput[auditResponse], error) {
	f := surveys.AuditFilter{Actor: in.Actor, Kind: in.Kind, From: in.From, To: in.To, Page: in.page()}
	entries, total, err := s.Directory.FindAuditEntries(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]auditResponse, len(entries))
	for i, e := range entries {
		items[i] = auditResponse{ID: e.ID, Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail,
			Before: rawState(e.Before), After: rawState(e.After), CreatedAt: e.CreatedAt}
	}
	return newList(items, total, f.Page), nil
}

// rawState is an audit state as JSON: null when there is none.
func rawState(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}
