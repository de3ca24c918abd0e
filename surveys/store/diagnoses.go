package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

type diagnosisRow struct {
	InteractionID int64 `gorm:"primaryKey;autoIncrement:false"`
	OrgID         int64
	RepID         int64
	Category      string
	Note          string
	Source        string
	EnteredAt     time.Time
}

func (diagnosisRow) TableName() string { return "interaction_diagnoses" }

func (r *diagnosisRow) toDiagnosis() *surveys.Diagnosis {
	return &surveys.Diagnosis{InteractionID: r.InteractionID, OrgID: r.OrgID, RepID: r.RepID, Category: r.Category,
		Note: r.Note, Source: r.Source, EnteredAt: r.EnteredAt.UTC()}
}

type problemRow struct {
	ResponseID int64 `gorm:"primaryKey;autoIncrement:false"`
	OrgID      int64
	Category   string
	Note       string
}

func (problemRow) TableName() string { return "response_problems" }

// SaveDiagnosis stores an interaction's diagnosis, replacing its earlier one.
func (db *DB) SaveDiagnosis(ctx context.Context, d *surveys.Diagnosis) error {
	row := diagnosisRow{InteractionID: d.InteractionID, OrgID: d.OrgID, RepID: d.RepID, Category: d.Category,
		Note: d.Note, Source: d.Source, EnteredAt: d.EnteredAt.UTC()}
	err := db.q(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "interaction_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"category", "note", "source", "entered_at"}),
	}).Create(&row).Error
	return translate("save diagnosis", err)
}

// FindDiagnosis returns an interaction's diagnosis.
func (db *DB) FindDiagnosis(ctx context.Context, orgID, interactionID int64) (*surveys.Diagnosis, error) {
	var row diagnosisRow
	if err := db.q(ctx).Where("org_id = ? AND interaction_id = ?", orgID, interactionID).Take(&row).Error; err != nil {
		return nil, translate("find diagnosis", err)
	}
	return row.toDiagnosis(), nil
}

// SaveBuyerProblem stores a response's answer to the problem question.
func (db *DB) SaveBuyerProblem(ctx context.Context, orgID, responseID int64, p surveys.BuyerProblem) error {
	if p.Empty() {
		err := db.q(ctx).Where("org_id = ? AND response_id = ?", orgID, responseID).Delete(&problemRow{}).Error
		return translate("delete buyer problem", err)
	}
	row := problemRow{ResponseID: responseID, OrgID: orgID, Category: p.Category, Note: p.Note}
	err := db.q(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "response_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"category", "note"}),
	}).Create(&row).Error
	return translate("save buyer problem", err)
}

// FindBuyerProblem returns a response's answer to the problem question.
func (db *DB) FindBuyerProblem(ctx context.Context, orgID, responseID int64) (surveys.BuyerProblem, error) {
	var rows []problemRow
	if err := db.q(ctx).Where("org_id = ? AND response_id = ?", orgID, responseID).Limit(1).Find(&rows).Error; err != nil {
		return surveys.BuyerProblem{}, translate("find buyer problem", err)
	}
	if len(rows) == 0 {
		return surveys.BuyerProblem{}, nil
	}
	return surveys.BuyerProblem{Category: rows[0].Category, Note: rows[0].Note}, nil
}

// pairRow is one pair as the query reads it.
type pairRow struct {
	InteractionID int64
	OrgID         int64
	RepID         int64
	Category      string
	Note          string
	Source        string
	EnteredAt     time.Time
	RepTeamID     int64
	OccurredAt    time.Time
	SubmittedAt   time.Time
	BuyerCategory string
	BuyerNote     string
	Locale        string
}

