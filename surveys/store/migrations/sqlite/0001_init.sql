-- +goose Up
-- The whole data model. Every table but orgs is scoped by org_id.

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    settings    TEXT NOT NULL,              -- JSON, surveys.Settings
    secret      TEXT NOT NULL,              -- signs survey links
    created_at  DATETIME NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    email         TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'rep')),
    rep_id        BIGINT,
    password_hash TEXT NOT NULL DEFAULT '',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    DATETIME NOT NULL,
    UNIQUE (org_id, email)
);

CREATE TABLE sign_in_links (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    user_id      BIGINT NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    parent_id   BIGINT REFERENCES teams(id),
    created_at  DATETIME NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE team_leaders (
    team_id  BIGINT NOT NULL REFERENCES teams(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE reps (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    external_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    team_id      BIGINT REFERENCES teams(id),
    active       BOOLEAN NOT NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    UNIQUE (org_id, external_id),
    UNIQUE (org_id, email)
);
CREATE INDEX reps_team ON reps (org_id, team_id);

CREATE TABLE buyers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    email           TEXT,                   -- NULL once erased
    email_hash      TEXT NOT NULL,          -- stays, so erased addresses stay suppressed
    name            TEXT NOT NULL DEFAULT '',
    company         TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL DEFAULT '',
    time_zone       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'active',
    status_at       DATETIME,
    last_invited_at DATETIME,
    erased_at       DATETIME,
    created_at      DATETIME NOT NULL,
    UNIQUE (org_id, email_hash)
);

CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    external_id  TEXT NOT NULL,
    rep_id       BIGINT NOT NULL REFERENCES reps(id),
    team_id      BIGINT REFERENCES teams(id),
    buyer_id     BIGINT NOT NULL REFERENCES buyers(id),
    kind         TEXT NOT NULL,
    occurred_at  DATETIME NOT NULL,
    body_hash    TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    UNIQUE (org_id, external_id)
);
CREATE INDEX interactions_rep ON interactions (org_id, rep_id, occurred_at);

CREATE TABLE template_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    questions   TEXT NOT NULL,              -- JSON, []surveys.Question
    created_at  DATETIME NOT NULL,
    UNIQUE (org_id, version)
);

CREATE TABLE invitations (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
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
    due_at              DATETIME NOT NULL,
    sent_at             DATETIME,
    opened_at           DATETIME,
    answered_at         DATETIME,
    remind_at           DATETIME,
    expires_at          DATETIME,
    created_at          DATETIME NOT NULL
);
CREATE INDEX invitations_status ON invitations (org_id, status, due_at);
CREATE INDEX invitations_sent ON invitations (org_id, rep_id, sent_at);

-- The queue of record for all background work: survey emails, reminders,
-- expiry, alerts, webhooks and monthly reports.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    kind         TEXT NOT NULL,
    ref_id       BIGINT NOT NULL DEFAULT 0,  -- e.g. the invitation
    payload      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending',
    run_at       DATETIME NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    locked_until DATETIME,
    done_at      DATETIME,
    created_at   DATETIME NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);

CREATE TABLE mail_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    message_id  TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    html        TEXT NOT NULL,
    text        TEXT NOT NULL,
    headers     TEXT NOT NULL,              -- JSON
    created_at  DATETIME NOT NULL
);

CREATE TABLE responses (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id         BIGINT NOT NULL REFERENCES orgs(id),
    invitation_id  BIGINT NOT NULL UNIQUE REFERENCES invitations(id),
    rep_id         BIGINT NOT NULL REFERENCES reps(id),
    team_id        BIGINT REFERENCES teams(id),
    buyer_id       BIGINT REFERENCES buyers(id),   -- NULL once erased
    trust_value    REAL,               -- NULL: no trust item answered
    comment        TEXT NOT NULL DEFAULT '',
    share_name     BOOLEAN NOT NULL DEFAULT FALSE,
    locale         TEXT NOT NULL,
    provisional    BOOLEAN NOT NULL DEFAULT FALSE, -- one tap from the email, not yet submitted
    submitted_at   DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
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
    day         TEXT NOT NULL,
    metric      TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         REAL NOT NULL DEFAULT 0,
    sum_sq      REAL NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, day, metric)
);
CREATE INDEX rollups_day ON rollups (org_id, day);

CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    rep_id       BIGINT NOT NULL REFERENCES reps(id),
    response_id  BIGINT REFERENCES responses(id),
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open',
    detail       TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    resolved_at  DATETIME
);

CREATE TABLE alert_followups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    BIGINT NOT NULL REFERENCES alerts(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    note        TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);

CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    events      TEXT NOT NULL,              -- comma-separated
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

CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    scopes        TEXT NOT NULL,            -- comma-separated
    created_at    DATETIME NOT NULL,
    last_used_at  DATETIME,
    revoked_at    DATETIME
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, id);
