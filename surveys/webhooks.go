package surveys

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Webhooks are the org's outbound webhooks: the endpoints admins set up,
// their signing secrets, the delivery log and the rule on private
// addresses. Events are queued where they happen (emitEvent); the workers
// deliver them (Worker.DeliverWebhook). Admins and API keys with the
// manage scope may use every method; nobody else may.
type Webhooks struct {
	store   webhooksStore
	clock   Clock
	inTx    txRunner[webhooksStore]
	resolve Resolver
}

// webhooksStore is what Webhooks reads and writes.
type webhooksStore interface {
	OrgStore
	AuditStore
	webhookEmitter
}

// UseResolver makes endpoint checks look host names up with r (tests
// name hosts no DNS knows).
func (s *Webhooks) UseResolver(r Resolver) { s.resolve = r }

// secretPurpose seals endpoints' signing secrets.
const secretPurpose = "webhook-secret"

// FindWebhookEndpoints lists the org's endpoints, oldest first.
func (s *Webhooks) FindWebhookEndpoints(ctx context.Context) ([]*WebhookEndpoint, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return s.store.FindWebhookEndpoints(ctx, a.OrgID, 0)
}

// FindWebhookEndpoint returns endpoint id. ENOTFOUND.
func (s *Webhooks) FindWebhookEndpoint(ctx context.Context, id int64) (*WebhookEndpoint, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return findEndpoint(ctx, s.store, a.OrgID, id)
}

func findEndpoint(ctx context.Context, st WebhookStore, orgID, id int64) (*WebhookEndpoint, error) {
	es, err := st.FindWebhookEndpoints(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, Errorf(ENOTFOUND, "id", "no webhook endpoint %d", id)
	}
	return es[0], nil
}

// CreateWebhookEndpoint creates an enabled endpoint and returns it with
// its signing secret, shown only now. EINVALID naming "url" (its form, or
// an address the org's rules refuse) or "events".
func (s *Webhooks) CreateWebhookEndpoint(ctx context.Context, in WebhookEndpointInput) (*WebhookEndpoint, string, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, "", err
	}
	if in.URL == nil {
		return nil, "", Errorf(EINVALID, "url", "is required")
	}
	if in.Events == nil {
		in.Events = []string{}
	}
	if err := s.checkInput(ctx, a.OrgID, &in); err != nil {
		return nil, "", err
	}
	now := s.clock.Now()
	e := &WebhookEndpoint{OrgID: a.OrgID, URL: *in.URL, Events: in.Events, Enabled: in.Enabled == nil || *in.Enabled,
		CreatedAt: now, UpdatedAt: now}
	var secret string
	err = s.inTx(ctx, func(tx webhooksStore) error {
		if secret, err = sealNewSecret(ctx, tx, e); err != nil {
			return err
		}
		if err := tx.CreateWebhookEndpoint(ctx, e); err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "webhook.create", endpointTarget(e.ID), e.URL)
	})
	return e, secret, err
}

// checkInput validates in and, when it names a URL, where the URL leads.
func (s *Webhooks) checkInput(ctx context.Context, orgID int64, in *WebhookEndpointInput) error {
	set, err := s.store.FindWebhookSettings(ctx, orgID)
	if err != nil {
		return err
	}
	if err := in.validate(set.AllowPrivate); err != nil {
		return err
	}
	if in.URL == nil {
		return nil
	}
	return checkWebhookTarget(ctx, s.resolve, *in.URL, set.AllowPrivate)
}

// sealNewSecret gives e a new signing secret, sealed, and returns it.
func sealNewSecret(ctx context.Context, tx OrgStore, e *WebhookEndpoint) (string, error) {
	org, err := tx.FindOrgByID(ctx, e.OrgID)
	if err != nil {
		return "", err
	}
	secret, _ := NewSecret("whsec_")
	e.SealedSecret = seal(org.Secret, secretPurpose, []byte(secret))
	return secret, nil
}

// WebhookSecret opens endpoint e's signing secret, for the workers.
func WebhookSecret(org *Org, e *WebhookEndpoint) (string, error) {
	b, err := unseal(org.Secret, secretPurpose, e.SealedSecret)
	return string(b), err
}

