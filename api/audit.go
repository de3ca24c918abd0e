package api

import (
	"context"
	"time"
)

type auditResponse struct {
	ID        int64     `json:"id"`
	Actor     string    `json:"actor"`
	Action    string    `json:"action"`
	Target    string    `json:"target"`
	Detail    string    `json:"detail"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) listAudit(ctx context.Context, in *PageParams) (*listOutput[auditResponse], error) {
	p := in.page()
	entries, total, err := s.Directory.FindAuditEntries(ctx, p)
	if err != nil {
		return nil, err
	}
	items := make([]auditResponse, len(entries))
	for i, e := range entries {
		items[i] = auditResponse{ID: e.ID, Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail, CreatedAt: e.CreatedAt}
	}
	return newList(items, total, p), nil
}
