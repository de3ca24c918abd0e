package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"trustcard/surveys"
)

type sessionRow struct {
	TokenHash  string `gorm:"primaryKey"`
	OrgID      int64
	UserID     int64
	CsrfToken  string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

func (sessionRow) TableName() string { return "sessions" }

func (r *sessionRow) toSession() *surveys.Session {
	return &surveys.Session{TokenHash: r.TokenHash, OrgID: r.OrgID, UserID: r.UserID, CSRF: r.CsrfToken, UserAgent: r.UserAgent,
		CreatedAt: r.CreatedAt.UTC(), LastSeenAt: r.LastSeenAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
}

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
	if err := db.q(ctx).Where("id = ?", link.UserID).Take(&user).Error; err != nil {
		return nil, translate("find user", err)
	}
	return user.toUser(), nil
}

// CreateSession stores a session.
func (db *DB) CreateSession(ctx context.Context, s *surveys.Session) error {
	row := sessionRow{TokenHash: s.TokenHash, OrgID: s.OrgID, UserID: s.UserID, CsrfToken: s.CSRF, UserAgent: s.UserAgent,
		CreatedAt: s.CreatedAt.UTC(), LastSeenAt: s.LastSeenAt.UTC(), ExpiresAt: s.ExpiresAt.UTC()}
	return translate("create session", db.q(ctx).Create(&row).Error)
}

// FindSession returns an unexpired session and its user.
func (db *DB) FindSession(ctx context.Context, tokenHash string, now time.Time) (*surveys.Session, *surveys.User, error) {
	var row sessionRow
	if err := db.q(ctx).Where("token_hash = ? AND expires_at > ?", tokenHash, now.UTC()).Take(&row).Error; err != nil {
		return nil, nil, translate("find session", err)
	}
	var user userRow
	if err := db.q(ctx).Where("id = ?", row.UserID).Take(&user).Error; err != nil {
		return nil, nil, translate("find session user", err)
	}
	return row.toSession(), user.toUser(), nil
}

// FindSessions returns a user's unexpired sessions, the most recently
// used first.
func (db *DB) FindSessions(ctx context.Context, userID int64, now time.Time) ([]*surveys.Session, error) {
	var rows []sessionRow
	err := db.q(ctx).Where("user_id = ? AND expires_at > ?", userID, now.UTC()).
		Order("last_seen_at DESC, created_at DESC").Find(&rows).Error
	if err != nil {
		return nil, translate("find sessions", err)
	}
	out := make([]*surveys.Session, len(rows))
	for i := range rows {
		out[i] = rows[i].toSession()
	}
	return out, nil
}

// TouchSession records a session's last use and its new expiry.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, lastSeen, expires time.Time) error {
	err := db.q(ctx).Model(&sessionRow{}).Where("token_hash = ?", tokenHash).
		Updates(map[string]any{"last_seen_at": lastSeen.UTC(), "expires_at": expires.UTC()}).Error
	return translate("touch session", err)
}

// DeleteSessions ends one session, or all of a user's.
func (db *DB) DeleteSessions(ctx context.Context, userID int64, tokenHash string) error {
	g := db.q(ctx).Where("user_id = ?", userID)
	if tokenHash != "" {
		g = g.Where("token_hash = ?", tokenHash)
	}
	return translate("delete sessions", g.Delete(&sessionRow{}).Error)
}

// EndRepUsersAccess deletes the sessions and the unused sign-in links of
// the users who are the rep.
func (db *DB) EndRepUsersAccess(ctx context.Context, orgID, repID int64) error {
	return db.endAccess(ctx, db.q(ctx).Model(&userRow{}).Select("id").Where("org_id = ? AND rep_id = ?", orgID, repID))
}

// EndUserAccess deletes the sessions and the unused sign-in links of the
// user.
func (db *DB) EndUserAccess(ctx context.Context, orgID, userID int64) error {
	return db.endAccess(ctx, db.q(ctx).Model(&userRow{}).Select("id").Where("org_id = ? AND id = ?", orgID, userID))
}

// endAccess deletes the sessions and the unused sign-in links of the
// users that the query users selects.
func (db *DB) endAccess(ctx context.Context, users *gorm.DB) error {
	if err := db.q(ctx).Where("user_id IN (?)", users).Delete(&sessionRow{}).Error; err != nil {
		return translate("end users' sessions", err)
	}
	err := db.q(ctx).Where("used_at IS NULL AND user_id IN (?)", users).Delete(&signInLinkRow{}).Error
	return translate("delete users' sign-in links", err)
}
