package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

type webhookEndpointRow struct {
	ID             int64
	OrgID          int64
	URL            string `gorm:"column:url"`
	Events         string
	Enabled        bool
	SealedSecret   string
	FailingSince   sql.NullTime
	DisabledReason string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (webhookEndpointRow) TableName() string { return "webhook_endpoints" }

func newWebhookEndpointRow(e *surveys.WebhookEndpoint) (*webhookEndpointRow, error) {
	events, err := json.Marshal(nonNil(e.Events))
	if err != nil {
		return nil, fmt.Errorf("store: encode webhook events: %w", err)
	}
	return &webhookEndpointRow{ID: e.ID, OrgID: e.OrgID, URL: e.URL, Events: string(events), Enabled: e.Enabled,
		SealedSecret: e.SealedSecret, FailingSince: nullTime(e.FailingSince), DisabledReason: e.DisabledReason,
		CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC()}, nil
}

func (r *webhookEndpointRow) toEndpoint() (*surveys.WebhookEndpoint, error) {
	e := &surveys.WebhookEndpoint{ID: r.ID, OrgID: r.OrgID, URL: r.URL, Enabled: r.Enabled, SealedSecret: r.SealedSecret,
		DisabledReason: r.DisabledReason, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.FailingSince.Valid {
		e.FailingSince = r.FailingSince.Time.UTC()
	}
	if err := json.Unmarshal([]byte(r.Events), &e.Events); err != nil {
		return nil, fmt.Errorf("store: decode webhook endpoint %d: %w", r.ID, err)
	}
	return e, nil
}

type webhookDeliveryRow struct {
	ID          int64
	OrgID       int64
	EndpointID  int64
	EventID     string
	Type        string
	Body        string
	Status      string
	Attempts    int
	NextAt      time.Time
	LockedUntil sql.NullTime
	LastError   string
	CreatedAt   time.Time
	DeliveredAt sql.NullTime
}

func (webhookDeliveryRow) TableName() string { return "webhook_deliveries" }

func (r *webhookDeliveryRow) toDelivery() *surveys.WebhookDelivery {
	d := &surveys.WebhookDelivery{ID: r.ID, OrgID: r.OrgID, EndpointID: r.EndpointID, EventID: r.EventID, Type: r.Type,
		Body: r.Body, Status: r.Status, Attempts: r.Attempts, NextAt: r.NextAt.UTC(), LastError: r.LastError,
		CreatedAt: r.CreatedAt.UTC()}
	if r.DeliveredAt.Valid {
		d.DeliveredAt = r.DeliveredAt.Time.UTC()
	}
	return d
}

type webhookAttemptRow struct {
	ID         int64
	OrgID      int64
	EndpointID int64
	DeliveryID int64
	EventID    string
	Type       string
	Attempt    int
	At         time.Time
	StatusCode int
	DurationMs int64
	Error      string
}

func (webhookAttemptRow) TableName() string { return "webhook_attempts" }

type webhookSettingsRow struct {
	OrgID        int64 `gorm:"primaryKey;autoIncrement:false"`
	AllowPrivate bool
	UpdatedAt    time.Time
}

func (webhookSettingsRow) TableName() string { return "webhook_settings" }

// CreateWebhookEndpoint stores a new endpoint.
func (db *DB) CreateWebhookEndpoint(ctx context.Context, e *surveys.WebhookEndpoint) error {
	row, err := newWebhookEndpointRow(e)
	if err != nil {
		return err
	}
	if err := db.q(ctx).Create(row).Error; err != nil {
		return translate("create webhook endpoint", err)
	}
	e.ID = row.ID
	return nil
}

// UpdateWebhookEndpoint saves every field of e.
func (db *DB) UpdateWebhookEndpoint(ctx context.Context, e *surveys.WebhookEndpoint) error {
	row, err := newWebhookEndpointRow(e)
	if err != nil {
		return err
	}
	res := db.q(ctx).Model(&webhookEndpointRow{}).Where("id = ? AND org_id = ?", e.ID, e.OrgID).Updates(map[string]any{
		"url": row.URL, "events": row.Events, "enabled": row.Enabled, "sealed_secret": row.SealedSecret,
		"failing_since": row.FailingSince, "disabled_reason": row.DisabledReason, "updated_at": row.UpdatedAt})
	if res.Error != nil {
		return translate("update webhook endpoint", res.Error)
	}
	if res.RowsAffected == 0 {
		return surveys.Errorf(surveys.ENOTFOUND, "id", "no webhook endpoint %d", e.ID)
	}
	return nil
}

// DeleteWebhookEndpoint removes an endpoint with its deliveries and log.
func (db *DB) DeleteWebhookEndpoint(ctx context.Context, orgID, id int64) error {
	q := db.q(ctx)
	if err := q.Where("endpoint_id = ? AND org_id = ?", id, orgID).Delete(&webhookAttemptRow{}).Error; err != nil {
		return translate("delete webhook attempts", err)
	}
	if err := q.Where("endpoint_id = ? AND org_id = ?", id, orgID).Delete(&webhookDeliveryRow{}).Error; err != nil {
		return translate("delete webhook deliveries", err)
	}
	res := q.Where("id = ? AND org_id = ?", id, orgID).Delete(&webhookEndpointRow{})
	if res.Error != nil {
		return translate("delete webhook endpoint", res.Error)
	}
	if res.RowsAffected == 0 {
		return surveys.Errorf(surveys.ENOTFOUND, "id", "no webhook endpoint %d", id)
	}
	return nil
}

// FindWebhookEndpoints returns the org's endpoints (id: only that one).
func (db *DB) FindWebhookEndpoints(ctx context.Context, orgID, id int64) ([]*surveys.WebhookEndpoint, error) {
	q := db.q(ctx).Where("org_id = ?", orgID)
	if id != 0 {
		q = q.Where("id = ?", id)
	}
	var rows []webhookEndpointRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, translate("find webhook endpoints", err)
	}
	out := make([]*surveys.WebhookEndpoint, len(rows))
	for i := range rows {
		e, err := rows[i].toEndpoint()
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// CreateWebhookDeliveries stores pending deliveries in one statement.
func (db *DB) CreateWebhookDeliveries(ctx context.Context, ds ...*surveys.WebhookDelivery) error {
	if len(ds) == 0 {
		return nil
	}
	rows := make([]webhookDeliveryRow, len(ds))
	for i, d := range ds {
		rows[i] = webhookDeliveryRow{OrgID: d.OrgID, EndpointID: d.EndpointID, EventID: d.EventID, Type: d.Type, Body: d.Body,
			Status: d.Status, NextAt: d.NextAt.UTC(), CreatedAt: d.CreatedAt.UTC()}
	}
	if err := db.q(ctx).Create(&rows).Error; err != nil {
		return translate("create webhook deliveries", err)
	}
	for i, d := range ds {
		d.ID = rows[i].ID
	}
	return nil
}

// claimDeliverySQL leases a delivery when it is first in its endpoint's
// line, due and not leased: one statement, so two workers never both
// send it.
const claimDeliverySQL = `UPDATE webhook_deliveries SET locked_until = @until, attempts = attempts + 1
WHERE id = @id AND status = 'pending' AND next_at <= @now
  AND (locked_until IS NULL OR locked_until < @now)
  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
    WHERE e.endpoint_id = webhook_deliveries.endpoint_id AND e.status = 'pending' AND e.id < webhook_deliveries.id)
RETURNING id, org_id, endpoint_id, event_id, type, body, status, attempts, next_at, last_error, created_at`

// ClaimWebhookDelivery leases delivery id when it may be sent now.
func (db *DB) ClaimWebhookDelivery(ctx context.Context, id int64, now, until time.Time) (*surveys.WebhookDelivery, error) {
	var rows []webhookDeliveryRow
	err := db.q(ctx).Raw(claimDeliverySQL, map[string]any{"id": id, "now": now.UTC(), "until": until.UTC()}).Scan(&rows).Error
	if err != nil {
		return nil, translate("claim webhook delivery", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].toDelivery(), nil
}

// SaveWebhookDelivery stores d's outcome and ends its lease.
func (db *DB) SaveWebhookDelivery(ctx context.Context, d *surveys.WebhookDelivery) error {
	err := db.q(ctx).Model(&webhookDeliveryRow{}).Where("id = ?", d.ID).Updates(map[string]any{
		"status": d.Status, "next_at": d.NextAt.UTC(), "last_error": d.LastError, "locked_until": nil,
		"delivered_at": nullTime(d.DeliveredAt)}).Error
	return translate("save webhook delivery", err)
}

// NextWebhookDelivery returns the earliest pending delivery to endpoint.
func (db *DB) NextWebhookDelivery(ctx context.Context, endpointID int64) (int64, error) {
	var ids []int64
	err := db.q(ctx).Model(&webhookDeliveryRow{}).Where("endpoint_id = ? AND status = ?", endpointID, surveys.DeliveryPending).
		Order("id").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, translate("next webhook delivery", err)
	}
	return ids[0], nil
}

// CancelWebhookDeliveries cancels the endpoint's pending deliveries.
func (db *DB) CancelWebhookDeliveries(ctx context.Context, endpointID int64) error {
	err := db.q(ctx).Model(&webhookDeliveryRow{}).Where("endpoint_id = ? AND status = ?", endpointID, surveys.DeliveryPending).
		Updates(map[string]any{"status": surveys.DeliveryCancelled, "locked_until": nil}).Error
	return translate("cancel webhook deliveries", err)
}

// AddWebhookAttempt stores a line of the delivery log.
func (db *DB) AddWebhookAttempt(ctx context.Context, a *surveys.WebhookAttempt) error {
	row := &webhookAttemptRow{OrgID: a.OrgID, EndpointID: a.EndpointID, DeliveryID: a.DeliveryID, EventID: a.EventID,
		Type: a.Type, Attempt: a.Attempt, At: a.At.UTC(), StatusCode: a.StatusCode, DurationMs: a.Duration.Milliseconds(), Error: a.Error}
	if err := db.q(ctx).Create(row).Error; err != nil {
		return translate("add webhook attempt", err)
	}
	a.ID = row.ID
	return nil
}

// FindWebhookAttempts returns the newest attempts, newest first.
func (db *DB) FindWebhookAttempts(ctx context.Context, orgID, endpointID int64, limit int) ([]*surveys.WebhookAttempt, error) {
	q := db.q(ctx).Where("org_id = ?", orgID)
	if endpointID != 0 {
		q = q.Where("endpoint_id = ?", endpointID)
	}
	var rows []webhookAttemptRow
	if err := q.Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate("find webhook attempts", err)
	}
	out := make([]*surveys.WebhookAttempt, len(rows))
	for i, r := range rows {
		out[i] = &surveys.WebhookAttempt{ID: r.ID, OrgID: r.OrgID, EndpointID: r.EndpointID, DeliveryID: r.DeliveryID,
			EventID: r.EventID, Type: r.Type, Attempt: r.Attempt, At: r.At.UTC(), StatusCode: r.StatusCode,
			Duration: time.Duration(r.DurationMs) * time.Millisecond, Error: r.Error}
	}
	return out, nil
}

// FindWebhookSettings returns the org's webhook rules, the defaults when
// never set.
func (db *DB) FindWebhookSettings(ctx context.Context, orgID int64) (*surveys.WebhookSettings, error) {
	var rows []webhookSettingsRow
	if err := db.q(ctx).Where("org_id = ?", orgID).Find(&rows).Error; err != nil {
		return nil, translate("find webhook settings", err)
	}
	s := &surveys.WebhookSettings{OrgID: orgID}
	if len(rows) == 1 {
		s.AllowPrivate, s.UpdatedAt = rows[0].AllowPrivate, rows[0].UpdatedAt.UTC()
	}
	return s, nil
}

// SaveWebhookSettings stores the org's webhook rules.
func (db *DB) SaveWebhookSettings(ctx context.Context, s *surveys.WebhookSettings) error {
	row := webhookSettingsRow{OrgID: s.OrgID, AllowPrivate: s.AllowPrivate, UpdatedAt: s.UpdatedAt.UTC()}
	err := db.q(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "org_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"allow_private", "updated_at"})}).Create(&row).Error
	return translate("save webhook settings", err)
}
