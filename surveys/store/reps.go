package store

import (
	"context"
	"strings"

	"trustcard/surveys"
)

// repOrders maps each accepted sort key to its ORDER BY; nothing else
// reaches SQL.
var repOrders = map[string]string{
	"":             "name, id",
	"name":         "name, id",
	"-name":        "name DESC, id DESC",
	"created_at":   "created_at, id",
	"-created_at":  "created_at DESC, id DESC",
	"external_id":  "external_id, id",
	"-external_id": "external_id DESC, id DESC",
}

// UpsertRep creates the rep or updates the one with the same external id.
func (db *DB) UpsertRep(ctx context.Context, r *surveys.Rep) (bool, error) {
	var existing repRow
	err := db.q(ctx).Where("org_id = ? AND external_id = ?", r.OrgID, r.ExternalID).Take(&existing).Error
	if err = translate("find rep", err); err != nil && surveys.ErrorCode(err) != surveys.ENOTFOUND {
		return false, err
	}
	row := newRepRow(r)
	created := err != nil
	if created {
		err = db.q(ctx).Create(&row).Error
	} else {
		row.ID, row.CreatedAt = existing.ID, existing.CreatedAt
		err = db.q(ctx).Select("*").Updates(&row).Error
	}
	if err != nil {
		return false, conflictOn(translate("upsert rep", err), "email", "another rep has the email %s", r.Email)
	}
	*r = *row.toRep()
	return created, nil
}

// FindReps returns matching reps and the total.
func (db *DB) FindReps(ctx context.Context, f surveys.RepFilter) ([]*surveys.Rep, int, error) {
	order, ok := repOrders[f.Sort]
	if !ok {
		return nil, 0, surveys.Errorf(surveys.EINVALID, "sort", "unknown sort %q", f.Sort)
	}
	g := db.q(ctx).Model(&repRow{}).Where("org_id = ?", f.OrgID)
	if f.IDs != nil {
		g = g.Where("id IN ?", emptyGuard(f.IDs))
	}
	if f.TeamIDs != nil {
		g = g.Where("team_id IN ?", emptyGuard(f.TeamIDs))
	}
	if f.ExternalID != nil {
		g = g.Where("external_id = ?", *f.ExternalID)
	}
	if f.Email != nil {
		g = g.Where("email = ?", strings.ToLower(*f.Email))
	}
	if f.Active != nil {
		g = g.Where("active = ?", *f.Active)
	}
	if f.Search != "" {
		like := likePattern(f.Search)
		g = g.Where(`LOWER(name) LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\' OR LOWER(external_id) LIKE ? ESCAPE '\'`, like, like, like)
	}
	rows, total, err := findPage[repRow](g, f.Page, order, "reps")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.Rep, len(rows))
	for i := range rows {
		out[i] = rows[i].toRep()
	}
	return out, total, nil
}

// SetRepActive activates or deactivates a rep.
func (db *DB) SetRepActive(ctx context.Context, orgID, id int64, active bool) error {
	res := db.q(ctx).Model(&repRow{}).Where("org_id = ? AND id = ?", orgID, id).Update("active", active)
	if res.Error != nil {
		return translate("set rep active", res.Error)
	}
	if res.RowsAffected == 0 {
		return surveys.Errorf(surveys.ENOTFOUND, "id", "no rep %d", id)
	}
	return nil
}
