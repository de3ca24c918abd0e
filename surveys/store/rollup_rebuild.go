package store

import (
	"cmp"
	"context"
	"slices"

	"trustcard/surveys"
)

// DeleteRollups removes every rollup of an org.
func (db *DB) DeleteRollups(ctx context.Context, orgID int64) error {
	for _, table := range []string{"rollup_totals", "rollup_history"} {
		if err := db.q(ctx).Exec("DELETE FROM "+table+" WHERE org_id = ?", orgID).Error; err != nil {
			return translate("delete rollups", err)
		}
	}
	err := db.q(ctx).Exec("UPDATE rollup_versions SET version = version + 1 WHERE org_id = ?", orgID).Error
	return translate("raise rollup versions", err)
}

// InsertRollups writes the running totals of keys that have none yet from
// all their daily cells, with multi-row INSERTs.
func (db *DB) InsertRollups(ctx context.Context, cells []surveys.RollupDelta) error {
	totals, history := runningTotals(cells)
	if err := db.insertRows(ctx, "rollup_totals", totals); err != nil {
		return err
	}
	if err := db.insertRows(ctx, "rollup_history", history); err != nil {
		return err
	}
	return db.bumpVersions(ctx, totals)
}

// runningTotals turns every daily cell of some keys into their current
// totals and their history: the total at the end of each day from a key's
// first cell up to its last.
func runningTotals(cells []surveys.RollupDelta) (totals, history []surveys.RollupDelta) {
	cells = slices.Clone(cells)
	slices.SortFunc(cells, func(a, b surveys.RollupDelta) int {
		return cmp.Or(compareKeys(keyOf(a), keyOf(b)), cmp.Compare(a.Day, b.Day))
	})
	for i, c := range cells {
		if i > 0 && keyOf(cells[i-1]) == keyOf(c) {
			t := totals[len(totals)-1]
			history = appendDays(history, t, t.Day, c.Day)
			totals[len(totals)-1] = addDelta(t, c, c.Day)
			continue
		}
		totals = append(totals, c)
	}
	return totals, history
}

// RollupSources returns the submitted responses of reps with their answers
// and survey versions, and their sent invitations.
func (db *DB) RollupSources(ctx context.Context, orgID int64, repIDs []int64) ([]surveys.ScoredResponse, []*surveys.Invitation, error) {
	var rows []struct {
		Response          responseRow `gorm:"embedded"`
		TemplateVersionID int64
		Outcome           string
	}
	err := db.q(ctx).Table("responses").Select("responses.*, invitations.template_version_id, interactions.outcome").
		Joins("JOIN invitations ON invitations.id = responses.invitation_id").
		Joins("JOIN interactions ON interactions.id = invitations.interaction_id").
		Where("responses.org_id = ? AND responses.rep_id IN ? AND NOT responses.provisional", orgID, emptyGuard(repIDs)).
		Order("responses.id").Scan(&rows).Error
	if err != nil {
		return nil, nil, translate("find rollup responses", err)
	}
	answers, err := db.answersOf(ctx, "responses.org_id = ? AND responses.rep_id IN ?", orgID, emptyGuard(repIDs))
	if err != nil {
		return nil, nil, err
	}
	out := make([]surveys.ScoredResponse, len(rows))
	for i := range rows {
		r := &rows[i].Response
		out[i] = surveys.ScoredResponse{Response: r.toResponse(answers[r.ID]), TemplateVersionID: rows[i].TemplateVersionID,
			Outcome: rows[i].Outcome}
	}
	var sent []invitationRow
	err = db.q(ctx).Select("id, org_id, rep_id, team_id, sent_at, answered_at").
		Where("org_id = ? AND rep_id IN ? AND sent_at IS NOT NULL", orgID, emptyGuard(repIDs)).Order("id").Find(&sent).Error
	if err != nil {
		return nil, nil, translate("find sent invitations", err)
	}
	invs := make([]*surveys.Invitation, len(sent))
	for i := range sent {
		invs[i] = sent[i].toInvitation()
	}
	return out, invs, nil
}

// answersOf returns the answers of the responses matching where (over the
// responses table), by response id.
func (db *DB) answersOf(ctx context.Context, where string, args ...any) (map[int64]map[string]int, error) {
	var rows []answerRow
	err := db.q(ctx).Table("answers").Select("answers.*").Joins("JOIN responses ON responses.id = answers.response_id").
		Where(where, args...).Scan(&rows).Error
	if err != nil {
		return nil, translate("find answers", err)
	}
	out := map[int64]map[string]int{}
	for _, a := range rows {
		if out[a.ResponseID] == nil {
			out[a.ResponseID] = map[string]int{}
		}
		out[a.ResponseID][a.QuestionKey] = a.Value
	}
	return out, nil
}

// toResponse converts a row and its answers (nil: none).
func (r *responseRow) toResponse(answers map[string]int) *surveys.Response {
	if answers == nil {
		answers = map[string]int{}
	}
	out := &surveys.Response{ID: r.ID, OrgID: r.OrgID, InvitationID: r.InvitationID, RepID: r.RepID,
		TeamID: r.TeamID.Int64, BuyerID: r.BuyerID.Int64, Comment: r.Comment, ShareName: r.ShareName, Provisional: r.Provisional,
		Locale: r.Locale, SubmittedAt: r.SubmittedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Answers: answers,
		Flags: splitList(r.Flags), ExcludedBy: splitList(r.ExcludedBy), Reinstated: r.Reinstated, ClientHash: r.ClientHash,
		CommentHash: r.CommentHash}
	if r.TrustValue.Valid {
		out.TrustValue = &r.TrustValue.Float64
	}
	return out
}
