package api

import (
	"context"
	"net/http"
	"time"
)

type outcomeRequest struct {
	Outcome string `json:"outcome" enum:"open,won,lost,no_decision,disqualified" doc:"What became of the interaction"`
}

type outcomeResponse struct {
	ID         int64     `json:"id" doc:"The interaction's id"`
	ExternalID string    `json:"external_id"`
	Outcome    string    `json:"outcome"`
	Previous   string    `json:"previous,omitempty" doc:"The outcome before; absent when there was none"`
	Changed    bool      `json:"changed" doc:"False when the interaction already had this outcome"`
	OutcomeAt  time.Time `json:"outcome_at" doc:"When the interaction got its current outcome"`
}

type outcomeOutput struct {
	Status int
	Body   outcomeResponse
}

// setInteractionOutcome records what became of an interaction, without
// posting it again: its survey's answers move to the figures of the new
// outcome, and a won interaction's promise follow-up is scheduled (or
// cancelled when it is no longer won).
func (s *Server) setInteractionOutcome(ctx context.Context, in *struct {
	IDParam
	Body outcomeRequest
}) (*outcomeOutput, error) {
	ch, err := s.Delivery.SetOutcome(ctx, in.ID, in.Body.Outcome)
	if err != nil {
		return nil, err
	}
	i := ch.Interaction
	return &outcomeOutput{Status: http.StatusOK, Body: outcomeResponse{ID: i.ID, ExternalID: i.ExternalID, Outcome: i.Outcome,
		Previous: ch.From, Changed: ch.Changed, OutcomeAt: i.OutcomeAt}}, nil
}
