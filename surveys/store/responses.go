package store

import (
	"context"
	"database/sql"
	"strings"

	"trustcard/surveys"
)

// SaveResponse creates the response r with its answers, or replaces the
// one with r.ID and its answers.
func (db *DB) SaveResponse(ctx context.Context, r *surveys.Response, trust *float64) error {
	row := responseRow{ID: r.ID, OrgID: r.OrgID, InvitationID: r.InvitationID, RepID: r.RepID, TeamID: nullID(r.TeamID),
		BuyerID: nullID(r.BuyerID), Comment: r.Comment, ShareName: r.ShareName, Provisional: r.Provisional, Locale: r.Locale,
		SubmittedAt: r.SubmittedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Flags: strings.Join(r.Flags, ","),
		ExcludedBy: strings.Join(r.ExcludedBy, ","), Reinstated: r.Reinstated, ClientHash: r.ClientHash, CommentHash: r.CommentHash}
	if trust != nil {
		row.TrustValue = sql.NullFloat64{Float64: *trust, Valid: true}
	}
	if row.ID != 0 {
		if err := db.q(ctx).Select("*").Updates(&row).Error; err != nil {
			return translate("update response", err)
		}
		if err := db.q(ctx).Where("response_id = ?", row.ID).Delete(&answerRow{}).Error; err != nil {
			return translate("replace answers", err)
		}
	} else if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("create response", err)
	}
	r.ID = row.ID
	if len(r.Answers) == 0 {
		return nil
	}
	answers := make([]answerRow, 0, len(r.Answers))
	for key, v := range r.Answers {
		answers = append(answers, answerRow{ResponseID: row.ID, QuestionKey: key, Value: v})
	}
	return translate("create answers", db.q(ctx).Create(&answers).Error)
}

// FindResponseByInvitation returns an invitation's response with its answers.
func (db *DB) FindResponseByInvitation(ctx context.Context, invitationID int64) (*surveys.Response, error) {
	var row responseRow
	if err := db.q(ctx).Where("invitation_id = ?", invitationID).Take(&row).Error; err != nil {
		return nil, translate("find response", err)
	}
	answers, err := db.answersOf(ctx, "responses.id = ?", row.ID)
	if err != nil {
		return nil, err
	}
	return row.toResponse(answers[row.ID]), nil
}
