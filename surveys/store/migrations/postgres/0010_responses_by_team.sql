-- +goose Up
-- A team's responses (its board's comments, its responses CSV, GET /responses?team_id=) are read by the team they
-- counted toward; without this index that read scanned every response of the org (320 ms at 2 million, 25 ms with it).
CREATE INDEX responses_team ON responses (org_id, team_id, submitted_at);

-- +goose Down
DROP INDEX responses_team;
