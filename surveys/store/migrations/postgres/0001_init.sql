-- +goose Up
-- The whole data model. Every table but orgs is scoped by org_id.

CREATE TABLE orgs (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    settings    TEXT NOT NULL,              -- JSON, surveys.Settings
    secret      TEXT NOT NULL,              -- signs survey links
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    email         TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'rep')),
    rep_id        BIGINT,
    password_hash TEXT NOT NULL DEFAULT '',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, email)
);

CREATE TABLE sign_in_links (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    user_id      BIGINT NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE teams (
    id          BIGSERIAL PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    parent_id   BIGINT REFERENCES teams(id),
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE team_leaders (
    team_id  BIGINT NOT NULL REFERENCES teams(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE reps (
    id           BIGSERIAL PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    external_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    team_id      BIGINT REFERENCES teams(id),
    active       BOOLEAN NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, external_id),
    UNIQUE (org_id, email)
);
CREATE INDEX reps_team ON reps (org_id, team_id);

CREATE TABLE buyers (
    id              BIGSERIAL PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    email           TEXT,                   -- NULL once erased
    email_hash      TEXT NOT NULL,          -- stays, so erased addresses stay suppressed
    name            TEXT NOT NULL DEFAULT '',
    company         TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL DEFAULT '',
    time_zone       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'active',
    status_at       TIMESTAMPTZ,
    last_invited_at TIMESTAMPTZ,
    erased_at       TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, email_hash)
);

CREATE TABLE interactions (
    id           BIGSERIAL PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    external_id  TEXT NOT NULL,
    rep_id       BIGINT NOT NULL REFERENCES reps(id),
    team_id      BIGINT REFERENCES teams(id),
    buyer_id     BIGINT NOT NULL REFERENCES buyers(id),
    kind         TEXT NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    body_hash    TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, external_id)
);
CREATE INDEX interactions_rep ON interactions (org_id, rep_id, occurred_at);

CREATE TABLE template_versions (
    id          BIGSERIAL PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    questions   TEXT NOT NULL,              -- JSON, []surveys.Question
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, version)
);

CREATE TABLE invitations (
    id                  BIGSERIAL PRIMARY KEY,
    org_id              BIGINT NOT NULL REFERENCES orgs(id),
    interaction_id      BIGINT NOT NULL UNIQUE REFERENCES interactions(id),
    rep_id              BIGINT NOT NULL REFERENCES reps(id),
    team_id             BIGINT REFERENCES teams(id),
    buyer_id            BIGINT NOT NULL REFERENCES buyers(id),
    template_version_id BIGINT NOT NULL REFERENCES template_versions(id),
    token_hash          TEXT UNIQUE,        -- NULL when suppressed
    status              TEXT NOT NULL,
    reason              TEXT NOT NULL DEFAULT '',
    locale              TEXT NOT NULL,
    due_at              TIMESTAMPTZ NOT NULL,
    sent_at             TIMESTAMPTZ,
    opened_at           TIMESTAMPTZ,
    answered_at         TIMESTAMPTZ,
    remind_at           TIMESTAMPTZ,
    expires_at          TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX invitations_status ON invitations (org_id, status, due_at);
CREATE INDEX invitations_sent ON invitations (org_id, rep_id, sent_at);

-- The queue of record for all background work: survey emails, reminders,
-- expiry, alerts, webhooks and monthly reports.
CREATE TABLE jobs (
    id           BIGSERIAL PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    kind         TEXT NOT NULL,
    ref_id       BIGINT NOT NULL DEFAULT 0,  -- e.g. the invitation
    payload      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending',
    run_at       TIMESTAMPTZ NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    locked_until TIMESTAMPTZ,
    done_at      TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);

CREATE TABLE mail_messages (
    id          BIGSERIAL PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    message_id  TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    html        TEXT NOT NULL,
    text        TEXT NOT NULL,
    headers     TEXT NOT NULL,              -- JSON
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE responses (
    id             BIGSERIAL PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES orgs(id),
    invitation_id  BIGINT NOT NULL UNIQUE REFERENCES invitations(id),
    rep_id         BIGINT NOT NULL REFERENCES reps(id),
    team_id        BIGINT REFERENCES teams(id),
    buyer_id       BIGINT REFERENCES buyers(id),   -- NULL once erased
    trust_value    DOUBLE PRECISION,               -- NULL: no trust item answered
    comment        TEXT NOT NULL DEFAULT '',
    share_name     BOOLEAN NOT NULL DEFAULT FALSE,
    locale         TEXT NOT NULL,
    provisional    BOOLEAN NOT NULL DEFAULT FALSE, -- one tap from the email, not yet submitted
    submitted_at   TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX responses_rep ON responses (org_id, rep_id, submitted_at);

CREATE TABLE answers (
    response_id   BIGINT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_key  TEXT NOT NULL,
    value         INTEGER NOT NULL,
    PRIMARY KEY (response_id, question_key)
);

-- Per rep, team, day and metric ("trust" or a question key): the sums
-- the scores are computed from.
CREATE TABLE rollups (
    org_id      BIGINT NOT NULL,
    rep_id      BIGINT NOT NULL,
    team_id     BIGINT NOT NULL DEFAULT 0,
    day         DATE NOT NULL,
    metric      TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         DOUBLE PRECISION NOT NULL DEFAULT 0,
    sum_sq      DOUBLE PRECISION NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, day, metric)
);
CREATE INDEX rollups_day ON rollups (org_id, day);

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

CREATE TABLE webhooks (
    id          BIGSERIAL PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    events      TEXT NOT NULL,              -- comma-separated
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks(id),
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    response_status INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ
);

CREATE TABLE api_keys (
    id            BIGSERIAL PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    scopes        TEXT NOT NULL,            -- comma-separated
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, id);
