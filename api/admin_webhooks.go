package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// The webhooks pages, /app/admin/webhooks: the org's endpoints with their
// state, a form to add one (its signing secret shown once), the rule on
// private addresses; and per endpoint, /app/admin/webhooks/{id}: its
// events and state, a test event, a new secret, deleting, and its
// delivery log.

// webhooksPage is the view model of the list.
type webhooksPage struct {
	Endpoints    []webhookView
	Events       []eventChoice
	URL          string // as typed, when the form was refused
	AllowPrivate bool
	Secret       string // the secret just made, shown this once
	Notice       string
	Refusal      refusal
}

// webhookPage is the view model of one endpoint's page.
type webhookPage struct {
	Endpoint webhookView
	Events   []eventChoice
	Log      []attemptView
	Secret   string
	Notice   string
	Refusal  refusal
}

// webhookView is an endpoint as the pages show it.
type webhookView struct {
	ID       int64
	URL      string
	Events   []string
	Enabled  bool
	State    string // "enabled", "failing", "disabled", "disabled after a day of failures"
	StateCSS string
	Since    string // when it began failing
}

// attemptView is a line of the delivery log.
type attemptView struct {
	When, Type, EventID, Status, Duration, Error string
	Attempt                                      int
	OK                                           bool
}

// eventChoice is one event's checkbox.
type eventChoice struct {
	Event   string
	Checked bool
}

const logTime = "2006-01-02 15:04:05 MST"

func newWebhookView(e *surveys.WebhookEndpoint) webhookView {
	v := webhookView{ID: e.ID, URL: e.URL, Events: e.Events, Enabled: e.Enabled, State: "enabled", StateCSS: "state-ok"}
	switch {
	case !e.Enabled && e.DisabledReason == "failing":
		v.State, v.StateCSS = "disabled after a day of failures", "state-failed"
	case !e.Enabled:
		v.State, v.StateCSS = "disabled", ""
	case !e.FailingSince.IsZero():
		v.State, v.StateCSS, v.Since = "failing", "state-failed", e.FailingSince.Format(logTime)
	}
	return v
}

func eventChoices(checked []string) []eventChoice {
	out := make([]eventChoice, len(surveys.WebhookEvents))
	for i, ev := range surveys.WebhookEvents {
		out[i] = eventChoice{Event: ev, Checked: checked == nil}
		for _, c := range checked {
			out[i].Checked = out[i].Checked || c == ev
		}
	}
	return out
}

// formEvents reads the event checkboxes.
func formEvents(c *fiber.Ctx) []string {
	out := []string{}
	for _, ev := range surveys.WebhookEvents {
		if c.FormValue("event_"+ev) != "" {
			out = append(out, ev)
		}
	}
	return out
}

// showWebhooks lists the endpoints and the form to add one.
func (s *Server) showWebhooks(c *fiber.Ctx) error {
	p := webhooksPage{Events: eventChoices(nil)}
	switch {
	case c.Query("deleted") != "":
		p.Notice = "Deleted the endpoint, with what it had pending and its log."
	case c.Query("saved") != "":
		p.Notice = "Saved the rule on private addresses."
	}
	return s.renderWebhooks(c, fiber.StatusOK, p)
}

