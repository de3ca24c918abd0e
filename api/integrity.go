package api

import (
	"context"
	"net/http"
	"time"

	"trustcard/surveys"
)

// reinstatedBody is a response put back into the scores.
type reinstatedBody struct {
	ID         int64    `json:"id"`
	Flags      []string `json:"flags" doc:"Its flags, which stay on the record"`
	ExcludedBy []string `json:"excluded_by" doc:"Empty: it counts again"`
	Reinstated bool     `json:"reinstated"`
}

type reinstateOutput struct{ Body reinstatedBody }

func (s *Server) reinstateResponse(ctx context.Context, in *IDParam) (*reinstateOutput, error) {
	r, err := s.Integrity.ReinstateResponse(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &reinstateOutput{Body: reinstatedBody{ID: r.ID, Flags: nonNil(r.Flags), ExcludedBy: nonNil(r.ExcludedBy),
		Reinstated: r.Reinstated}}, nil
}

type exclusionRequest struct {
	Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"Why this buyer must not be surveyed (for example a legal dispute); kept on the record"`
}

type exclusionCapBody struct {
	Quarter      string `json:"quarter" doc:"The calendar quarter of the interaction, in the org's time zone"`
	Interactions int64  `json:"interactions" doc:"The rep's interactions in that quarter"`
	Excluded     int64  `json:"excluded" doc:"Of them, excluded from surveying, this one included"`
	Percent      int    `json:"cap_percent" doc:"The org's integrity.exclusion_cap_percent"`
	Allowed      int64  `json:"allowed" doc:"interactions × cap_percent / 100, rounded down"`
}

type exclusionBody struct {
	ID            int64            `json:"id"`
	InteractionID int64            `json:"interaction_id"`
	RepID         int64            `json:"rep_id"`
	Reason        string           `json:"reason"`
	By            string           `json:"by" doc:"Who excluded it, as the audit log names them"`
	CreatedAt     time.Time        `json:"created_at"`
	Cap           exclusionCapBody `json:"cap"`
}

type exclusionOutput struct {
	Status int
	Body   exclusionBody
}

func (s *Server) excludeInteraction(ctx context.Context, in *struct {
	IDParam
	Body exclusionRequest
}) (*exclusionOutput, error) {
	e, c, err := s.Integrity.ExcludeInteraction(ctx, in.ID, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return &exclusionOutput{Status: http.StatusCreated, Body: newExclusionBody(e, c)}, nil
}

func newExclusionBody(e *surveys.InteractionExclusion, c *surveys.ExclusionCap) exclusionBody {
	return exclusionBody{ID: e.ID, InteractionID: e.InteractionID, RepID: e.RepID, Reason: e.Reason, By: e.Actor,
		CreatedAt: e.CreatedAt, Cap: exclusionCapBody{Quarter: c.Quarter, Interactions: c.Interactions, Excluded: c.Excluded,
			Percent: c.Percent, Allowed: c.Allowed}}
}
