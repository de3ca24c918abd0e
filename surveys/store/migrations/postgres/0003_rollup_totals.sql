-- +goose Up
-- Running totals replace the daily cells, so a window's sums are two
-- lookups per rep and metric, whatever its length: the total at its last
-- day minus the total the day before its first.
--
-- rollup_totals holds each rep, team and metric's total so far, and the
-- day of its last change; rep 0 holds each team's own total over its reps,
-- so that team and org figures read a row per team, not per rep.
-- rollup_history holds the total at the end of every earlier day since the
-- first change, gaps included, so the total at any day is one row: the
-- history row of that day, else the current total if it changed on or
-- before that day, else nothing (zero).
CREATE TABLE rollup_totals (
    org_id      BIGINT NOT NULL,
    rep_id      BIGINT NOT NULL,
    team_id     BIGINT NOT NULL DEFAULT 0,
    metric      TEXT NOT NULL,
    day         DATE NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         DOUBLE PRECISION NOT NULL DEFAULT 0,
    sum_sq      DOUBLE PRECISION NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, metric)
);

CREATE TABLE rollup_history (
    org_id      BIGINT NOT NULL,
    rep_id      BIGINT NOT NULL,
    team_id     BIGINT NOT NULL DEFAULT 0,
    metric      TEXT NOT NULL,
    day         DATE NOT NULL,
    n           BIGINT NOT NULL DEFAULT 0,
    sum         DOUBLE PRECISION NOT NULL DEFAULT 0,
    sum_sq      DOUBLE PRECISION NOT NULL DEFAULT 0,
    top2        BIGINT NOT NULL DEFAULT 0,
    promoters   BIGINT NOT NULL DEFAULT 0,
    detractors  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, rep_id, team_id, metric, day)
);

-- Each daily cell's running total, and the next day its key changed.
CREATE TEMPORARY TABLE rollup_running ON COMMIT DROP AS
SELECT org_id, rep_id, team_id, metric, day, LEAD(day) OVER w AS next_day,
    SUM(n) OVER w AS n, SUM(sum) OVER w AS sum, SUM(sum_sq) OVER w AS sum_sq, SUM(top2) OVER w AS top2,
    SUM(promoters) OVER w AS promoters, SUM(detractors) OVER w AS detractors
FROM (
    SELECT org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors FROM rollups
    UNION ALL -- each team's own total, as rep 0
    SELECT org_id, 0, team_id, metric, day, SUM(n), SUM(sum), SUM(sum_sq), SUM(top2), SUM(promoters), SUM(detractors)
    FROM rollups GROUP BY org_id, team_id, metric, day
) cells
WINDOW w AS (PARTITION BY org_id, rep_id, team_id, metric ORDER BY day);

INSERT INTO rollup_totals (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
SELECT org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors
FROM rollup_running WHERE next_day IS NULL;

INSERT INTO rollup_history (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
SELECT org_id, rep_id, team_id, metric, day + g.i, n, sum, sum_sq, top2, promoters, detractors
FROM rollup_running, generate_series(0, next_day - day - 1) AS g(i) -- whole days: no time zone in between
WHERE next_day IS NOT NULL;

-- Indexed once filled: cheaper than keeping the indexes up row by row.
CREATE INDEX rollup_totals_day ON rollup_totals (org_id, day)
    INCLUDE (rep_id, team_id, metric, n, sum, sum_sq, top2, promoters, detractors);
-- A day's rows of every rep, of some reps, or of the teams (rep 0).
CREATE INDEX rollup_history_day ON rollup_history (org_id, day, rep_id, team_id)
    INCLUDE (metric, n, sum, sum_sq, top2, promoters, detractors);

DROP TABLE rollups;

-- +goose Down
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
CREATE INDEX rollups_window ON rollups (org_id, day) INCLUDE (rep_id, team_id, metric, n, sum, sum_sq, top2, promoters, detractors);

-- A day's cell is its total minus the day before's.
INSERT INTO rollups (org_id, rep_id, team_id, day, metric, n, sum, sum_sq, top2, promoters, detractors)
SELECT org_id, rep_id, team_id, day, metric, n - LAG(n, 1, 0) OVER w, sum - LAG(sum, 1, 0) OVER w,
    sum_sq - LAG(sum_sq, 1, 0) OVER w, top2 - LAG(top2, 1, 0) OVER w, promoters - LAG(promoters, 1, 0) OVER w,
    detractors - LAG(detractors, 1, 0) OVER w
FROM (SELECT * FROM rollup_history UNION ALL SELECT * FROM rollup_totals) t
WHERE rep_id <> 0
WINDOW w AS (PARTITION BY org_id, rep_id, team_id, metric ORDER BY day);
DELETE FROM rollups WHERE n = 0 AND sum = 0 AND sum_sq = 0 AND top2 = 0 AND promoters = 0 AND detractors = 0;

DROP TABLE rollup_history;
DROP TABLE rollup_totals;
