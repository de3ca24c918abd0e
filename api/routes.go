package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// routes is the single route table: every path, who may call it, and its
// handler. "scope" is the API key scope the services demand.
func (s *Server) routes() {
	app := s.App
	app.Use(s.requestLog, s.recoverPanics, s.securityHeaders, s.dbDeadline)

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.serveMetrics(s.Metrics))
	app.Get("/", s.withSession, s.showHome)
	// Signing in: signed-out forms refuse other sites' posts; asking for a link is limited per client and per address.
	signInPerAddress, signInPerEmail := s.signInLimiters()
	app.Get("/signin", s.withSession, s.showSignInForm)
	app.Post("/signin", s.sameSiteOnly, signInPerAddress, signInPerEmail, s.requestSignInLink)
	// Single sign-on (before /signin/:token, which would take "sso" for a token): public, limited per client, the state required.
	ssoLimit := s.ssoLimiter()
	app.Get("/signin/sso", s.withSession, ssoLimit, s.startSSO)
	app.Get(ssoCallbackPath, s.withSession, ssoLimit, s.finishSSO)
	app.Get("/signin/:token", s.showSignIn)
	app.Post("/signin/:token", s.sameSiteOnly, s.signIn)
	// Every POST behind withSession must carry the session's CSRF token.
	app.Post("/signout", s.withSession, s.signOut)
	app.Get("/dev/mail", s.withSession, s.requireAdmin, func(c *fiber.Ctx) error { return c.Redirect("/app/admin/mail", fiber.StatusMovedPermanently) })
	app.Get("/api/v1/docs", s.showDocs)
	app.Get("/trust-score", s.withSession, s.showTrustScore)
	// The web app for reps, leaders and admins; the services narrow every page to what the person may see.
	app.Get("/app", s.withSession, s.requireSignIn, s.showApp)
	app.Get("/app/reps/:id", s.withSession, s.requireSignIn, s.showRepPage)
	app.Get("/app/teams/:id", s.withSession, s.requireSignIn, s.showTeamBoard)
	app.Get("/app/org", s.withSession, s.requireSignIn, s.showOrgBoard)
	app.Get("/app/alerts", s.withSession, s.requireSignIn, s.showAlerts)
	app.Get("/app/alerts/:id", s.withSession, s.requireSignIn, s.showAlert)
	app.Post("/app/alerts/:id/transitions", s.withSession, s.requireSignIn, s.moveAlert)
	app.Post("/app/interactions/:id/diagnosis", s.withSession, s.requireSignIn, s.enterDiagnosis) // the rep themself, within 48 hours
	// The admin console: admins only; everyone else is refused.
	admin := app.Group("/app/admin", s.withSession, s.requireSignIn, s.requireAdmin)
	admin.Get("/", s.showAdmin)
	admin.Get("/mail", s.showMail)
	admin.Get("/mail/:id<int>", s.showMailMessage)
	admin.Get("/mail/:id<int>/html", s.showMailHTML)
	admin.Get("/mail/:id<int>/files/:n<int>", s.downloadMailFile)
	admin.Get("/reps/import", s.showImport(repImport))
	admin.Post("/reps/import", s.uploadImport(repImport))
	admin.Post("/reps/import/confirm", s.confirmImport(repImport))
	admin.Get("/interactions", s.showInteractions)
	admin.Get("/interactions/import", s.showImport(interactionImport))
	admin.Post("/interactions/import", s.uploadImport(interactionImport))
	admin.Post("/interactions/import/confirm", s.confirmImport(interactionImport))
	admin.Get("/keys", s.showKeys)
	admin.Post("/keys", s.createKey)
	admin.Post("/keys/:id<int>/revoke", s.revokeKey)
	admin.Get("/reps", s.showAdminReps)
	admin.Get("/reps/new", s.showNewRep)
	admin.Post("/reps", s.createRep)
	admin.Get("/reps/:id<int>", s.showAdminRep)
	admin.Post("/reps/:id<int>", s.saveRep)
	admin.Post("/reps/:id<int>/active", s.setRepActive)
	admin.Get("/teams", s.showAdminTeams)
	admin.Post("/teams", s.createTeamForm)
	admin.Get("/teams/:id<int>", s.showAdminTeam)
	admin.Post("/teams/:id<int>", s.saveTeam)
	admin.Post("/teams/:id<int>/leaders", s.changeLeaders)
	admin.Get("/users", s.showAdminUsers)
	admin.Get("/users/new", s.showInviteUser)
	admin.Post("/users", s.inviteUser)
	admin.Get("/users/:id<int>", s.showAdminUser)
	admin.Post("/users/:id<int>", s.saveUser)
	admin.Post("/users/:id<int>/link", s.resendSignInLink)
	admin.Post("/users/:id<int>/active", s.setUserActiveForm)
	admin.Get("/audit", s.showAudit)
	admin.Get("/settings", s.showSettings)
	admin.Post("/settings", s.saveSettings)
	admin.Post("/settings/logo", s.uploadLogo)
	admin.Post("/settings/logo/remove", s.removeLogo)
	admin.Post("/settings/test-email", s.sendTestEmail)
	admin.Get("/webhooks", s.showWebhooks)
	admin.Post("/webhooks", s.createWebhookForm)
	admin.Post("/webhooks/settings", s.saveWebhookSettings)
	admin.Get("/webhooks/:id<int>", s.showWebhook)
	admin.Post("/webhooks/:id<int>", s.saveWebhook)
	admin.Post("/webhooks/:id<int>/test", s.testWebhookForm)
	admin.Post("/webhooks/:id<int>/secret", s.rotateWebhookForm)
	admin.Post("/webhooks/:id<int>/delete", s.deleteWebhookForm)
	admin.Get("/integrity", s.showIntegrity)
	admin.Post("/integrity", s.saveIntegrity)
	admin.Post("/integrity/responses/:id<int>/reinstate", s.reinstateResponseForm)
	admin.Post("/integrity/exclusions", s.excludeInteractionForm)
	admin.Get("/sso", s.showSSOSettings)
	admin.Post("/sso", s.saveSSOSettings)
	admin.Get("/survey", s.showSurveyEditor)
	admin.Post("/survey", s.saveSurvey)
	admin.Get("/survey/preview/:lang/page", s.showPagePreview)
	admin.Get("/survey/preview/:lang/email", s.showEmailPreview)
	app.Get("/app/account", s.withSession, s.requireSignIn, s.showAccount)
	app.Post("/app/account/sessions/:id/end", s.withSession, s.requireSignIn, s.endSession)
	app.Post("/app/account/sign-out-everywhere", s.withSession, s.requireSignIn, s.signOutEverywhere)
	app.Get("/app/account/digest", s.withSession, s.requireSignIn, s.showDigest)
	app.Post("/app/account/digest", s.withSession, s.requireSignIn, s.saveDigest)
	perAddress, perLink := buyerLimiters(s.limits)
	app.Get("/u/:token", perAddress, perLink, s.showUnsubscribe)
	app.Post("/u/:token", perAddress, perLink, s.unsubscribe)
	// Report downloads for signed-in leaders and reps; the services narrow them to their own.
	app.Get("/reports/reps/:id.pdf", s.withSession, s.requireUser, s.downloadReport(s.getRepReport))
	app.Get("/reports/teams/:id.pdf", s.withSession, s.requireUser, s.downloadReport(s.getTeamReport))
	app.Get("/reports/teams/:id/cards.zip", s.withSession, s.requireUser, s.downloadCards)
	app.Get("/reports/org/cards.zip", s.withSession, s.requireUser, s.downloadCards)
	app.Get("/reports/teams/:id/responses.csv", s.withSession, s.requireUser, s.downloadTeamResponses)
	// The company's logo and accent colour, for buyer pages, emails and the app: public, named by their content.
	app.Get("/logo/:ref.png", s.showLogo)
	app.Get("/accent/:hex.css", s.showAccent)
	app.Get("/s/:token", perAddress, perLink, s.showSurvey)
	app.Post("/s/:token", perAddress, perLink, s.submitSurvey)
	app.Get("/p/:token", perAddress, perLink, s.showPromise)
	app.Post("/p/:token", perAddress, perLink, s.answerPromise)
	s.serveStatic()

	s.api = humafiber.NewWithGroup(app, app.Group("/api/v1"), apiConfig(s.Version))
	api := []func(){
		// Reps.
		handle(s, route{http.MethodPost, "/reps", "upsert-rep", "Create or update a rep by external_id", surveys.ScopeManage}, s.upsertRep),
		handle(s, route{http.MethodGet, "/reps", "list-reps", "List reps", surveys.ScopeRead}, s.listReps),
		handle(s, route{http.MethodGet, "/reps/{id}", "get-rep", "Get a rep", surveys.ScopeRead}, s.getRep),
		handle(s, route{http.MethodDelete, "/reps/{id}", "deactivate-rep", "Deactivate a rep (kept, no longer surveyed)", surveys.ScopeManage}, s.deactivateRep),
		// Teams.
		handle(s, route{http.MethodPost, "/teams", "create-team", "Create a team", surveys.ScopeManage}, s.createTeam),
		handle(s, route{http.MethodGet, "/teams", "list-teams", "List teams", surveys.ScopeRead}, s.listTeams),
		handle(s, route{http.MethodGet, "/teams/{id}", "get-team", "Get a team", surveys.ScopeRead}, s.getTeam),
		handle(s, route{http.MethodPatch, "/teams/{id}", "update-team", "Rename, nest or re-lead a team", surveys.ScopeManage}, s.updateTeam),
		// Interactions and their invitations.
		handle(s, route{http.MethodPost, "/interactions", "create-interaction", "Record an interaction; schedules its survey", surveys.ScopeInteractions}, s.createInteraction),
		handle(s, route{http.MethodPost, "/interactions:batch", "create-interactions", "Record up to 1,000 interactions, each with its own result", surveys.ScopeInteractions}, s.createInteractions),
		handle(s, route{http.MethodGet, "/interactions/{id}", "get-interaction", "Get an interaction and its invitation", surveys.ScopeRead}, s.getInteraction),
		handle(s, route{http.MethodPost, "/interactions/{id}/exclusion", "exclude-interaction", "Exclude an interaction from surveying before its survey is sent, with a reason; capped per rep and quarter, audited", surveys.ScopeManage}, s.excludeInteraction),
		handle(s, route{http.MethodPost, "/interactions/{id}/outcome", "set-interaction-outcome", "Record what became of an interaction (audited)", surveys.ScopeInteractions}, s.setInteractionOutcome),
		handle(s, route{http.MethodGet, "/invitations", "list-invitations", "List invitations, with why any was suppressed", surveys.ScopeRead}, s.listInvitations),
		// Scores.
		handle(s, route{http.MethodGet, "/scores/reps", "list-rep-scores", "Every rep's trust figures for a window", surveys.ScopeRead}, s.listRepScores),
		handle(s, route{http.MethodGet, "/scores/reps/{id}", "get-rep-score", "One rep's figures, per question, with team, org and a 12-month trend", surveys.ScopeRead}, s.getRepScore),
		handle(s, route{http.MethodGet, "/scores/teams/{id}", "get-team-score", "A team's pooled figures (sub-teams included) and its reps'", surveys.ScopeRead}, s.getTeamScore),
		handle(s, route{http.MethodGet, "/scores/org", "get-org-score", "The org's figures", surveys.ScopeRead}, s.getOrgScore),
		// PDF report cards.
		handle(s, route{http.MethodGet, "/reports/reps/{id}.pdf", "get-rep-report", "A rep's PDF report card", surveys.ScopeRead}, s.getRepReport),
		handle(s, route{http.MethodGet, "/reports/teams/{id}.pdf", "get-team-report", "A team's PDF report", surveys.ScopeRead}, s.getTeamReport),
		handle(s, route{http.MethodGet, "/reports/teams/{id}/cards.zip", "get-team-cards", "Every rep card of a team (sub-teams included) as a ZIP, streamed", surveys.ScopeRead}, s.getTeamCards),
		handle(s, route{http.MethodGet, "/reports/org/cards.zip", "get-org-cards", "Every rep card the key may see as a ZIP, streamed", surveys.ScopeRead}, s.getOrgCards),
		// Responses.
		handle(s, route{http.MethodGet, "/responses", "list-responses", "Responses with their answers for a window, as JSON or as CSV (Accept: text/csv)", surveys.ScopeRead}, s.listResponses),
		handle(s, route{http.MethodPost, "/responses/{id}/reinstate", "reinstate-response", "Put a response the integrity rules excluded back into the scores; its flags stay, audited", surveys.ScopeManage}, s.reinstateResponse),
		// Alerts on low answers and their follow-up.
		handle(s, route{http.MethodGet, "/alerts", "list-alerts", "Alerts on low answers, newest first, by status and team", surveys.ScopeRead}, s.listAlerts),
		handle(s, route{http.MethodGet, "/alerts/{id}", "get-alert", "An alert with every step of its follow-up", surveys.ScopeRead}, s.getAlert),
		handle(s, route{http.MethodPost, "/alerts/{id}/transitions", "transition-alert", "Move an alert one step: acknowledged, contacted, resolved (with a note and an outcome)", surveys.ScopeManage}, s.transitionAlert),
		// Buyers: suppression feeds and erasure.
		handle(s, route{http.MethodPost, "/suppressions", "create-suppression", "Never mail an address again (bounce or complaint feed)", surveys.ScopeManage}, s.createSuppression),
		handle(s, route{http.MethodDelete, "/buyers/{email}", "erase-buyer", "Erase a buyer's personal data; anonymous answers keep counting", surveys.ScopeManage}, s.eraseBuyer),
		// Users, keys, settings, audit.
		handle(s, route{http.MethodPost, "/users", "create-user", "Create a user and a one-time sign-in link", surveys.ScopeManage}, s.createUser),
		handle(s, route{http.MethodGet, "/users", "list-users", "List users", surveys.ScopeManage}, s.listUsers),
		handle(s, route{http.MethodPatch, "/users/{id}", "update-user", "Change a user's name, role or rep", surveys.ScopeManage}, s.updateUser),
		handle(s, route{http.MethodDelete, "/users/{id}", "deactivate-user", "Deactivate a user: signed out everywhere, their links void", surveys.ScopeManage}, s.deactivateUser),
		handle(s, route{http.MethodPost, "/users/{id}/reactivate", "reactivate-user", "Reactivate a user: they may sign in again", surveys.ScopeManage}, s.reactivateUser),
		handle(s, route{http.MethodPost, "/users/{id}/sign-in-link", "send-sign-in-link", "Email a user a new one-time sign-in link (works for an hour)", surveys.ScopeManage}, s.sendSignInLink),
		handle(s, route{http.MethodPost, "/api-keys", "create-api-key", "Create an API key (shown once)", surveys.ScopeManage}, s.createAPIKey),
		handle(s, route{http.MethodGet, "/api-keys", "list-api-keys", "List API keys", surveys.ScopeManage}, s.listAPIKeys),
		handle(s, route{http.MethodDelete, "/api-keys/{id}", "revoke-api-key", "Revoke an API key", surveys.ScopeManage}, s.revokeAPIKey),
		handle(s, route{http.MethodGet, "/settings", "get-settings", "Get the org's settings", surveys.ScopeRead}, s.getSettings),
		handle(s, route{http.MethodPatch, "/settings", "update-settings", "Change the org's settings", surveys.ScopeManage}, s.updateSettings),
		handle(s, route{http.MethodPut, "/settings/logo", "put-logo", "Upload the company's logo, PNG or SVG (stored as a PNG)", surveys.ScopeManage}, s.putLogo),
		handle(s, route{http.MethodGet, "/settings/logo", "get-logo", "The company's logo, as a PNG", surveys.ScopeManage}, s.getLogo),
		handle(s, route{http.MethodDelete, "/settings/logo", "delete-logo", "Remove the company's logo", surveys.ScopeManage}, s.deleteLogo),
		handle(s, route{http.MethodGet, "/survey", "get-survey", "The survey new invitations get: its version, questions and their texts", surveys.ScopeRead}, s.getSurvey),
		handle(s, route{http.MethodPut, "/survey", "put-survey", "Reword the survey's questions; makes a new version", surveys.ScopeManage}, s.putSurvey),
		handle(s, route{http.MethodGet, "/mail", "list-mail", "Read mail captured instead of sent (no SMTP server configured)", surveys.ScopeManage}, s.listMail),
		handle(s, route{http.MethodGet, "/audit", "list-audit", "Read the audit log", surveys.ScopeManage}, s.listAudit),
		// Outbound webhooks.
		handle(s, route{http.MethodPost, "/webhooks", "create-webhook", "Create a webhook endpoint (its signing secret shown once)", surveys.ScopeManage}, s.createWebhook),
		handle(s, route{http.MethodGet, "/webhooks", "list-webhooks", "List webhook endpoints", surveys.ScopeManage}, s.listWebhooks),
		handle(s, route{http.MethodGet, "/webhooks/{id}", "get-webhook", "Get a webhook endpoint", surveys.ScopeManage}, s.getWebhook),
		handle(s, route{http.MethodPatch, "/webhooks/{id}", "update-webhook", "Change a webhook endpoint's URL, events or state", surveys.ScopeManage}, s.updateWebhook),
		handle(s, route{http.MethodDelete, "/webhooks/{id}", "delete-webhook", "Delete a webhook endpoint and its log", surveys.ScopeManage}, s.deleteWebhook),
		handle(s, route{http.MethodPost, "/webhooks/{id}/secret", "rotate-webhook-secret", "Give a webhook endpoint a new signing secret (shown once)", surveys.ScopeManage}, s.rotateWebhookSecret),
		handle(s, route{http.MethodPost, "/webhooks/{id}/test", "test-webhook", "Queue a webhook.test event to one endpoint", surveys.ScopeManage}, s.testWebhook),
		handle(s, route{http.MethodGet, "/webhooks/{id}/deliveries", "list-webhook-deliveries", "A webhook endpoint's delivery log, newest first", surveys.ScopeManage}, s.listWebhookDeliveries),
		handle(s, route{http.MethodGet, "/webhook-settings", "get-webhook-settings", "Whether endpoints may reach private addresses", surveys.ScopeManage}, s.getWebhookSettings),
		handle(s, route{http.MethodPut, "/webhook-settings", "put-webhook-settings", "Allow or refuse endpoints on private addresses (audited)", surveys.ScopeManage}, s.putWebhookSettings),
	}
	for _, register := range api {
		register()
	}
	s.describeDownloads()
	s.describeLogoUpload()
	s.describeResponses()
	app.Use(s.notFound)
}

