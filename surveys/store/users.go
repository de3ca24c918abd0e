package store

import (
	"context"

	"trustcard/surveys"
)

// CreateUser stores a user.
func (db *DB) CreateUser(ctx context.Context, u *surveys.User) error {
	row := userRow{OrgID: u.OrgID, Email: u.Email, Name: u.Name, Role: string(u.Role), RepID: nullID(u.RepID),
		Active: u.Active, CreatedAt: u.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return conflictOn(translate("create user", err), "email", "a user with the email %s exists", u.Email)
	}
	u.ID = row.ID
	return nil
}

// FindUsers returns matching users ordered by email, and the total.
func (db *DB) FindUsers(ctx context.Context, f surveys.UserFilter) ([]*surveys.User, int, error) {
	g := db.q(ctx).Model(&userRow{}).Where("org_id = ?", f.OrgID)
	if f.IDs != nil {
		g = g.Where("id IN ?", emptyGuard(f.IDs))
	}
	if f.Email != nil {
		g = g.Where("email = ?", surveys.NormalizeEmail(*f.Email))
	}
	if f.Role != nil {
		g = g.Where("role = ?", string(*f.Role))
	}
	if f.Active != nil {
		g = g.Where("active = ?", *f.Active)
	}
	if f.RepIDs != nil {
		g = g.Where("rep_id IN ?", emptyGuard(f.RepIDs))
	}
	if f.Search != "" {
		like := likePattern(f.Search)
		g = g.Where(`LOWER(name) LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\'`, like, like)
	}
	rows, total, err := findPage[userRow](g, f.Page, "email", "users")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.User, len(rows))
	for i := range rows {
		out[i] = rows[i].toUser()
	}
	return out, total, nil
}

// CreateSignInLink stores a one-time sign-in link.
func (db *DB) CreateSignInLink(ctx context.Context, l *surveys.SignInLink) error {
	row := signInLinkRow{TokenHash: l.TokenHash, UserID: l.UserID, ExpiresAt: l.ExpiresAt.UTC()}
	return translate("create sign-in link", db.q(ctx).Create(&row).Error)
}

// UpdateUser changes a user's name, role and rep.
func (db *DB) UpdateUser(ctx context.Context, orgID, id int64, u surveys.UserUpdate) error {
	changes := map[string]any{}
	if u.Name != nil {
		changes["name"] = *u.Name
	}
	if u.Role != nil {
		changes["role"] = string(*u.Role)
	}
	if u.RepID != nil {
		changes["rep_id"] = nullID(*u.RepID)
	}
	return db.updateUser(ctx, orgID, id, "update user", changes)
}

// SetUserActive activates or deactivates a user.
func (db *DB) SetUserActive(ctx context.Context, orgID, id int64, active bool) error {
	return db.updateUser(ctx, orgID, id, "set user active", map[string]any{"active": active})
}

func (db *DB) updateUser(ctx context.Context, orgID, id int64, what string, changes map[string]any) error {
	if len(changes) == 0 {
		return nil
	}
	res := db.q(ctx).Model(&userRow{}).Where("org_id = ? AND id = ?", orgID, id).Updates(changes)
	if res.Error != nil {
		return translate(what, res.Error)
	}
	if res.RowsAffected == 0 {
		return surveys.Errorf(surveys.ENOTFOUND, "id", "no user %d", id)
	}
	return nil
}
