package store

import (
	"strings"

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

// findPage reads page p of g's rows in order and returns them with the
// total: counted when p is a page, the rows themselves when p reads all.
// what names the rows in errors.
func findPage[T any](g *gorm.DB, p surveys.Page, order, what string) ([]T, int, error) {
	var total int64
	if p.Limit >= 0 {
		if err := g.Session(&gorm.Session{}).Count(&total).Error; err != nil {
			return nil, 0, translate("count "+what, err)
		}
	}
	var rows []T
	if err := paginate(g.Order(order), p).Find(&rows).Error; err != nil {
		return nil, 0, translate("find "+what, err)
	}
	if p.Limit < 0 {
		total = int64(len(rows))
	}
	return rows, int(total), nil
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

// likePattern matches text containing s, any case, for LIKE ... ESCAPE '\'
// on a LOWER()ed column: s's own %, _ and \ match themselves.
func likePattern(s string) string {
	s = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(strings.TrimSpace(s)))
	return "%" + s + "%"
}
