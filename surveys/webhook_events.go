package surveys

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// The body of a webhook is a wire contract, like /api/v1, and it is fixed
// when the event happens so that every attempt sends the same bytes: its
// JSON shape is declared here, where the event is written, rather than on
// the edge. It carries ids, the rep, the team and the scores an
// integration needs, and no buyer's name, address or comment.

// webhookBody is what every webhook posts.
type webhookBody struct {
	ID        string    `json:"id"` // the event's id, the same on every attempt and every endpoint
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Data      any       `json:"data"`
}

// eventRep names a rep the way the CRM knows them.
type eventRep struct {
	ID         int64  `json:"id"`
	ExternalID string `json:"external_id"`
}

// responseEvent is the data of response.created and response.updated.
type responseEvent struct {
	ResponseID   int64          `json:"response_id"`
	InvitationID int64          `json:"invitation_id"`
	Rep          eventRep       `json:"rep"`
	TeamID       *int64         `json:"team_id"`
	SubmittedAt  time.Time      `json:"submitted_at"`
	Trust        *float64       `json:"trust"` // 0–100; null when no trust item was answered
	Answers      map[string]int `json:"answers"`
	Commented    bool           `json:"commented"` // the comment itself stays in Trustcard
}

// alertEvent is the data of alert.opened and alert.transitioned.
type alertEvent struct {
	AlertID    int64      `json:"alert_id"`
	ResponseID int64      `json:"response_id"`
	Rep        eventRep   `json:"rep"`
	TeamID     *int64     `json:"team_id"`
	Status     string     `json:"status"`
	Reasons    []string   `json:"reasons"`
	OpenedAt   time.Time  `json:"opened_at"`
	From       string     `json:"from,omitempty"` // alert.transitioned: the status before
	Outcome    string     `json:"outcome,omitempty"`
	MovedAt    *time.Time `json:"moved_at,omitempty"`
}

// invitationEvent is the data of invitation.suppressed.
type invitationEvent struct {
	InvitationID  int64    `json:"invitation_id"`
	InteractionID int64    `json:"interaction_id"`
	Rep           eventRep `json:"rep"`
	TeamID        *int64   `json:"team_id"`
	Reason        string   `json:"reason"`
}

// testEvent is the data of webhook.test.
type testEvent struct {
	EndpointID int64  `json:"endpoint_id"`
	Message    string `json:"message"`
}

// webhookEmitter is what queuing an event needs, inside the transaction of
// the change it reports.
type webhookEmitter interface {
	WebhookStore
	JobStore
	FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error)
}

// emitEvent queues the event typ with data for every enabled endpoint of
// the org that wants it, in tx: a delivery and its job each. Nothing is
// queued when none does, and nothing is sent if tx rolls back.
func emitEvent(ctx context.Context, tx webhookEmitter, orgID int64, typ string, now time.Time, data func(eventRep) any, repID int64) error {
	all, err := tx.FindWebhookEndpoints(ctx, orgID, 0)
	if err != nil {
		return err
	}
	var to []*WebhookEndpoint
	for _, e := range all {
		if e.Wants(typ) {
			to = append(to, e)
		}
	}
	if len(to) == 0 {
		return nil
	}
	rep := eventRep{ID: repID}
	if repID != 0 {
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: orgID, IDs: []int64{repID}, Page: Page{Limit: -1}})
		if err != nil {
			return err
		}
		if len(reps) == 1 {
			rep.ExternalID = reps[0].ExternalID
		}
	}
	return queueEvent(ctx, tx, to, typ, now, data(rep))
}

// queueEvent writes one event with data to endpoints: a delivery and a job
// each.
func queueEvent(ctx context.Context, tx webhookEmitter, endpoints []*WebhookEndpoint, typ string, now time.Time, data any) error {
	id := newEventID()
	body, err := json.Marshal(webhookBody{ID: id, Type: typ, CreatedAt: now.UTC().Truncate(time.Millisecond), Data: data})
	if err != nil {
		return fmt.Errorf("webhook event %s: %w", typ, err)
	}
	ds := make([]*WebhookDelivery, len(endpoints))
	for i, e := range endpoints {
		ds[i] = &WebhookDelivery{OrgID: e.OrgID, EndpointID: e.ID, EventID: id, Type: typ, Body: string(body),
			Status: DeliveryPending, NextAt: now, CreatedAt: now}
	}
	if err := tx.CreateWebhookDeliveries(ctx, ds...); err != nil {
		return err
	}
	jobs := make([]*Job, len(ds))
	for i, d := range ds {
		jobs[i] = &Job{OrgID: d.OrgID, Kind: JobWebhook, Ref: d.ID, RunAt: now}
	}
	return tx.EnqueueJob(ctx, jobs...)
}

// newEventID returns a random event id: "evt_" and 128 bits in hex.
func newEventID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("surveys: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return "evt_" + hex.EncodeToString(b)
}

// optionalID is id, or nil for 0 (JSON null).
func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// emitResponse queues response.created, or response.updated for answers
// that replace answers the buyer sent before.
func emitResponse(ctx context.Context, tx webhookEmitter, r *Response, updated bool, now time.Time) error {
	typ := EventResponseCreated
	if updated {
		typ = EventResponseUpdated
	}
	return emitEvent(ctx, tx, r.OrgID, typ, now, func(rep eventRep) any {
		answers := r.Answers
		if answers == nil {
			answers = map[string]int{}
		}
		return responseEvent{ResponseID: r.ID, InvitationID: r.InvitationID, Rep: rep, TeamID: optionalID(r.TeamID),
			SubmittedAt: r.SubmittedAt.UTC(), Trust: r.TrustValue, Answers: answers, Commented: r.Comment != ""}
	}, r.RepID)
}

// emitAlert queues alert.opened (from "") or alert.transitioned.
func emitAlert(ctx context.Context, tx webhookEmitter, a *Alert, from AlertStatus, now time.Time) error {
	typ := EventAlertOpened
	if from != "" {
		typ = EventAlertTransitioned
	}
	return emitEvent(ctx, tx, a.OrgID, typ, now, func(rep eventRep) any {
		ev := alertEvent{AlertID: a.ID, ResponseID: a.ResponseID, Rep: rep, TeamID: optionalID(a.TeamID), Status: string(a.Status),
			Reasons: nonNilStrings(a.Reasons), OpenedAt: a.OpenedAt.UTC(), From: string(from), Outcome: string(a.Outcome)}
		if from != "" {
			at := now.UTC()
			ev.MovedAt = &at
		}
		return ev
	}, a.RepID)
}

// emitSuppressed queues invitation.suppressed.
func emitSuppressed(ctx context.Context, tx webhookEmitter, inv *Invitation, now time.Time) error {
	return emitEvent(ctx, tx, inv.OrgID, EventInvitationSuppressed, now, func(rep eventRep) any {
		return invitationEvent{InvitationID: inv.ID, InteractionID: inv.InteractionID, Rep: rep, TeamID: optionalID(inv.TeamID), Reason: inv.Reason}
	}, inv.RepID)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
