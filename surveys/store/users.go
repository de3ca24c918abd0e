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
