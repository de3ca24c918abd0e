package store

import (
	"context"
	"time"

	"trustcard/surveys"
)

type sessionRow struct {
	TokenHash  string `gorm:"primaryKey"`
	OrgID      int64
	UserID     int64
	CsrfToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// UseSignInLink marks a link used and returns its user.
func (db *DB) UseSignInLink(ctx context.Context, tokenHash string, now time.Time) (*surveys.User, error) {
	res := db.q(ctx).Model(&signInLinkRow{}).
		Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", tokenHash, now.UTC()).Update("used_at", now.UTC())
	if res.Error != nil {
		return nil, translate("use sign-in link", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, surveys.Errorf(surveys.ENOTFOUND, "", "no such sign-in link")
	}
	var link signInLinkRow
	var user userRow
	if err := db.q(ctx).Where("token_hash = ?", tokenHash).Take(&link).Error; err != nil {
		return nil, translate("find sign-in link", err)
	}
	if err := db.q(ctx).Where("id = ? AND active", link.UserID).Take(&user).Error; err != nil {
		return nil, translate("find user", err)
	}
	return user.toUser(), nil
}

// CreateSession stores a session.
func (db *DB) CreateSession(ctx context.Context, s *surveys.Session) error {
	row := sessionRow{TokenHash: s.TokenHash, OrgID: s.OrgID, UserID: s.UserID, CsrfToken: s.CSRF,
		CreatedAt: s.CreatedAt.UTC(), LastSeenAt: s.LastSeenAt.UTC(), ExpiresAt: s.ExpiresAt.UTC()}
	return translate("create session", db.q(ctx).Create(&row).Error)
}

// FindSession returns an unexpired session and its active user.
func (db *DB) FindSession(ctx context.Context, tokenHash string, now time.Time) (*surveys.Session, *surveys.User, error) {
	var row sessionRow
	if err := db.q(ctx).Where("token_hash = ? AND expires_at > ?", tokenHash, now.UTC()).Take(&row).Error; err != nil {
		return nil, nil, translate("find session", err)
	}
	var user userRow
	if err := db.q(ctx).Where("id = ? AND active", row.UserID).Take(&user).Error; err != nil {
		return nil, nil, translate("find session user", err)
	}
	s := &surveys.Session{TokenHash: row.TokenHash, OrgID: row.OrgID, UserID: row.UserID, CSRF: row.CsrfToken,
		CreatedAt: row.CreatedAt.UTC(), LastSeenAt: row.LastSeenAt.UTC(), ExpiresAt: row.ExpiresAt.UTC()}
	return s, user.toUser(), nil
}

// DeleteSessions ends one session, or all of a user's.
func (db *DB) DeleteSessions(ctx context.Context, userID int64, tokenHash string) error {
	g := db.q(ctx).Where("user_id = ?", userID)
	if tokenHash != "" {
		g = g.Where("token_hash = ?", tokenHash)
	}
	return translate("delete sessions", g.Delete(&sessionRow{}).Error)
}
