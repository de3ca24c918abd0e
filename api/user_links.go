package api

import (
	"context"
	"net/http"
	"time"
)

type signInLinkOutput struct {
	Status int
	Body   struct {
		User      int64     `json:"user"`
		Email     string    `json:"email" doc:"Where the link is sent"`
		ExpiresAt time.Time `json:"expires_at" doc:"When the link stops working: an hour after this request"`
	}
}

// sendSignInLink queues an email with a new one-time sign-in link to a
// user of the key's org; the workers send it.
func (s *Server) sendSignInLink(ctx context.Context, in *IDParam) (*signInLinkOutput, error) {
	u, expires, err := s.Directory.SendSignInLink(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &signInLinkOutput{Status: http.StatusAccepted}
	out.Body.User, out.Body.Email, out.Body.ExpiresAt = u.ID, u.Email, expires
	return out, nil
}
