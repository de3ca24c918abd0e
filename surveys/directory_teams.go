package surveys

import (
	"context"
	"fmt"
	"slices"
)

// CreateTeam creates a team under t.ParentID (zero: top level) led by
// t.LeaderIDs. Needs ScopeManage. EINVALID, ECONFLICT.
func (d *Directory) CreateTeam(ctx context.Context, t *Team) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	t.OrgID, t.CreatedAt = a.OrgID, d.clock.Now()
	if err := t.Validate(); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx directoryStore) error {
		if err := checkTeamLinks(ctx, tx, a.OrgID, 0, t.ParentID, t.LeaderIDs); err != nil {
			return err
		}
		if err := tx.CreateTeam(ctx, t); err != nil {
			return err
		}
		names, err := readAuditNames(ctx, tx, a.OrgID, true)
		if err != nil {
			return err
		}
		return auditChange(ctx, tx, t.CreatedAt, a, "team.create", fmt.Sprintf("team:%d", t.ID), t.Name, nil, names.team(t))
	})
}

// UpdateTeam renames, moves or re-leads a team. Needs ScopeManage.
// EINVALID (a cycle, an unknown parent or leader), ENOTFOUND, ECONFLICT.
func (d *Directory) UpdateTeam(ctx context.Context, id int64, u TeamUpdate) (*Team, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	if u.Name != nil {
		probe := Team{Name: *u.Name}
		if err := probe.Validate(); err != nil {
			return nil, err
		}
		u.Name = &probe.Name
	}
	var out *Team
	err = d.inTx(ctx, func(tx directoryStore) error {
		parent := int64(-1)
		if u.ParentID != nil {
			parent = *u.ParentID
		}
		var leaders []int64
		if u.LeaderIDs != nil {
			leaders = *u.LeaderIDs
		}
		if err := checkTeamLinks(ctx, tx, a.OrgID, id, parent, leaders); err != nil {
			return err
		}
		names, err := readAuditNames(ctx, tx, a.OrgID, true)
		if err != nil {
			return err
		}
		before, err := findTeam(ctx, tx, &Visibility{OrgID: a.OrgID, reach: seesAll}, id)
		if err != nil {
			return err
		}
		if out, err = tx.UpdateTeam(ctx, a.OrgID, id, u); err != nil {
			return err
		}
		names.teams[id] = out.Name
		return auditChange(ctx, tx, d.clock.Now(), a, "team.update", fmt.Sprintf("team:%d", id), out.Name, names.team(before), names.team(out))
	})
	return out, err
}

// checkTeamLinks verifies that team id (zero for a new team) may hang under
// parent (negative: unchanged) without a cycle, and that every leader is a
// leader or admin user of the org.
func checkTeamLinks(ctx context.Context, tx directoryStore, orgID, id, parent int64, leaders []int64) error {
	if parent > 0 {
		all, _, err := tx.FindTeams(ctx, TeamFilter{OrgID: orgID, Page: Page{Limit: -1}})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(all, func(t *Team) bool { return t.ID == parent })
		if i < 0 {
			return Errorf(EINVALID, "parent", "no team %d", parent)
		}
		if id == parent {
			return Errorf(EINVALID, "parent", "a team cannot be inside itself: choose another parent")
		}
		if id != 0 && slices.Contains(Descendants(all, id), parent) {
			return Errorf(EINVALID, "parent", "%s is inside this team, so this team cannot go under it: move %s out first, or choose another parent",
				all[i].Name, all[i].Name)
		}
	}
	if len(leaders) == 0 {
		return nil
	}
	users, _, err := tx.FindUsers(ctx, UserFilter{OrgID: orgID, IDs: leaders, Page: Page{Limit: -1}})
	if err != nil {
		return err
	}
	for _, l := range leaders {
		i := slices.IndexFunc(users, func(u *User) bool { return u.ID == l })
		if i < 0 || users[i].Role == RoleRep {
			return Errorf(EINVALID, "leaders", "user %d is not a leader or admin of this org", l)
		}
	}
	return nil
}

// FindTeams lists the teams the actor may see (see Visibility). Needs ScopeRead.
func (d *Directory) FindTeams(ctx context.Context, f TeamFilter) ([]*Team, int, error) {
	_, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	return findTeams(ctx, d.store, v, f)
}

// FindTeamByID returns one team the actor may see. ENOTFOUND otherwise.
func (d *Directory) FindTeamByID(ctx context.Context, id int64) (*Team, error) {
	_, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	return findTeam(ctx, d.store, v, id)
}
