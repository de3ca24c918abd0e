package api

import (
	"context"
	"net/http"
	"time"

	"trustcard/surveys"
)

// /api/v1/webhooks: the org's outbound webhook endpoints, their secrets,
// test events and delivery log, and the org's rule on private addresses.
// Every route needs the manage scope.

type webhookRequest struct {
	URL     string   `json:"url" minLength:"1" maxLength:"2000" doc:"https (http only while private ranges are allowed)"`
	Events  []string `json:"events" minItems:"1" maxItems:"5" uniqueItems:"true" enum:"response.created,response.updated,alert.opened,alert.transitioned,invitation.suppressed"`
	Enabled *bool    `json:"enabled,omitempty" doc:"Default true"`
}

type webhookPatch struct {
	URL     *string   `json:"url,omitempty" minLength:"1" maxLength:"2000"`
	Events  *[]string `json:"events,omitempty" minItems:"1" maxItems:"5" uniqueItems:"true" enum:"response.created,response.updated,alert.opened,alert.transitioned,invitation.suppressed"`
	Enabled *bool     `json:"enabled,omitempty" doc:"Enabling again starts afresh: what was pending when it was disabled was cancelled"`
}

type webhookResponse struct {
	ID             int64      `json:"id"`
	URL            string     `json:"url"`
	Events         []string   `json:"events"`
	Enabled        bool       `json:"enabled"`
	DisabledReason string     `json:"disabled_reason" doc:"\"failing\" after a day of failures, \"\" otherwise"`
	FailingSince   *time.Time `json:"failing_since" doc:"The first failure since the last success; null when healthy"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func newWebhookResponse(e *surveys.WebhookEndpoint) webhookResponse {
	r := webhookResponse{ID: e.ID, URL: e.URL, Events: e.Events, Enabled: e.Enabled, DisabledReason: e.DisabledReason,
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
	if r.Events == nil {
		r.Events = []string{}
	}
	if !e.FailingSince.IsZero() {
		r.FailingSince = &e.FailingSince
	}
	return r
}

type webhookOutput struct {
	Status int
	Body   webhookResponse
}

type createWebhookOutput struct {
	Status int
	Body   struct {
		webhookResponse
		Secret string `json:"secret" doc:"The signing secret; shown only now"`
	}
}

func (s *Server) createWebhook(ctx context.Context, in *struct{ Body webhookRequest }) (*createWebhookOutput, error) {
	e, secret, err := s.Webhooks.CreateWebhookEndpoint(ctx, surveys.WebhookEndpointInput{URL: &in.Body.URL,
		Events: in.Body.Events, Enabled: in.Body.Enabled})
	if err != nil {
		return nil, err
	}
	out := &createWebhookOutput{Status: http.StatusCreated}
	out.Body.webhookResponse, out.Body.Secret = newWebhookResponse(e), secret
	return out, nil
}

func (s *Server) listWebhooks(ctx context.Context, _ *struct{}) (*listOutput[webhookResponse], error) {
	es, err := s.Webhooks.FindWebhookEndpoints(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]webhookResponse, len(es))
	for i, e := range es {
		items[i] = newWebhookResponse(e)
	}
	return newList(items, len(items), surveys.Page{Limit: len(items)}), nil
}

func (s *Server) getWebhook(ctx context.Context, in *IDParam) (*webhookOutput, error) {
	e, err := s.Webhooks.FindWebhookEndpoint(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &webhookOutput{Status: http.StatusOK, Body: newWebhookResponse(e)}, nil
}

func (s *Server) updateWebhook(ctx context.Context, in *struct {
	IDParam
	Body webhookPatch
}) (*webhookOutput, error) {
	u := surveys.WebhookEndpointInput{URL: in.Body.URL, Enabled: in.Body.Enabled}
	if in.Body.Events != nil {
		u.Events = *in.Body.Events
	}
	e, err := s.Webhooks.UpdateWebhookEndpoint(ctx, in.ID, u)
	if err != nil {
		return nil, err
	}
	return &webhookOutput{Status: http.StatusOK, Body: newWebhookResponse(e)}, nil
}

func (s *Server) deleteWebhook(ctx context.Context, in *IDParam) (*struct{ Status int }, error) {
	if err := s.Webhooks.DeleteWebhookEndpoint(ctx, in.ID); err != nil {
		return nil, err
	}
	return &struct{ Status int }{http.StatusNoContent}, nil
}

type webhookSecretOutput struct {
	Body struct {
		Secret string `json:"secret" doc:"The new signing secret; shown only now. The old one no longer signs."`
	}
}

func (s *Server) rotateWebhookSecret(ctx context.Context, in *IDParam) (*webhookSecretOutput, error) {
	secret, err := s.Webhooks.RotateWebhookSecret(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &webhookSecretOutput{}
	out.Body.Secret = secret
	return out, nil
}

func (s *Server) testWebhook(ctx context.Context, in *IDParam) (*struct{ Status int }, error) {
	if err := s.Webhooks.SendTestEvent(ctx, in.ID); err != nil {
		return nil, err
	}
	return &struct{ Status int }{http.StatusAccepted}, nil
}

type webhookAttemptResponse struct {
	ID         int64     `json:"id"`
	EventID    string    `json:"event_id"`
	Type       string    `json:"type"`
	Attempt    int       `json:"attempt" doc:"1 for the first attempt at this event"`
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code" doc:"0 when there was no answer"`
	DurationMs int64     `json:"duration_ms"`
	Error      string    `json:"error" doc:"\"\" for a 2xx"`
	Succeeded  bool      `json:"succeeded"`
}

func (s *Server) listWebhookDeliveries(ctx context.Context, in *struct {
	IDParam
	Limit int `query:"limit" minimum:"1" maximum:"500" default:"100"`
}) (*listOutput[webhookAttemptResponse], error) {
	log, err := s.Webhooks.FindWebhookAttempts(ctx, in.ID, in.Limit)
	if err != nil {
		return nil, err
	}
	items := make([]webhookAttemptResponse, len(log))
	for i, a := range log {
		items[i] = webhookAttemptResponse{ID: a.ID, EventID: a.EventID, Type: a.Type, Attempt: a.Attempt, At: a.At,
			StatusCode: a.StatusCode, DurationMs: a.Duration.Milliseconds(), Error: a.Error, Succeeded: a.Succeeded()}
	}
	return newList(items, len(items), surveys.Page{Limit: in.Limit}), nil
}

type webhookSettingsOutput struct {
	Body struct {
		AllowPrivate bool `json:"allow_private" doc:"Endpoints may reach loopback, private and link-local addresses, over http too"`
	}
}

func (s *Server) getWebhookSettings(ctx context.Context, _ *struct{}) (*webhookSettingsOutput, error) {
	set, err := s.Webhooks.WebhookSettings(ctx)
	if err != nil {
		return nil, err
	}
	out := &webhookSettingsOutput{}
	out.Body.AllowPrivate = set.AllowPrivate
	return out, nil
}

func (s *Server) putWebhookSettings(ctx context.Context, in *struct {
	Body struct {
		AllowPrivate bool `json:"allow_private"`
	}
}) (*webhookSettingsOutput, error) {
	set, err := s.Webhooks.SetAllowPrivate(ctx, in.Body.AllowPrivate)
	if err != nil {
		return nil, err
	}
	out := &webhookSettingsOutput{}
	out.Body.AllowPrivate = set.AllowPrivate
	return out, nil
}
