-- +goose Up
-- A version per org and team (team 0: reps without one) that every change
-- to the team's rollups raises in its own transaction, so that figures
-- summed from the rollups can be kept in memory and read again only for
-- the teams whose version moved since.
CREATE TABLE rollup_versions (
    org_id   BIGINT NOT NULL,
    team_id  BIGINT NOT NULL,
    version  BIGINT NOT NULL,
    PRIMARY KEY (org_id, team_id)
);

INSERT INTO rollup_versions (org_id, team_id, version)
SELECT DISTINCT org_id, team_id, 1 FROM rollup_totals;

-- +goose Down
DROP TABLE rollup_versions;
