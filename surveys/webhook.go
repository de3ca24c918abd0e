package surveys

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Webhook event types: what an endpoint may subscribe to.
const (
	EventResponseCreated      = "response.created"
	EventResponseUpdated      = "response.updated"
	EventAlertOpened          = "alert.opened"
	EventAlertTransitioned    = "alert.transitioned"
	EventInvitationSuppressed = "invitation.suppressed"
	// EventTest is sent by "send a test event" to one endpoint only,
	// whatever it subscribes to.
	EventTest = "webhook.test"
)

// WebhookEvents lists the event types an endpoint may subscribe to.
var WebhookEvents = []string{EventResponseCreated, EventResponseUpdated, EventAlertOpened, EventAlertTransitioned,
	EventInvitationSuppressed}

// Webhook job kinds.
const (
	JobWebhook         = "webhook"          // deliver one event to one endpoint; Ref is the delivery
	JobWebhookDisabled = "webhook_disabled" // email an admin that an endpoint was disabled; Ref is the endpoint, Payload the user id
)

// WebhookFailingFor is how long an endpoint may fail without a single
// success before it is disabled.
const WebhookFailingFor = 24 * time.Hour

// MaxWebhookURLLen bounds an endpoint's URL.
const MaxWebhookURLLen = 2000

// WebhookEndpoint is a URL an org's events are posted to.
type WebhookEndpoint struct {
	ID           int64
	OrgID        int64
	URL          string
	Events       []string
	Enabled      bool
	SealedSecret string    // the signing secret, sealed with the org's secret; never shown
	FailingSince time.Time // zero: the last attempt succeeded, or none failed
	// DisabledReason says why a disabled endpoint is: "failing" (a day of
	// failures) or "" (an admin switched it off).
	DisabledReason string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Wants reports whether the endpoint takes events of type typ.
func (e *WebhookEndpoint) Wants(typ string) bool {
	return e.Enabled && (typ == EventTest || slices.Contains(e.Events, typ))
}

// WebhookEndpointInput is what an admin sets on an endpoint; nil fields
// of an update stay as they are.
type WebhookEndpointInput struct {
	URL     *string
	Events  []string // nil: unchanged on update
	Enabled *bool
}

// validate checks the URL's form (not yet where it leads) and the events.
// EINVALID naming "url" or "events".
func (in *WebhookEndpointInput) validate(allowHTTP bool) error {
	if in.URL != nil {
		if err := checkWebhookURL(*in.URL, allowHTTP); err != nil {
			return err
		}
	}
	if in.Events != nil {
		if len(in.Events) == 0 {
			return Errorf(EINVALID, "events", "choose at least one of %s", strings.Join(WebhookEvents, ", "))
		}
		for _, ev := range in.Events {
			if !slices.Contains(WebhookEvents, ev) {
				return Errorf(EINVALID, "events", "%q is not an event; use %s", ev, strings.Join(WebhookEvents, ", "))
			}
		}
	}
	return nil
}

// checkWebhookURL checks a URL's form: https (http too when allowHTTP), a
// host, no credentials, no fragment. EINVALID naming "url".
func checkWebhookURL(raw string, allowHTTP bool) error {
	if len(raw) > MaxWebhookURLLen {
		return Errorf(EINVALID, "url", "must be at most %d characters", MaxWebhookURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return Errorf(EINVALID, "url", "must be an absolute URL such as https://example.com/hooks")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && allowHTTP:
	case u.Scheme == "http":
		return Errorf(EINVALID, "url", "must use https (http only while private ranges are allowed)")
	default:
		return Errorf(EINVALID, "url", "must use https")
	}
	if u.User != nil {
		return Errorf(EINVALID, "url", "must not carry a user name or password")
	}
	if u.Fragment != "" {
		return Errorf(EINVALID, "url", "must not have a #fragment")
	}
	return nil
}

// WebhookDelivery is one event queued for one endpoint. Its body is fixed
// when the event happens, so every attempt sends the same bytes.
type WebhookDelivery struct {
	ID          int64
	OrgID       int64
	EndpointID  int64
	EventID     string // the same for every endpoint and every attempt
	Type        string
	Body        string
	Status      string // pending, delivered or cancelled
	Attempts    int
	NextAt      time.Time // not attempted before
	LastError   string
	CreatedAt   time.Time
	DeliveredAt time.Time
}

// Webhook delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryCancelled = "cancelled" // its endpoint was disabled or deleted first
)

// WebhookAttempt is one attempt to deliver an event: the delivery log.
type WebhookAttempt struct {
	ID         int64
	OrgID      int64
	EndpointID int64
	DeliveryID int64
	EventID    string
	Type       string
	Attempt    int
	At         time.Time
	StatusCode int // 0: no answer
	Duration   time.Duration
	Error      string // "" for a 2xx
}

// Succeeded reports whether the receiver answered 2xx.
func (a *WebhookAttempt) Succeeded() bool {
	return a.Error == "" && a.StatusCode >= 200 && a.StatusCode < 300
}

// WebhookSettings are an org's webhook rules.
type WebhookSettings struct {
	OrgID int64
	// AllowPrivate lets endpoints reach loopback, private (RFC 1918, ULA)
	// and link-local addresses, over http too: for receivers inside the
	// company's network. The cloud metadata address, multicast and
	// unspecified addresses stay refused.
	AllowPrivate bool
	UpdatedAt    time.Time
}

// WebhookStore keeps endpoints, deliveries and the delivery log.
type WebhookStore interface {
	// CreateWebhookEndpoint stores a new endpoint and sets its ID.
	CreateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error
	// UpdateWebhookEndpoint saves every field of e. ENOTFOUND.
	UpdateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error
	// DeleteWebhookEndpoint removes an endpoint with its deliveries and
	// log. ENOTFOUND.
	DeleteWebhookEndpoint(ctx context.Context, orgID, id int64) error
	// FindWebhookEndpoints returns the org's endpoints, oldest first; with
	// id, only that one.
	FindWebhookEndpoints(ctx context.Context, orgID, id int64) ([]*WebhookEndpoint, error)
	// CreateWebhookDeliveries stores pending deliveries and sets their IDs.
	CreateWebhookDeliveries(ctx context.Context, ds ...*WebhookDelivery) error
	// ClaimWebhookDelivery leases delivery id until until and counts an
	// attempt, when it is pending, due at now, not leased, and no earlier
	// delivery to its endpoint is pending; nil otherwise.
	ClaimWebhookDelivery(ctx context.Context, id int64, now, until time.Time) (*WebhookDelivery, error)
	// SaveWebhookDelivery stores d's status, next time and error, and ends
	// its lease.
	SaveWebhookDelivery(ctx context.Context, d *WebhookDelivery) error
	// NextWebhookDelivery returns the id of the earliest pending delivery
	// to endpoint, 0 when none.
	NextWebhookDelivery(ctx context.Context, endpointID int64) (int64, error)
	// CancelWebhookDeliveries cancels every pending delivery to endpoint.
	CancelWebhookDeliveries(ctx context.Context, endpointID int64) error
	// AddWebhookAttempt stores a line of the delivery log.
	AddWebhookAttempt(ctx context.Context, a *WebhookAttempt) error
	// FindWebhookAttempts returns the newest attempts to endpoint (all of
	// the org's with 0), newest first.
	FindWebhookAttempts(ctx context.Context, orgID, endpointID int64, limit int) ([]*WebhookAttempt, error)
	// FindWebhookSettings returns the org's webhook rules (the defaults
	// when never set).
	FindWebhookSettings(ctx context.Context, orgID int64) (*WebhookSettings, error)
	// SaveWebhookSettings stores the org's webhook rules.
	SaveWebhookSettings(ctx context.Context, s *WebhookSettings) error
}
