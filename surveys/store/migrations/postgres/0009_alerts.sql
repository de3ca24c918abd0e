-- +goose Up
-- Alerts: a response whose answers match the org's alert rules, one per
-- response, and its follow-up by the rep's leaders. They replace the
-- first schema's alerts and alert_followups, which nothing wrote.
DROP TABLE alert_followups;
DROP TABLE alerts;
CREATE TABLE alerts (
    id           BIGSERIAL PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    response_id  BIGINT NOT NULL UNIQUE REFERENCES responses(id),
    rep_id       BIGINT NOT NULL REFERENCES reps(id),
    team_id      BIGINT REFERENCES teams(id),   -- NULL: the rep had no team
    reasons      TEXT NOT NULL,                 -- JSON, []string
    leader_ids   TEXT NOT NULL,                 -- JSON, []int64: who it was opened for
    status       TEXT NOT NULL,                 -- open, acknowledged, contacted, resolved
    steps        TEXT NOT NULL,                 -- JSON, every step with who, when and a note
    outcome      TEXT NOT NULL DEFAULT '',
    opened_at    TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX alerts_org_opened ON alerts (org_id, opened_at);
CREATE INDEX alerts_org_rep ON alerts (org_id, rep_id);

-- +goose Down
DROP TABLE alerts;
CREATE TABLE alerts (
    id           BIGSERIAL PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    rep_id       BIGINT NOT NULL REFERENCES reps(id),
    response_id  BIGINT REFERENCES responses(id),
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open',
    detail       TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    resolved_at  TIMESTAMPTZ
);
CREATE TABLE alert_followups (
    id          BIGSERIAL PRIMARY KEY,
    alert_id    BIGINT NOT NULL REFERENCES alerts(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    note        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
