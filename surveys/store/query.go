package store

import (
	"gorm.io/gorm"

	"trustcard/surveys"
)

// paginate applies a normalised page; a negative limit means all rows.
func paginate(g *gorm.DB, p surveys.Page) *gorm.DB {
	if p.Limit < 0 {
		return g
	}
	p = p.Normalize()
	return g.Offset(p.Offset).Limit(p.Limit)
}

// emptyGuard keeps "IN ?" valid for an empty list: no id is -1.
func emptyGuard(ids []int64) []int64 {
	if len(ids) == 0 {
		return []int64{-1}
	}
	return ids
}

// conflictOn names the field and says why when err is ECONFLICT.
func conflictOn(err error, field, format string, args ...any) error {
	if surveys.ErrorCode(err) == surveys.ECONFLICT {
		return surveys.Errorf(surveys.ECONFLICT, field, format, args...)
	}
	return err
}
