package store

import (
	"context"
	"database/sql"

	"gorm.io/gorm"

	"trustcard/surveys"
)

// FindResponses returns the matching submitted responses with their rep,
// buyer and answers, newest first, and the total count (-1 with NoTotal).
func (db *DB) FindResponses(ctx context.Context, f surveys.ResponseFilter) ([]*surveys.ResponseView, int, error) {
	g := db.q(ctx).Table("responses").
		Joins("JOIN reps ON reps.id = responses.rep_id").
		Joins("LEFT JOIN buyers ON buyers.id = responses.buyer_id").
		Where("responses.org_id = ? AND NOT responses.provisional AND responses.submitted_at >= ? AND responses.submitted_at < ?",
			f.OrgID, f.Since.UTC(), f.Before.UTC())
	if f.IDs != nil {
		g = g.Where("responses.id IN ?", emptyGuard(f.IDs))
	}
	if f.RepIDs != nil {
		g = g.Where("responses.rep_id IN ?", emptyGuard(f.RepIDs))
	}
	if f.TeamIDs != nil {
		g = g.Where("responses.team_id IN ?", emptyGuard(f.TeamIDs))
	}
	g = responseAnswerFilter(g, f)
	total := int64(-1)
	if !f.NoTotal {
		if err := g.Session(&gorm.Session{}).Count(&total).Error; err != nil {
			return nil, 0, translate("count responses", err)
		}
	}
	var rows []struct {
		Response      responseRow `gorm:"embedded"`
		RepExternalID string
		RepName       string
		BuyerName     sql.NullString
		BuyerCompany  sql.NullString
	}
	err := paginate(g.Select("responses.*, reps.external_id AS rep_external_id, reps.name AS rep_name, "+
		"buyers.name AS buyer_name, buyers.company AS buyer_company").
		Order("responses.submitted_at DESC, responses.id DESC"), f.Page).Scan(&rows).Error
	if err != nil {
		return nil, 0, translate("find responses", err)
	}
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = rows[i].Response.ID
	}
	answers, err := db.answersOf(ctx, "responses.id IN ?", emptyGuard(ids))
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.ResponseView, len(rows))
	for i := range rows {
		r := &rows[i]
		out[i] = &surveys.ResponseView{Response: r.Response.toResponse(answers[r.Response.ID]), RepExternalID: r.RepExternalID,
			RepName: r.RepName, BuyerName: r.BuyerName.String, BuyerCompany: r.BuyerCompany.String}
	}
	return out, int(total), nil
}

// responseAnswerFilter narrows g to f's comments, question and band.
func responseAnswerFilter(g *gorm.DB, f surveys.ResponseFilter) *gorm.DB {
	if f.Comments {
		g = g.Where("responses.comment <> ''")
	}
	if f.Flagged {
		g = g.Where("responses.flags <> ''")
	}
	switch {
	case f.Question != "" && f.Values.Set:
		g = g.Where("EXISTS (SELECT 1 FROM answers a WHERE a.response_id = responses.id AND a.question_key = ? AND a.value BETWEEN ? AND ?)",
			f.Question, f.Values.Min, f.Values.Max)
	case f.Question != "":
		g = g.Where("EXISTS (SELECT 1 FROM answers a WHERE a.response_id = responses.id AND a.question_key = ?)", f.Question)
	case f.Values.Set:
		g = g.Where("responses.trust_value BETWEEN ? AND ?", f.Values.Min, f.Values.Max)
	}
	return g
}
