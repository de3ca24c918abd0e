package store

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"trustcard/surveys"
)

// Rows are the tables' shapes for GORM; they never leave this package.

type orgRow struct {
	ID        int64
	Name      string
	Settings  string
	Secret    string
	CreatedAt time.Time
	LogoRef   string `gorm:"->"` // read from org_logos by orgColumns
}

func (orgRow) TableName() string { return "orgs" }

// orgColumns are what an org is read with: its row and its logo's name.
const orgColumns = "orgs.*, (SELECT ref FROM org_logos WHERE org_logos.org_id = orgs.id) AS logo_ref"

func (r *orgRow) toOrg() (*surveys.Org, error) {
	settings, err := decodeSettings(r.Settings)
	if err != nil {
		return nil, fmt.Errorf("org %d: %w", r.ID, err)
	}
	return &surveys.Org{ID: r.ID, Name: r.Name, Settings: settings, Secret: r.Secret, CreatedAt: r.CreatedAt.UTC(),
		LogoRef: r.LogoRef}, nil
}

type teamRow struct {
	ID        int64
	OrgID     int64
	Name      string
	ParentID  sql.NullInt64
	CreatedAt time.Time
}

func (teamRow) TableName() string { return "teams" }

func (r *teamRow) toTeam(leaders []int64) *surveys.Team {
	if leaders == nil {
		leaders = []int64{}
	}
	return &surveys.Team{ID: r.ID, OrgID: r.OrgID, Name: r.Name, ParentID: r.ParentID.Int64,
		LeaderIDs: leaders, CreatedAt: r.CreatedAt.UTC()}
}

type teamLeaderRow struct {
	TeamID int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID int64 `gorm:"primaryKey;autoIncrement:false"`
}

func (teamLeaderRow) TableName() string { return "team_leaders" }

type repRow struct {
	ID         int64
	OrgID      int64
	ExternalID string
	Name       string
	Email      string
	TeamID     sql.NullInt64
	Active     bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (repRow) TableName() string { return "reps" }

func newRepRow(r *surveys.Rep) repRow {
	return repRow{ID: r.ID, OrgID: r.OrgID, ExternalID: r.ExternalID, Name: r.Name, Email: r.Email,
		TeamID: nullID(r.TeamID), Active: r.Active, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (r *repRow) toRep() *surveys.Rep {
	return &surveys.Rep{ID: r.ID, OrgID: r.OrgID, ExternalID: r.ExternalID, Name: r.Name, Email: r.Email,
		TeamID: r.TeamID.Int64, Active: r.Active, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type userRow struct {
	ID           int64
	OrgID        int64
	Email        string
	Name         string
	Role         string
	RepID        sql.NullInt64
	PasswordHash string
	Active       bool
	CreatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r *userRow) toUser() *surveys.User {
	return &surveys.User{ID: r.ID, OrgID: r.OrgID, Email: r.Email, Name: r.Name, Role: surveys.Role(r.Role),
		RepID: r.RepID.Int64, Active: r.Active, CreatedAt: r.CreatedAt.UTC()}
}

type signInLinkRow struct {
	TokenHash string `gorm:"primaryKey"`
	UserID    int64
	ExpiresAt time.Time
	UsedAt    sql.NullTime
}

func (signInLinkRow) TableName() string { return "sign_in_links" }

type apiKeyRow struct {
	ID         int64
	OrgID      int64
	Name       string
	Prefix     string
	KeyHash    string
	Scopes     string
	CreatedAt  time.Time
	LastUsedAt sql.NullTime
	RevokedAt  sql.NullTime
}

func (apiKeyRow) TableName() string { return "api_keys" }

func (r *apiKeyRow) toAPIKey() *surveys.APIKey {
	k := &surveys.APIKey{ID: r.ID, OrgID: r.OrgID, Name: r.Name, Prefix: r.Prefix, Hash: r.KeyHash,
		CreatedAt: r.CreatedAt.UTC(), LastUsedAt: timeOf(r.LastUsedAt), RevokedAt: timeOf(r.RevokedAt)}
	for _, s := range strings.Split(r.Scopes, ",") {
		k.Scopes = append(k.Scopes, surveys.Scope(s))
	}
	return k
}

type auditRow struct {
	ID          int64
	OrgID       int64
	Actor       string
	Action      string
	Target      string
	Detail      string
	BeforeState string
	AfterState  string
	CreatedAt   time.Time
}

func (auditRow) TableName() string { return "audit_log" }

func (r *auditRow) toEntry() *surveys.AuditEntry {
	return &surveys.AuditEntry{ID: r.ID, OrgID: r.OrgID, Actor: r.Actor, Action: r.Action, Target: r.Target,
		Detail: r.Detail, Before: r.BeforeState, After: r.AfterState, CreatedAt: r.CreatedAt.UTC()}
}

// nullID stores zero ids as NULL, for optional foreign keys.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// nullTime stores zero times as NULL.
func nullTime(t time.Time) sql.NullTime { return sql.NullTime{Time: t.UTC(), Valid: !t.IsZero()} }

// timeOf reads a nullable time; NULL is the zero time.
func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