// UpdateWebhookEndpoint changes an endpoint's URL, events or state.
// Enabling it again starts afresh: what was pending when it was disabled
// was cancelled then. ENOTFOUND, EINVALID.
func (s *Webhooks) UpdateWebhookEndpoint(ctx context.Context, id int64, in WebhookEndpointInput) (*WebhookEndpoint, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	if err := s.checkInput(ctx, a.OrgID, &in); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var e *WebhookEndpoint
	err = s.inTx(ctx, func(tx webhooksStore) error {
		if e, err = findEndpoint(ctx, tx, a.OrgID, id); err != nil {
			return err
		}
		wasEnabled := e.Enabled
		if in.URL != nil {
			e.URL = *in.URL
		}
		if in.Events != nil {
			e.Events = in.Events
		}
		if in.Enabled != nil {
			e.Enabled = *in.Enabled
		}
		e.UpdatedAt = now
		if e.Enabled && !wasEnabled {
			e.FailingSince, e.DisabledReason = time.Time{}, ""
		}
		if !e.Enabled && wasEnabled {
			if err := tx.CancelWebhookDeliveries(ctx, e.ID); err != nil {
				return err
			}
		}
		if err := tx.UpdateWebhookEndpoint(ctx, e); err != nil {
			return err
		}
		detail := e.URL + " events=" + strings.Join(e.Events, ",") + " enabled=" + strconv.FormatBool(e.Enabled)
		return audit(ctx, tx, now, a, "webhook.update", endpointTarget(e.ID), detail)
	})
	return e, err
}

// RotateWebhookSecret gives an endpoint a new signing secret, returned
// only now; the old one stops signing at once. ENOTFOUND.
func (s *Webhooks) RotateWebhookSecret(ctx context.Context, id int64) (string, error) {
	var secret string
	err := s.withEndpoint(ctx, id, func(tx webhooksStore, a *Actor, e *WebhookEndpoint, now time.Time) error {
		var err error
		if secret, err = sealNewSecret(ctx, tx, e); err != nil {
			return err
		}
		e.UpdatedAt = now
		if err := tx.UpdateWebhookEndpoint(ctx, e); err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "webhook.rotate_secret", endpointTarget(e.ID), "")
	})
	return secret, err
}

// withEndpoint runs fn on the actor's endpoint id in one transaction, for
// an admin or a manage key. ENOTFOUND.
func (s *Webhooks) withEndpoint(ctx context.Context, id int64, fn func(tx webhooksStore, a *Actor, e *WebhookEndpoint, now time.Time) error) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.inTx(ctx, func(tx webhooksStore) error {
		e, err := findEndpoint(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		return fn(tx, a, e, now)
	})
}

// DeleteWebhookEndpoint removes an endpoint, its pending deliveries and
// its log. ENOTFOUND.
func (s *Webhooks) DeleteWebhookEndpoint(ctx context.Context, id int64) error {
	return s.withEndpoint(ctx, id, func(tx webhooksStore, a *Actor, e *WebhookEndpoint, now time.Time) error {
		if err := tx.DeleteWebhookEndpoint(ctx, a.OrgID, id); err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "webhook.delete", endpointTarget(id), e.URL)
	})
}

// SendTestEvent queues a webhook.test event to endpoint id alone, after
// what it has pending. ENOTFOUND, ECONFLICT (the endpoint is disabled).
func (s *Webhooks) SendTestEvent(ctx context.Context, id int64) error {
	return s.withEndpoint(ctx, id, func(tx webhooksStore, _ *Actor, e *WebhookEndpoint, now time.Time) error {
		if !e.Enabled {
			return Errorf(ECONFLICT, "enabled", "the endpoint is disabled; enable it to send a test event")
		}
		data := testEvent{EndpointID: e.ID, Message: "A test event from Trustcard."}
		return queueEvent(ctx, tx, []*WebhookEndpoint{e}, EventTest, now, data)
	})
}

// FindWebhookAttempts returns the newest limit lines of endpoint id's
// delivery log (every endpoint's with 0), newest first. ENOTFOUND.
func (s *Webhooks) FindWebhookAttempts(ctx context.Context, id int64, limit int) ([]*WebhookAttempt, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	if id != 0 {
		if _, err := findEndpoint(ctx, s.store, a.OrgID, id); err != nil {
			return nil, err
		}
	}
	if limit <= 0 || limit > MaxPageLimit {
		limit = MaxPageLimit
	}
	return s.store.FindWebhookAttempts(ctx, a.OrgID, id, limit)
}

// WebhookSettings returns the org's webhook rules.
func (s *Webhooks) WebhookSettings(ctx context.Context) (*WebhookSettings, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return s.store.FindWebhookSettings(ctx, a.OrgID)
}

// SetAllowPrivate allows or refuses endpoints on private addresses, and
// records the change in the audit log. Refusing again does not remove
// endpoints: the workers refuse to connect to them.
func (s *Webhooks) SetAllowPrivate(ctx context.Context, allow bool) (*WebhookSettings, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	set := &WebhookSettings{OrgID: a.OrgID, AllowPrivate: allow, UpdatedAt: now}
	err = s.inTx(ctx, func(tx webhooksStore) error {
		old, err := tx.FindWebhookSettings(ctx, a.OrgID)
		if err != nil {
			return err
		}
		if err := tx.SaveWebhookSettings(ctx, set); err != nil {
			return err
		}
		return auditChange(ctx, tx, now, a, "webhook.settings", "org", "",
			map[string]bool{"allow_private": old.AllowPrivate}, map[string]bool{"allow_private": allow})
	})
	return set, err
}

func endpointTarget(id int64) string { return "webhook:" + strconv.FormatInt(id, 10) }