// createWebhookForm adds an endpoint and shows its secret once.
func (s *Server) createWebhookForm(c *fiber.Ctx) error {
	url, events := c.FormValue("url"), formEvents(c)
	e, secret, err := s.Webhooks.CreateWebhookEndpoint(c.UserContext(), surveys.WebhookEndpointInput{URL: &url, Events: events})
	if r, status, ok := refusedBy(err); ok {
		return s.renderWebhooks(c, status, webhooksPage{Events: eventChoices(events), URL: url, Refusal: r})
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.renderWebhooks(c, fiber.StatusCreated, webhooksPage{Events: eventChoices(nil), Secret: secret,
		Notice: "Added " + e.URL + ". Copy its signing secret now: it is shown only this once."})
}

// saveWebhookSettings allows or refuses private addresses.
func (s *Server) saveWebhookSettings(c *fiber.Ctx) error {
	if _, err := s.Webhooks.SetAllowPrivate(c.UserContext(), c.FormValue("allow_private") != ""); err != nil {
		return err
	}
	return c.Redirect("/app/admin/webhooks?saved=1", fiber.StatusSeeOther)
}

func (s *Server) renderWebhooks(c *fiber.Ctx, status int, p webhooksPage) error {
	es, err := s.Webhooks.FindWebhookEndpoints(c.UserContext())
	if err != nil {
		return err
	}
	set, err := s.Webhooks.WebhookSettings(c.UserContext())
	if err != nil {
		return err
	}
	for _, e := range es {
		p.Endpoints = append(p.Endpoints, newWebhookView(e))
	}
	p.AllowPrivate = set.AllowPrivate
	return renderRefused(s, c, status, "app_webhooks", "Webhooks", "/app/admin/webhooks", p)
}

// showWebhook shows one endpoint and its delivery log.
func (s *Server) showWebhook(c *fiber.Ctx) error {
	p := webhookPage{}
	switch {
	case c.Query("tested") != "":
		p.Notice = "Queued a test event: it appears in the log below once sent."
	case c.Query("saved") != "":
		p.Notice = "Saved."
	}
	return s.renderWebhook(c, fiber.StatusOK, p)
}

// saveWebhook changes an endpoint's URL, events and state.
func (s *Server) saveWebhook(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	url, events, enabled := c.FormValue("url"), formEvents(c), c.FormValue("enabled") != ""
	_, err = s.Webhooks.UpdateWebhookEndpoint(c.UserContext(), id, surveys.WebhookEndpointInput{URL: &url, Events: events, Enabled: &enabled})
	if r, status, ok := refusedBy(err); ok {
		return s.renderWebhook(c, status, webhookPage{Refusal: r})
	}
	if err != nil {
		return err
	}
	return c.Redirect("/app/admin/webhooks/"+strconv.FormatInt(id, 10)+"?saved=1", fiber.StatusSeeOther)
}

// testWebhookForm queues a test event.
func (s *Server) testWebhookForm(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	err = s.Webhooks.SendTestEvent(c.UserContext(), id)
	if r, status, ok := refusedBy(err); ok {
		return s.renderWebhook(c, status, webhookPage{Refusal: r})
	}
	if err != nil {
		return err
	}
	return c.Redirect("/app/admin/webhooks/"+strconv.FormatInt(id, 10)+"?tested=1", fiber.StatusSeeOther)
}

// rotateWebhookForm gives the endpoint a new secret and shows it once.
func (s *Server) rotateWebhookForm(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	secret, err := s.Webhooks.RotateWebhookSecret(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.renderWebhook(c, fiber.StatusOK, webhookPage{Secret: secret,
		Notice: "Made a new signing secret; the old one no longer signs. Copy it now: it is shown only this once."})
}

// deleteWebhookForm deletes the endpoint.
func (s *Server) deleteWebhookForm(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Webhooks.DeleteWebhookEndpoint(c.UserContext(), id); err != nil {
		return err
	}
	return c.Redirect("/app/admin/webhooks?deleted=1", fiber.StatusSeeOther)
}

func (s *Server) renderWebhook(c *fiber.Ctx, status int, p webhookPage) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	e, err := s.Webhooks.FindWebhookEndpoint(c.UserContext(), id)
	if err != nil {
		return err
	}
	log, err := s.Webhooks.FindWebhookAttempts(c.UserContext(), id, adminPageSize)
	if err != nil {
		return err
	}
	p.Endpoint, p.Events = newWebhookView(e), eventChoices(e.Events)
	for _, a := range log {
		v := attemptView{When: a.At.Format(logTime), Type: a.Type, EventID: a.EventID, Attempt: a.Attempt,
			Status: "no answer", Duration: strconv.FormatInt(a.Duration.Milliseconds(), 10) + " ms", Error: a.Error, OK: a.Succeeded()}
		if a.StatusCode != 0 {
			v.Status = strconv.Itoa(a.StatusCode)
		}
		p.Log = append(p.Log, v)
	}
	return renderRefused(s, c, status, "app_webhook", "Webhook "+e.URL, "/app/admin/webhooks", p)
}
