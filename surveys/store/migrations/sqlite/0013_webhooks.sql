-- +goose Up
-- Outbound webhooks: the endpoints an org's events are posted to, each
-- event queued per endpoint (written in the transaction of the change it
-- reports), the log of every attempt, and the org's rule on private
-- addresses. They replace the first schema's webhooks and
-- webhook_deliveries, which nothing wrote.
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
CREATE TABLE webhook_endpoints (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    url             TEXT NOT NULL,
    events          TEXT NOT NULL,                 -- JSON, []string
    enabled         BOOLEAN NOT NULL,
    sealed_secret   TEXT NOT NULL,
    failing_since   DATETIME,                   -- NULL: not failing
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id);
CREATE TABLE webhook_deliveries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    endpoint_id  BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL,
    type         TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       TEXT NOT NULL,                    -- pending, delivered, cancelled
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      DATETIME NOT NULL,
    locked_until DATETIME,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    delivered_at DATETIME
);
-- The order of each endpoint's pending deliveries.
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, status, id);
CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    endpoint_id  BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    delivery_id  BIGINT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL,
    type         TEXT NOT NULL,
    attempt      INTEGER NOT NULL,
    at           DATETIME NOT NULL,
    status_code  INTEGER NOT NULL,                 -- 0: no answer
    duration_ms  BIGINT NOT NULL,
    error        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id);
CREATE INDEX webhook_attempts_org ON webhook_attempts (org_id, id);
CREATE TABLE webhook_settings (
    org_id        BIGINT PRIMARY KEY REFERENCES orgs(id),
    allow_private BOOLEAN NOT NULL,
    updated_at    DATETIME NOT NULL
);

-- +goose Down
DROP TABLE webhook_settings;
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    events      TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  DATETIME NOT NULL
);
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks(id),
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    response_status INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    delivered_at    DATETIME
);
