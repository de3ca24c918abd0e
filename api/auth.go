package api

import (
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"

	"trustcard/surveys"
)

// requireKey authenticates "Authorization: Bearer <api key>" and puts the
// key's Actor into the context. What the actor may do is decided by the
// services, not here. A client that sent too many wrong keys, and a key
// over its rate, get 429 (abuse_limits.go).
func (s *Server) requireKey(ctx huma.Context, next func(huma.Context)) {
	token, ok := strings.CutPrefix(ctx.Header("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="trustcard"`)
		_ = huma.WriteErr(s.api, ctx, 401, "send your API key as Authorization: Bearer <key>; create one with trustcard apikey create")
		return
	}
	if s.keyClientSpent(ctx) {
		return
	}
	actor, err := s.Access.AuthenticateKey(ctx.Context(), strings.TrimSpace(token))
	if err != nil {
		p := s.problem(ctx.Context(), err)
		if p.GetStatus() == 401 {
			s.Logger.Warn("api key refused", "path", ctx.URL().Path, "client", clientAddr(humafiber.Unwrap(ctx), s.limits.TrustedProxies))
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="trustcard", error="invalid_token"`)
			s.keyFailed(ctx)
		}
		_ = huma.WriteErr(s.api, ctx, p.GetStatus(), errDetail(p))
		return
	}
	if !s.keyWithinRate(ctx, actor.KeyID) {
		return
	}
	next(huma.WithContext(ctx, surveys.NewContextWithActor(ctx.Context(), actor)))
}

func errDetail(e huma.StatusError) string {
	if m, ok := e.(*huma.ErrorModel); ok {
		return m.Detail
	}
	return e.Error()
}
