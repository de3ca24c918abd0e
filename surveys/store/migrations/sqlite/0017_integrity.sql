-- +goose Up
-- The integrity of the score. Each response keeps the flags its checks raised (comma-separated reasons), the
-- reasons that took it out of the scores under the org's rules, and whether an admin reinstated it. client_hash
-- is an HMAC, under the org's secret, of the answering client's address and user agent (never stored raw);
-- comment_hash a hash of the normalized comment. Both are what the checks look up, hence the indexes.
ALTER TABLE responses ADD COLUMN flags TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN excluded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN reinstated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE responses ADD COLUMN client_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN comment_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX responses_client ON responses (org_id, rep_id, client_hash, submitted_at) WHERE client_hash <> '';
CREATE INDEX responses_comment ON responses (org_id, comment_hash) WHERE comment_hash <> '';

-- Interactions an admin excluded from surveying before their survey was sent, with the reason, on the record.
CREATE TABLE interaction_exclusions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    interaction_id  BIGINT NOT NULL UNIQUE REFERENCES interactions(id),
    rep_id          BIGINT NOT NULL REFERENCES reps(id),
    reason          TEXT NOT NULL,
    actor           TEXT NOT NULL,
    occurred_at     DATETIME NOT NULL,   -- the interaction's, which picks the quarter the cap counts in
    created_at      DATETIME NOT NULL
);
CREATE INDEX interaction_exclusions_rep ON interaction_exclusions (org_id, rep_id, occurred_at);

-- +goose Down
DROP TABLE interaction_exclusions;
DROP INDEX responses_comment;
DROP INDEX responses_client;
ALTER TABLE responses DROP COLUMN comment_hash;
ALTER TABLE responses DROP COLUMN client_hash;
ALTER TABLE responses DROP COLUMN reinstated;
ALTER TABLE responses DROP COLUMN excluded_by;
ALTER TABLE responses DROP COLUMN flags;
