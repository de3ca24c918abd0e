package api

import (
	"context"
	"net/http"
	"time"

	"trustcard/surveys"
)

type apiKeyRequest struct {
	Name   string   `json:"name" minLength:"1" maxLength:"100"`
	Scopes []string `json:"scopes,omitempty" maxItems:"3" doc:"Any of manage, interactions:write, read; default all" enum:"manage,interactions:write,read"`
}

type apiKeyResponse struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix" doc:"The key's first characters, to recognise it"`
	Scopes    []string   `json:"scopes"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

func newAPIKeyResponse(k *surveys.APIKey) apiKeyResponse {
	r := apiKeyResponse{ID: k.ID, Name: k.Name, Prefix: k.Prefix, CreatedAt: k.CreatedAt, Scopes: []string{}}
	for _, sc := range k.Scopes {
		r.Scopes = append(r.Scopes, string(sc))
	}
	if !k.RevokedAt.IsZero() {
		r.RevokedAt = &k.RevokedAt
	}
	return r
}

type createAPIKeyOutput struct {
	Status int
	Body   struct {
		apiKeyResponse
		Key string `json:"key" doc:"The key itself; shown only now"`
	}
}

func (s *Server) createAPIKey(ctx context.Context, in *struct{ Body apiKeyRequest }) (*createAPIKeyOutput, error) {
	k := &surveys.APIKey{Name: in.Body.Name}
	for _, sc := range in.Body.Scopes {
		k.Scopes = append(k.Scopes, surveys.Scope(sc))
	}
	token, err := s.Directory.CreateAPIKey(ctx, k)
	if err != nil {
		return nil, err
	}
	out := &createAPIKeyOutput{Status: http.StatusCreated}
	out.Body.apiKeyResponse, out.Body.Key = newAPIKeyResponse(k), token
	return out, nil
}

func (s *Server) listAPIKeys(ctx context.Context, _ *struct{}) (*listOutput[apiKeyResponse], error) {
	keys, err := s.Directory.FindAPIKeys(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]apiKeyResponse, len(keys))
	for i, k := range keys {
		items[i] = newAPIKeyResponse(k)
	}
	return newList(items, len(items), surveys.Page{Limit: len(items)}), nil
}

func (s *Server) revokeAPIKey(ctx context.Context, in *IDParam) (*struct{ Status int }, error) {
	if err := s.Directory.RevokeAPIKey(ctx, in.ID); err != nil {
		return nil, err
	}
	return &struct{ Status int }{http.StatusNoContent}, nil
}
