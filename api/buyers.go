package api

import (
	"context"
	"net/http"

	"trustcard/surveys"
)

type suppressionRequest struct {
	Email  string `json:"email" format:"email" maxLength:"254"`
	Reason string `json:"reason" enum:"unsubscribed,bounced,complained" doc:"From your mail provider's bounce or complaint feed"`
}

// createSuppression stops all mail to an address.
func (s *Server) createSuppression(ctx context.Context, in *struct{ Body suppressionRequest }) (*struct{ Status int }, error) {
	if err := s.Buyers.Suppress(ctx, in.Body.Email, surveys.BuyerStatus(in.Body.Reason)); err != nil {
		return nil, err
	}
	return &struct{ Status int }{http.StatusNoContent}, nil
}

type buyerPath struct {
	Email string `path:"email" format:"email" maxLength:"254"`
}

// eraseBuyer removes a buyer's personal data; their answers stay, anonymous.
func (s *Server) eraseBuyer(ctx context.Context, in *buyerPath) (*struct{ Status int }, error) {
	if err := s.Buyers.EraseBuyer(ctx, in.Email); err != nil {
		return nil, err
	}
	return &struct{ Status int }{http.StatusNoContent}, nil
}