// route describes one /api/v1 operation.
type route struct {
	method, path, id, summary string
	scope                     surveys.Scope
}

// handle returns a function that registers h as the operation r, behind
// API-key authentication, with domain errors rendered as problem documents.
func handle[I, O any](s *Server, r route, h func(context.Context, *I) (*O, error)) func() {
	return func() {
		op := huma.Operation{
			OperationID: r.id,
			Method:      r.method,
			Path:        r.path,
			Summary:     r.summary,
			Description: "Needs an API key with the `" + string(r.scope) + "` scope.",
			Security:    []map[string][]string{{"bearer": {}}},
			Middlewares: huma.Middlewares{s.requireKey},
			Errors:      []int{400, 401, 403, 404, 409, 422, 429, 503},
			// huma checks bodies against its own limit, 1 MB unless told;
			// the server's is the one in force.
			MaxBodyBytes: s.bodyLimit(),
		}
		if r.method == http.MethodPost || r.method == http.MethodPatch || r.method == http.MethodPut {
			op.Errors = append(op.Errors, http.StatusRequestEntityTooLarge)
		}
		if strings.Contains(r.path, ":") {
			op.Middlewares = append(huma.Middlewares{s.exactPath("/api/v1" + r.path)}, op.Middlewares...)
		}
		huma.Register(s.api, op, func(ctx context.Context, in *I) (*O, error) {
			out, err := h(ctx, in)
			if err != nil {
				var he huma.HeadersError
				if errors.As(err, &he) { // such as a 429's Retry-After
					return nil, huma.ErrorWithHeaders(s.problem(ctx, err), he.GetHeaders())
				}
				return nil, s.problem(ctx, err)
			}
			return out, nil
		})
	}
}

// exactPath guards a custom-method path such as /interactions:batch:
// Fiber reads ":batch" as a parameter, which would match any suffix.
func (s *Server) exactPath(path string) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if ctx.URL().Path != path {
			_ = huma.WriteErr(s.api, ctx, http.StatusNotFound, "no such page: "+ctx.Method()+" "+ctx.URL().Path)
			return
		}
		next(ctx)
	}
}

// apiConfig describes the API for the OpenAPI document at /api/v1/openapi.json.
func apiConfig(version string) huma.Config {
	c := huma.DefaultConfig("Trustcard API", version)
	c.CreateHooks = nil // no $schema links in bodies: the wire format is ours
	c.DocsPath = ""     // docs are our own page, /api/v1/docs, without a CDN
	c.SchemasPath = ""
	c.RejectUnknownQueryParameters = true
	c.Info.Description = "Post interactions from your CRM, manage reps and teams, read trust scores. " +
		"Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 9457 problem documents."
	c.Servers = []*huma.Server{{URL: "/api/v1"}}
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An API key from `trustcard apikey create` or POST /api-keys."},
	}
	return c
}
