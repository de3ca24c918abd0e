-- +goose Up
-- What became of an interaction, as the CRM reports it ('' until it does),
-- and since when; and the promise follow-ups: one per interaction that was
-- won, asking the buyer some time later whether what the rep said held.
ALTER TABLE interactions ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE interactions ADD COLUMN outcome_at DATETIME;

CREATE TABLE promise_followups (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    interaction_id  BIGINT NOT NULL UNIQUE REFERENCES interactions(id),
    rep_id          BIGINT NOT NULL REFERENCES reps(id),
    team_id         BIGINT REFERENCES teams(id),
    buyer_id        BIGINT NOT NULL REFERENCES buyers(id),
    token_hash      TEXT UNIQUE,                -- set when it is sent
    status          TEXT NOT NULL,              -- scheduled, cancelled, suppressed, sent, answered, failed
    reason          TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL,
    due_at          DATETIME NOT NULL,
    sent_at         DATETIME,
    expires_at      DATETIME,
    answered_at     DATETIME,
    accurate        INTEGER NOT NULL DEFAULT 0, -- 1–5; 0 not answered
    fits            INTEGER NOT NULL DEFAULT 0, -- 1–5; 0 not answered
    created_at      DATETIME NOT NULL
);
CREATE INDEX promise_followups_rep ON promise_followups (org_id, rep_id, answered_at);

-- +goose Down
DROP TABLE promise_followups;
ALTER TABLE interactions DROP COLUMN outcome_at;
ALTER TABLE interactions DROP COLUMN outcome;
