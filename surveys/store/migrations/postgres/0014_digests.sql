-- +goose Up
-- Digests: a leader's choice of a daily or weekly email of their teams.
-- next_due is when the next one is due, in Unix seconds (exact, so that a
-- worker moves it on only from the value it read); NULL when off.
CREATE TABLE digest_prefs (
    user_id     BIGINT PRIMARY KEY REFERENCES users(id),
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    frequency   TEXT NOT NULL,       -- off, daily, weekly
    hour        INTEGER NOT NULL,    -- 0–23 in time_zone
    weekday     INTEGER NOT NULL,    -- 0 Sunday … 6 Saturday; weekly only
    time_zone   TEXT NOT NULL,
    language    TEXT NOT NULL,
    next_due    BIGINT,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX digest_prefs_due ON digest_prefs (next_due);

-- +goose Down
DROP TABLE digest_prefs;
