-- +goose Up
-- The public URL the server was last started with (TRUSTCARD_BASE_URL), so
-- that the command-line tools print links that work without being told it.
ALTER TABLE orgs ADD COLUMN base_url TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE orgs DROP COLUMN base_url;
