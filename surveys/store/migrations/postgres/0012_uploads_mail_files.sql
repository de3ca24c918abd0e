-- +goose Up
-- A CSV file an admin uploaded for import, kept between its preview and
-- its confirmation under the hash of its bytes, so that what is confirmed
-- is what was previewed. Files older than a day are dropped.
CREATE TABLE uploads (
    id          BIGSERIAL PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    kind        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    body        BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, kind, hash)
);

-- The files attached to a captured email, such as PDF report cards.
CREATE TABLE mail_files (
    id            BIGSERIAL PRIMARY KEY,
    mail_id       BIGINT NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    data          BYTEA NOT NULL
);
CREATE INDEX mail_files_mail ON mail_files (mail_id);

-- +goose Down
DROP TABLE mail_files;
DROP TABLE uploads;
