package surveys

import (
	"context"
	"time"
)

// SurveyDraft is an admin's unsaved wording of the org's survey, which the
// editor's previews and test email show. Saving it makes a new version.
type SurveyDraft struct {
	OrgID     int64
	UserID    int64
	Questions []Question
	UpdatedAt time.Time
}

// SurveyDraftStore keeps each admin's draft.
type SurveyDraftStore interface {
	// SaveSurveyDraft stores d, replacing the user's draft.
	SaveSurveyDraft(ctx context.Context, d *SurveyDraft) error
	// FindSurveyDraft returns a user's draft. ENOTFOUND.
	FindSurveyDraft(ctx context.Context, orgID, userID int64) (*SurveyDraft, error)
	// DeleteSurveyDraft removes a user's draft, if any.
	DeleteSurveyDraft(ctx context.Context, orgID, userID int64) error
}
