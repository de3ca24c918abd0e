-- +goose Up
-- Each admin's unsaved wording of the org's survey, shown in the editor's
-- previews and test emails; saving it makes a new template version.
CREATE TABLE survey_drafts (
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    questions   TEXT NOT NULL,              -- JSON, []surveys.Question
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

-- +goose Down
DROP TABLE survey_drafts;
