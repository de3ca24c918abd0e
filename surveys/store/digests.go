package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm/clause"

	"trustcard/surveys"
)

type digestRow struct {
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	OrgID     int64
	Frequency string
	Hour      int
	Weekday   int
	TimeZone  string
	Language  string
	NextDue   sql.NullInt64 // Unix seconds; NULL when off
	UpdatedAt time.Time
}

func (digestRow) TableName() string { return "digest_prefs" }

func (r *digestRow) toPrefs() *surveys.DigestPrefs {
	p := &surveys.DigestPrefs{UserID: r.UserID, OrgID: r.OrgID, Frequency: surveys.DigestFrequency(r.Frequency),
		Hour: r.Hour, Weekday: time.Weekday(r.Weekday), TimeZone: r.TimeZone, Language: r.Language,
		UpdatedAt: r.UpdatedAt.UTC()}
	if r.NextDue.Valid {
		p.NextAt = time.Unix(r.NextDue.Int64, 0).UTC()
	}
	return p
}

// nextDue is t in Unix seconds, or NULL for zero.
func nextDue(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

// FindDigestPrefs returns a user's digest choice.
func (db *DB) FindDigestPrefs(ctx context.Context, orgID, userID int64) (*surveys.DigestPrefs, error) {
	var row digestRow
	if err := db.q(ctx).Where("org_id = ? AND user_id = ?", orgID, userID).Take(&row).Error; err != nil {
		return nil, translate("find digest choice", err)
	}
	return row.toPrefs(), nil
}

// SaveDigestPrefs stores a user's digest choice, replacing any.
func (db *DB) SaveDigestPrefs(ctx context.Context, p *surveys.DigestPrefs) error {
	row := digestRow{UserID: p.UserID, OrgID: p.OrgID, Frequency: string(p.Frequency), Hour: p.Hour, Weekday: int(p.Weekday),
		TimeZone: p.TimeZone, Language: p.Language, NextDue: nextDue(p.NextAt), UpdatedAt: p.UpdatedAt.UTC()}
	err := db.q(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"frequency", "hour", "weekday", "time_zone", "language", "next_due", "updated_at"}),
	}).Create(&row).Error
	return translate("save digest choice", err)
}

// FindDueDigests returns choices due at now, locked on PostgreSQL with
// SKIP LOCKED so that another worker's transaction passes them by.
func (db *DB) FindDueDigests(ctx context.Context, now time.Time, limit int) ([]*surveys.DigestPrefs, error) {
	g := db.q(ctx).Where("next_due IS NOT NULL AND next_due <= ?", now.Unix()).Order("next_due, user_id").Limit(limit)
	if db.dialect == Postgres {
		g = g.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
	}
	var rows []digestRow
	if err := g.Find(&rows).Error; err != nil {
		return nil, translate("find due digests", err)
	}
	out := make([]*surveys.DigestPrefs, len(rows))
	for i := range rows {
		out[i] = rows[i].toPrefs()
	}
	return out, nil
}

// AdvanceDigest moves a choice's next time from from to next, only when it
// is still from.
func (db *DB) AdvanceDigest(ctx context.Context, userID int64, from, next time.Time) (bool, error) {
	res := db.q(ctx).Model(&digestRow{}).Where("user_id = ? AND next_due = ?", userID, from.Unix()).
		Update("next_due", nextDue(next))
	if res.Error != nil {
		return false, translate("advance digest", res.Error)
	}
	return res.RowsAffected == 1, nil
}
