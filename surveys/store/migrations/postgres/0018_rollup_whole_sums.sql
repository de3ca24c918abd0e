-- +goose Up
-- Rollup sums become whole numbers, so that they add up alike in any order:
-- a question's sums count its answers' values (whole already), the trust
-- metric's count units of 25/60 (every trust value, of up to five items, and every promise value is a multiple of it)
-- and its sums of squares units of (25/60)².
ALTER TABLE rollup_totals ALTER COLUMN sum DROP DEFAULT, ALTER COLUMN sum_sq DROP DEFAULT;
ALTER TABLE rollup_history ALTER COLUMN sum DROP DEFAULT, ALTER COLUMN sum_sq DROP DEFAULT;
ALTER TABLE rollup_totals
    ALTER COLUMN sum TYPE BIGINT USING round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 60 / 25 ELSE sum END),
    ALTER COLUMN sum_sq TYPE BIGINT USING round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 3600 / 625 ELSE sum_sq END);
ALTER TABLE rollup_history
    ALTER COLUMN sum TYPE BIGINT USING round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 60 / 25 ELSE sum END),
    ALTER COLUMN sum_sq TYPE BIGINT USING round(CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 3600 / 625 ELSE sum_sq END);

ALTER TABLE rollup_totals ALTER COLUMN sum SET DEFAULT 0, ALTER COLUMN sum_sq SET DEFAULT 0;
ALTER TABLE rollup_history ALTER COLUMN sum SET DEFAULT 0, ALTER COLUMN sum_sq SET DEFAULT 0;

-- The response rate's cohorts ('answered') are not in the rollups written
-- before: trustcard rebuilds them from the raw answers once, when it next
-- opens the database (TakeRollupRebuild).
CREATE TABLE pending_tasks (name TEXT PRIMARY KEY);
INSERT INTO pending_tasks (name) SELECT 'rollup_rebuild' WHERE EXISTS (SELECT 1 FROM rollup_totals);

-- +goose Down
ALTER TABLE rollup_totals ALTER COLUMN sum DROP DEFAULT, ALTER COLUMN sum_sq DROP DEFAULT;
ALTER TABLE rollup_history ALTER COLUMN sum DROP DEFAULT, ALTER COLUMN sum_sq DROP DEFAULT;
ALTER TABLE rollup_totals
    ALTER COLUMN sum TYPE DOUBLE PRECISION USING CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 25 / 60.0 ELSE sum END,
    ALTER COLUMN sum_sq TYPE DOUBLE PRECISION USING CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 625 / 3600.0 ELSE sum_sq END;
ALTER TABLE rollup_history
    ALTER COLUMN sum TYPE DOUBLE PRECISION USING CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum * 25 / 60.0 ELSE sum END,
    ALTER COLUMN sum_sq TYPE DOUBLE PRECISION USING CASE WHEN (metric = 'trust' OR metric LIKE 'trust@%' OR metric = 'promise') THEN sum_sq * 625 / 3600.0 ELSE sum_sq END;
ALTER TABLE rollup_totals ALTER COLUMN sum SET DEFAULT 0, ALTER COLUMN sum_sq SET DEFAULT 0;
ALTER TABLE rollup_history ALTER COLUMN sum SET DEFAULT 0, ALTER COLUMN sum_sq SET DEFAULT 0;
DROP TABLE pending_tasks;
