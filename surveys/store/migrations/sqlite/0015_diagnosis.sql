-- +goose Up
-- Diagnostic accuracy. A rep's diagnosis of an interaction (the buyer's main problem as the rep heard it, from the
-- CRM or typed by the rep within 48 hours of the meeting), one per interaction; and a buyer's own answer to "What
-- were you mainly trying to solve?", one per response. The pairs are counted in the rollups (metric "diagnosis").
CREATE TABLE interaction_diagnoses (
    interaction_id  BIGINT PRIMARY KEY REFERENCES interactions(id),
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    rep_id          BIGINT NOT NULL REFERENCES reps(id),
    category        TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL CHECK (source IN ('crm', 'rep')),
    entered_at      DATETIME NOT NULL
);

CREATE TABLE response_problems (
    response_id  BIGINT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    category     TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE response_problems;
DROP TABLE interaction_diagnoses;
