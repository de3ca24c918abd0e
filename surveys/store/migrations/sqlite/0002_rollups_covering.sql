-- +goose Up
-- Window sums read every cell of a window: an index holding all the
-- columns they read answers them without visiting the table.
DROP INDEX rollups_day;
CREATE INDEX rollups_window ON rollups (org_id, day, rep_id, team_id, metric, n, sum, sum_sq, top2, promoters, detractors);

-- +goose Down
DROP INDEX rollups_window;
CREATE INDEX rollups_day ON rollups (org_id, day);
