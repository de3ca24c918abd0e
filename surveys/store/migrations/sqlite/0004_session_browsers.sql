-- +goose Up
-- The account page names each session's browser, read from the
-- User-Agent it signed in with. Ending a rep user's access deletes their
-- unused sign-in links, found by user.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_links_user ON sign_in_links (user_id);

-- +goose Down
DROP INDEX sign_in_links_user;
ALTER TABLE sessions DROP COLUMN user_agent;
