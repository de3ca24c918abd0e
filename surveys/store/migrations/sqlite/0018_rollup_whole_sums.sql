-- +goose Up
-- Rollup sums become whole numbers, so that they add up alike in any order:
-- a question's sums count its answers' values (whole already), the trust
-- metric's count units of 25/60 (every trust value, of up to five items, and every promise value is a multiple of it)
-- and its sums of squares units of (25/60)². SQLite keeps a REAL column's
-- values as floats, so the tables are made again with INTEGER columns.
CREATE TABLE rollup_totals_new (
    org_id      BIGINT NOT NULL,
    rep_id      BIGINT NOT NULL,
    team_id     BIGINT NOT NULL DEFAULT 0,
    metric      TEXT NOT NULL,
    day         TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         INTEGER NOT NULL DEFAULT 0,
    sum_sq      INTEGER NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, metric)
);

INSERT INTO rollup_totals_new (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
SELECT org_id, rep_id, team_id, metric, day, n,
    CAST(round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 60 / 25 ELSE sum END) AS INTEGER),
    CAST(round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 3600 / 625 ELSE sum_sq END) AS INTEGER),
    top2, promoters, detractors
FROM rollup_totals;
DROP TABLE rollup_totals;
ALTER TABLE rollup_totals_new RENAME TO rollup_totals;

CREATE TABLE rollup_history_new (
    org_id      BIGINT NOT NULL,
    rep_id      BIGINT NOT NULL,
    team_id     BIGINT NOT NULL DEFAULT 0,
    metric      TEXT NOT NULL,
    day         TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         INTEGER NOT NULL DEFAULT 0,
    sum_sq      INTEGER NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, metric, day)
);

INSERT INTO rollup_history_new (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
SELECT org_id, rep_id, team_id, metric, day, n,
    CAST(round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 60 / 25 ELSE sum END) AS INTEGER),
    CAST(round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 3600 / 625 ELSE sum_sq END) AS INTEGER),
    top2, promoters, detractors
FROM rollup_history;
DROP TABLE rollup_history;
ALTER TABLE rollup_history_new RENAME TO rollup_history;

CREATE INDEX rollup_totals_day ON rollup_totals (org_id, day, rep_id, team_id, metric, n, sum, sum_sq, top2, promoters, detractors);
CREATE INDEX rollup_history_day ON rollup_history (org_id, day, rep_id, team_id, metric, n, sum, sum_sq, top2, promoters, detractors);

-- The response rate's cohorts ('answered') are not in the rollups written
-- before: trustcard rebuilds them from the raw answers once, when it next
-- opens the database (TakeRollupRebuild).
CREATE TABLE pending_tasks (name TEXT PRIMARY KEY);
INSERT INTO pending_tasks (name) SELECT 'rollup_rebuild' WHERE EXISTS (SELECT 1 FROM rollup_totals);

-- +goose Down
CREATE TABLE rollup_totals_new (
    org_id      BIGINT NOT NULL,
    rep_id      BIGINT NOT NULL,
    team_id     BIGINT NOT NULL DEFAULT 0,
    metric      TEXT NOT NULL,
    day         TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         REAL NOT NULL DEFAULT 0,
    sum_sq      REAL NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, metric)
);

INSERT INTO rollup_totals_new (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
SELECT org_id, rep_id, team_id, metric, day, n,
    CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 25 / 60.0 ELSE CAST(sum AS REAL) END,
    CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 625 / 3600.0 ELSE CAST(sum_sq AS REAL) END,
    top2, promoters, detractors
FROM rollup_totals;
DROP TABLE rollup_totals;
ALTER TABLE rollup_totals_new RENAME TO rollup_totals;

CREATE TABLE rollup_history_new (
    org_id      BIGINT NOT NULL,
    rep_id      BIGINT NOT NULL,
    team_id     BIGINT NOT NULL DEFAULT 0,
    metric      TEXT NOT NULL,
    day         TEXT NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         REAL NOT NULL DEFAULT 0,
    sum_sq      REAL NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, metric, day)
);

INSERT INTO rollup_history_new (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
SELECT org_id, rep_id, team_id, metric, day, n,
    CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 25 / 60.0 ELSE CAST(sum AS REAL) END,
    CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 625 / 3600.0 ELSE CAST(sum_sq AS REAL) END,
    top2, promoters, detractors
FROM rollup_history;
DROP TABLE rollup_history;
ALTER TABLE rollup_history_new RENAME TO rollup_history;

CREATE INDEX rollup_totals_day ON rollup_totals (org_id, day, rep_id, team_id, metric, n, sum, sum_sq, top2, promoters, detractors);
CREATE INDEX rollup_history_day ON rollup_history (org_id, day, rep_id, team_id, metric, n, sum, sum_sq, top2, promoters, detractors);
DROP TABLE pending_tasks;