// DiagnosisPairs returns the latest pairs of the filter's reps, newest first.
func (db *DB) DiagnosisPairs(ctx context.Context, f surveys.DiagnosisPairFilter) ([]surveys.DiagnosisPair, error) {
	q := db.q(ctx).Table("responses r").
		Select("d.interaction_id, d.org_id, r.rep_id, d.category, d.note, d.source, d.entered_at, "+
			"COALESCE(r.team_id, 0) AS rep_team_id, i.occurred_at, r.submitted_at, "+
			"p.category AS buyer_category, p.note AS buyer_note, r.locale").
		Joins("JOIN response_problems p ON p.response_id = r.id").
		Joins("JOIN invitations v ON v.id = r.invitation_id").
		Joins("JOIN interaction_diagnoses d ON d.interaction_id = v.interaction_id").
		Joins("JOIN interactions i ON i.id = v.interaction_id").
		Where("r.org_id = ? AND r.provisional = ? AND p.category <> ''", f.OrgID, false)
	if f.RepIDs != nil {
		q = q.Where("r.rep_id IN ?", emptyGuard(f.RepIDs))
	}
	if !f.From.IsZero() {
		q = q.Where("r.submitted_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("r.submitted_at < ?", f.To.UTC())
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []pairRow
	if err := q.Order("r.submitted_at DESC, r.id DESC").Scan(&rows).Error; err != nil {
		return nil, translate("diagnosis pairs", err)
	}
	out := make([]surveys.DiagnosisPair, len(rows))
	for i, r := range rows {
		out[i] = surveys.DiagnosisPair{InteractionID: r.InteractionID, TeamID: r.RepTeamID, OccurredAt: r.OccurredAt.UTC(),
			AnsweredAt: r.SubmittedAt.UTC(), Locale: r.Locale,
			Rep: surveys.Diagnosis{InteractionID: r.InteractionID, OrgID: r.OrgID, RepID: r.RepID, Category: r.Category,
				Note: r.Note, Source: r.Source, EnteredAt: r.EnteredAt.UTC()},
			Buyer: surveys.BuyerProblem{Category: r.BuyerCategory, Note: r.BuyerNote}}
	}
	return out, nil
}

// recentRow is one recent interaction with its diagnosis, if any.
type recentRow struct {
	ID, OrgID, RepID, TeamID, BuyerID int64
	ExternalID, Kind                  string
	OccurredAt                        time.Time
	Category                          *string
	Note                              *string
	Source                            *string
	EnteredAt                         *time.Time
	AnsweredAt                        *time.Time
}

// RecentInteractions returns a rep's interactions since a time, newest first.
func (db *DB) RecentInteractions(ctx context.Context, orgID, repID int64, since time.Time) ([]surveys.RecentInteraction, error) {
	var rows []recentRow
	err := db.q(ctx).Table("interactions i").
		Select("i.id, i.org_id, i.rep_id, COALESCE(i.team_id, 0) AS team_id, i.buyer_id, i.external_id, i.kind, i.occurred_at, d.category, d.note, d.source, d.entered_at, r.submitted_at AS answered_at").
		Joins("LEFT JOIN interaction_diagnoses d ON d.interaction_id = i.id").
		Joins("LEFT JOIN invitations v ON v.interaction_id = i.id").
		Joins("LEFT JOIN responses r ON r.invitation_id = v.id AND r.provisional = ?", false).
		Where("i.org_id = ? AND i.rep_id = ? AND i.occurred_at >= ?", orgID, repID, since.UTC()).
		Order("i.occurred_at DESC, i.id DESC").Limit(100).Scan(&rows).Error
	if err != nil {
		return nil, translate("recent interactions", err)
	}
	out := make([]surveys.RecentInteraction, len(rows))
	for i, r := range rows {
		out[i] = surveys.RecentInteraction{Interaction: surveys.Interaction{ID: r.ID, OrgID: r.OrgID, RepID: r.RepID,
			TeamID: r.TeamID, BuyerID: r.BuyerID, ExternalID: r.ExternalID, Kind: r.Kind, OccurredAt: r.OccurredAt.UTC()}}
		if r.AnsweredAt != nil {
			out[i].AnsweredAt = r.AnsweredAt.UTC()
		}
		if r.Category != nil {
			out[i].Diagnosis = &surveys.Diagnosis{InteractionID: r.ID, OrgID: r.OrgID, RepID: r.RepID, Category: *r.Category,
				Note: *r.Note, Source: *r.Source, EnteredAt: r.EnteredAt.UTC()}
		}
	}
	return out, nil
}
