package surveys

import (
	"context"
	"slices"
)

// The states of reps, teams and users as the audit log keeps them before
// and after a change: what an admin reads, with names instead of ids. The
// JSON names are the log's record format, so they are fixed here.
type (
	repState struct {
		ExternalID string `json:"external_id"`
		Name       string `json:"name"`
		Email      string `json:"email"`
		Team       string `json:"team"`
		Active     bool   `json:"active"`
	}
	teamState struct {
		Name    string   `json:"name"`
		Parent  string   `json:"parent"`
		Leaders []string `json:"leaders"`
	}
	userState struct {
		Email  string `json:"email"`
		Name   string `json:"name"`
		Role   Role   `json:"role"`
		Rep    string `json:"rep"`
		Active bool   `json:"active"`
	}
	// keyState never holds the key, only what names it.
	keyState struct {
		Name    string  `json:"name"`
		Prefix  string  `json:"prefix"`
		Scopes  []Scope `json:"scopes"`
		Revoked bool    `json:"revoked"`
	}
	// ssoState never holds the client secret, only whether one is set.
	ssoState struct {
		Issuer    string `json:"issuer"`
		ClientID  string `json:"client_id"`
		Creates   string `json:"creates"`
		SecretSet bool   `json:"secret_set"`
	}
)

func keyStateOf(k *APIKey) *keyState {
	return &keyState{Name: k.Name, Prefix: k.Prefix, Scopes: k.Scopes, Revoked: !k.RevokedAt.IsZero()}
}

func ssoStateOf(c *SSOConfig) *ssoState {
	if c == nil {
		return nil
	}
	return &ssoState{Issuer: c.Issuer, ClientID: c.ClientID, Creates: roleOrNobody(c.CreateRole), SecretSet: c.SealedSecret != ""}
}

// auditNames reads the names audit states use: every team's and user's
// of the org, and the reps' external ids of repIDs.
type auditNames struct {
	teams map[int64]string
	users map[int64]string
	reps  map[int64]string
}

// auditNamer is what auditNames are read from.
type auditNamer interface {
	teamLister
	FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error)
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
}

// readAuditNames reads the names of the org's teams, of its users when
// users is set, and of the reps repIDs.
func readAuditNames(ctx context.Context, tx auditNamer, orgID int64, users bool, repIDs ...int64) (*auditNames, error) {
	n := &auditNames{teams: map[int64]string{}, users: map[int64]string{}, reps: map[int64]string{}}
	teams, _, err := tx.FindTeams(ctx, TeamFilter{OrgID: orgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	for _, t := range teams {
		n.teams[t.ID] = t.Name
	}
	if users {
		all, _, err := tx.FindUsers(ctx, UserFilter{OrgID: orgID, Page: Page{Limit: -1}})
		if err != nil {
			return nil, err
		}
		for _, u := range all {
			n.users[u.ID] = u.Email
		}
	}
	repIDs = slices.DeleteFunc(repIDs, func(id int64) bool { return id == 0 })
	if len(repIDs) > 0 {
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: orgID, IDs: repIDs, Page: Page{Limit: -1}})
		if err != nil {
			return nil, err
		}
		for _, r := range reps {
			n.reps[r.ID] = r.ExternalID
		}
	}
	return n, nil
}

func (n *auditNames) rep(r *Rep) *repState {
	if r == nil {
		return nil
	}
	return &repState{ExternalID: r.ExternalID, Name: r.Name, Email: r.Email, Team: n.teams[r.TeamID], Active: r.Active}
}

func (n *auditNames) team(t *Team) *teamState {
	if t == nil {
		return nil
	}
	s := &teamState{Name: t.Name, Parent: n.teams[t.ParentID], Leaders: []string{}}
	for _, id := range t.LeaderIDs {
		s.Leaders = append(s.Leaders, n.users[id])
	}
	return s
}

func (n *auditNames) user(u *User) *userState {
	if u == nil {
		return nil
	}
	return &userState{Email: u.Email, Name: u.Name, Role: u.Role, Rep: n.reps[u.RepID], Active: u.Active}
}
