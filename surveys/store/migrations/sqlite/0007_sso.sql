-- +goose Up
-- Each org's identity provider for single sign-on (OpenID Connect). The
-- client secret is sealed (AES-GCM) with a key derived from the org's
-- secret, and never leaves the server.
CREATE TABLE sso_configs (
    org_id         BIGINT PRIMARY KEY REFERENCES orgs(id),
    issuer         TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    sealed_secret  TEXT NOT NULL DEFAULT '',
    create_role    TEXT NOT NULL DEFAULT '' CHECK (create_role IN ('', 'leader', 'rep')),
    updated_at     DATETIME NOT NULL
);

-- +goose Down
DROP TABLE sso_configs;
