package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

type surveyDraftRow struct {
	OrgID     int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	Questions string
	UpdatedAt time.Time
}

func (surveyDraftRow) TableName() string { return "survey_drafts" }

// SaveSurveyDraft stores a user's draft, replacing the one they had.
func (db *DB) SaveSurveyDraft(ctx context.Context, d *surveys.SurveyDraft) error {
	qs, err := json.Marshal(d.Questions)
	if err != nil {
		return err
	}
	row := surveyDraftRow{OrgID: d.OrgID, UserID: d.UserID, Questions: string(qs), UpdatedAt: d.UpdatedAt.UTC()}
	err = db.q(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "org_id"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"questions", "updated_at"}),
	}).Create(&row).Error
	return translate("save survey draft", err)
}

// FindSurveyDraft returns a user's draft.
func (db *DB) FindSurveyDraft(ctx context.Context, orgID, userID int64) (*surveys.SurveyDraft, error) {
	var row surveyDraftRow
	if err := db.q(ctx).Where("org_id = ? AND user_id = ?", orgID, userID).Take(&row).Error; err != nil {
		return nil, translate("find survey draft", err)
	}
	d := &surveys.SurveyDraft{OrgID: row.OrgID, UserID: row.UserID, UpdatedAt: row.UpdatedAt.UTC()}
	if err := json.Unmarshal([]byte(row.Questions), &d.Questions); err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteSurveyDraft removes a user's draft, if any.
func (db *DB) DeleteSurveyDraft(ctx context.Context, orgID, userID int64) error {
	err := db.q(ctx).Where("org_id = ? AND user_id = ?", orgID, userID).Delete(&surveyDraftRow{}).Error
	return translate("delete survey draft", err)
}
