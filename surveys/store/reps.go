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

// FindReps returns matching reps and the total. It reads through
// eachRow: a leader's list of every rep reads thousands of rows.
func (db *DB) FindReps(ctx context.Context, f surveys.RepFilter) ([]*surveys.Rep, int, error) {
	order, ok := repOrders[f.Sort]
	if !ok {
		return nil, 0, surveys.Errorf(surveys.EINVALID, "sort", "unknown sort %q", f.Sort)
	}
	a := &sqlArgs{pg: db.dialect == Postgres}
	where := " FROM reps WHERE org_id = " + a.add(f.OrgID)
	if f.IDs != nil {
		where += " AND id IN (" + list(a, emptyGuard(f.IDs)) + ")"
	}
	if f.TeamIDs != nil {
		where += " AND team_id IN (" + list(a, emptyGuard(f.TeamIDs)) + ")"
	}
	if f.ExternalID != nil {
		where += " AND external_id = " + a.add(*f.ExternalID)
	}
	if f.Email != nil {
		where += " AND email = " + a.add(strings.ToLower(*f.Email))
	}
	if f.Active != nil {
		where += " AND active = " + a.add(*f.Active)
	}
	if f.Search != "" {
		like := likePattern(f.Search)
		where += ` AND (LOWER(name) LIKE ` + a.add(like) + ` ESCAPE '\' OR LOWER(email) LIKE ` + a.add(like) +
			` ESCAPE '\' OR LOWER(external_id) LIKE ` + a.add(like) + ` ESCAPE '\')`
	}
	total := -1
	if f.Page.Limit >= 0 {
		if err := db.eachRow(ctx, "SELECT COUNT(*)"+where, a.args, []any{&total}, func() {}); err != nil {
			return nil, 0, translate("count reps", err)
		}
	}
	query := "SELECT id, org_id, external_id, name, email, team_id, active, created_at, updated_at" + where + " ORDER BY " + order
	if p := f.Page.Normalize(); f.Page.Limit >= 0 {
		query += " LIMIT " + a.add(p.Limit) + " OFFSET " + a.add(p.Offset)
	}
	var r repRow
	dest := []any{&r.ID, &r.OrgID, &r.ExternalID, &r.Name, &r.Email, &r.TeamID, &r.Active, &r.CreatedAt, &r.UpdatedAt}
	out := []*surveys.Rep{}
	if err := db.eachRow(ctx, query, a.args, dest, func() { out = append(out, r.toRep()) }); err != nil {
		return nil, 0, translate("find reps", err)
	}
	if total < 0 {
		total = len(out)
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
