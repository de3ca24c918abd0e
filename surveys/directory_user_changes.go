package surveys

import (
	"context"
	"fmt"
	"slices"
)

// UpdateUser changes a user's name, role, or the rep a rep user is; the
// change applies to their sessions at once. Nobody changes their own role,
// the org keeps an active admin, and a leader of a team becomes a rep only
// once they lead none. Needs ScopeManage. ENOTFOUND, EINVALID, ECONFLICT.
func (d *Directory) UpdateUser(ctx context.Context, id int64, up UserUpdate) (*User, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	var after User
	err = d.changeUser(ctx, a, id, "user.update", func(tx directoryStore, before *User) error {
		after = *before
		if up.Name != nil {
			after.Name = *up.Name
		}
		if up.Role != nil {
			after.Role = *up.Role
		}
		if up.RepID != nil {
			after.RepID = *up.RepID
		}
		if after.Role != RoleRep {
			after.RepID = 0
		}
		if err := after.Validate(); err != nil {
			return err
		}
		if after.Role != before.Role {
			if err := checkRoleChange(ctx, tx, a, before, after.Role); err != nil {
				return err
			}
		}
		if err := checkUserRep(ctx, tx, a.OrgID, after.RepID); err != nil {
			return err
		}
		return tx.UpdateUser(ctx, a.OrgID, id, UserUpdate{Name: &after.Name, Role: &after.Role, RepID: &after.RepID})
	})
	return &after, err
}

// checkRoleChange refuses what would lock people out or leave a team led
// by a rep.
func checkRoleChange(ctx context.Context, tx directoryStore, a *Actor, u *User, role Role) error {
	if u.ID == a.UserID {
		return Errorf(ECONFLICT, "role", "you cannot change your own role: ask another admin")
	}
	if u.Role == RoleAdmin {
		if err := checkAnotherAdmin(ctx, tx, a.OrgID, u); err != nil {
			return err
		}
	}
	if role != RoleRep {
		return nil
	}
	teams, _, err := tx.FindTeams(ctx, TeamFilter{OrgID: a.OrgID, Page: Page{Limit: -1}})
	if err != nil {
		return err
	}
	for _, t := range teams {
		if slices.Contains(t.LeaderIDs, u.ID) {
			return Errorf(ECONFLICT, "role", "%s leads %s: remove them as its leader before making them a rep", u.Email, t.Name)
		}
	}
	return nil
}

// checkAnotherAdmin refuses to take admin u away when no other active
// admin would be left.
func checkAnotherAdmin(ctx context.Context, tx directoryStore, orgID int64, u *User) error {
	admin, active := RoleAdmin, true
	admins, _, err := tx.FindUsers(ctx, UserFilter{OrgID: orgID, Role: &admin, Active: &active, Page: Page{Limit: -1}})
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(admins, func(o *User) bool { return o.ID != u.ID }) {
		return Errorf(ECONFLICT, "", "%s is the only active admin: make someone else an admin first", u.Email)
	}
	return nil
}

// SetUserActive activates or deactivates a user. Deactivating signs them
// out everywhere and voids their unused sign-in links in the same
// transaction; a deactivated user cannot sign in by link or single
// sign-on, nor get a link. Nobody deactivates themselves, and the org
// keeps an active admin. Needs ScopeManage. ENOTFOUND, ECONFLICT.
func (d *Directory) SetUserActive(ctx context.Context, id int64, active bool) (*User, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	var after User
	action := "user.reactivate"
	if !active {
		action = "user.deactivate"
	}
	err = d.changeUser(ctx, a, id, action, func(tx directoryStore, before *User) error {
		after = *before
		after.Active = active
		if !active {
			if before.ID == a.UserID {
				return Errorf(ECONFLICT, "", "you cannot deactivate yourself: ask another admin")
			}
			if before.Role == RoleAdmin && before.Active {
				if err := checkAnotherAdmin(ctx, tx, a.OrgID, before); err != nil {
					return err
				}
			}
			if err := tx.EndUserAccess(ctx, a.OrgID, id); err != nil {
				return err
			}
		}
		return tx.SetUserActive(ctx, a.OrgID, id, active)
	})
	return &after, err
}

// changeUser runs change on the org's user id in one transaction and
// audits it as action with the user before and after.
func (d *Directory) changeUser(ctx context.Context, a *Actor, id int64, action string, change func(tx directoryStore, before *User) error) error {
	return d.inTx(ctx, func(tx directoryStore) error {
		users, _, err := tx.FindUsers(ctx, UserFilter{OrgID: a.OrgID, IDs: []int64{id}, Page: Page{Limit: -1}})
		if err != nil {
			return err
		}
		if len(users) == 0 {
			return Errorf(ENOTFOUND, "id", "no user %d", id)
		}
		before := users[0]
		if err := change(tx, before); err != nil {
			return err
		}
		after, _, err := tx.FindUsers(ctx, UserFilter{OrgID: a.OrgID, IDs: []int64{id}, Page: Page{Limit: -1}})
		if err != nil {
			return err
		}
		names, err := readAuditNames(ctx, tx, a.OrgID, false, before.RepID, after[0].RepID)
		if err != nil {
			return err
		}
		return auditChange(ctx, tx, d.clock.Now(), a, action, fmt.Sprintf("user:%d", id), before.Email, names.user(before), names.user(after[0]))
	})
}
