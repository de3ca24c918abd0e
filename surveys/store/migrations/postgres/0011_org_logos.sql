-- +goose Up
-- Each org's logo, always a PNG (an uploaded SVG is drawn into one), named
-- by a hash of its bytes: pages and emails link to it by that name.
CREATE TABLE org_logos (
    org_id      BIGINT PRIMARY KEY REFERENCES orgs(id),
    ref         TEXT NOT NULL UNIQUE,
    png         BYTEA NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE org_logos;
