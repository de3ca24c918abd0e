package store

import (
	"context"
	"database/sql"

	"trustcard/surveys"
)

// SaveResponse creates or replaces the response to an invitation, with
// its answers.
func (db *DB) SaveResponse(ctx context.Context, r *surveys.Response, trust *float64) error {
	row := responseRow{OrgID: r.OrgID, InvitationID: r.InvitationID, RepID: r.RepID, TeamID: nullID(r.TeamID),
		BuyerID: nullID(r.BuyerID), Comment: r.Comment, ShareName: r.ShareName, Provisional: r.Provisional, Locale: r.Locale,
		SubmittedAt: r.SubmittedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if trust != nil {
		row.TrustValue = sql.NullFloat64{Float64: *trust, Valid: true}
	}
	var prev responseRow
	err := translate("find response", db.q(ctx).Where("invitation_id = ?", r.InvitationID).Take(&prev).Error)
	switch {
	case err == nil:
		row.ID = prev.ID
		if !prev.Provisional { // a response counts on the day it was first sent
			row.SubmittedAt = prev.SubmittedAt
		}
		if err := db.q(ctx).Select("*").Updates(&row).Error; err != nil {
			return translate("update response", err)
		}
		if err := db.q(ctx).Where("response_id = ?", row.ID).Delete(&answerRow{}).Error; err != nil {
			return translate("replace answers", err)
		}
	case surveys.ErrorCode(err) == surveys.ENOTFOUND:
		if err := db.q(ctx).Create(&row).Error; err != nil {
			return translate("create response", err)
		}
	default:
		return err
	}
	r.ID, r.SubmittedAt = row.ID, row.SubmittedAt.UTC()
	for key, v := range r.Answers {
		if err := db.q(ctx).Create(&answerRow{ResponseID: row.ID, QuestionKey: key, Value: v}).Error; err != nil {
			return translate("create answer", err)
		}
	}
	return nil
}

// FindResponseByInvitation returns an invitation's response with its answers.
func (db *DB) FindResponseByInvitation(ctx context.Context, invitationID int64) (*surveys.Response, error) {
	var row responseRow
	if err := db.q(ctx).Where("invitation_id = ?", invitationID).Take(&row).Error; err != nil {
		return nil, translate("find response", err)
	}
	var answers []answerRow
	if err := db.q(ctx).Where("response_id = ?", row.ID).Find(&answers).Error; err != nil {
		return nil, translate("find answers", err)
	}
	r := row.toResponse(map[string]int{})
	for _, a := range answers {
		r.Answers[a.QuestionKey] = a.Value
	}
	return r, nil
}
