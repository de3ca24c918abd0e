package surveys

import (
	"context"
	"fmt"
)

// RepInput creates or updates a rep; Team names an existing team ("" for none).
type RepInput struct {
	ExternalID string
	Name       string
	Email      string
	Team       string
	Active     bool
}

// RepUpdate changes a rep's own fields; nil fields stay as they are. Team
// names an existing team ("" for none).
type RepUpdate struct {
	Name  *string
	Email *string
	Team  *string
}

// UpsertRep creates the rep with in.ExternalID, or updates it; a rep
// made inactive has their user signed out as SetRepActive does. Needs
// ScopeManage. EINVALID, ECONFLICT (email of another rep).
func (d *Directory) UpsertRep(ctx context.Context, in RepInput) (*Rep, bool, error) {
	return d.saveRep(ctx, in, "rep.upsert", nil)
}

// CreateRep creates a new rep. Needs ScopeManage. EINVALID, ECONFLICT
// (the external id or the email of another rep).
func (d *Directory) CreateRep(ctx context.Context, in RepInput) (*Rep, error) {
	rep, _, err := d.saveRep(ctx, in, "rep.create", func(before *Rep) error {
		if before != nil {
			return Errorf(ECONFLICT, "external_id", "rep %s already has the external id %q: edit them instead", before.Name, before.ExternalID)
		}
		return nil
	})
	return rep, err
}

// UpdateRep changes rep id's name, email or team (moving them between
// teams); answers already given keep counting toward the team of their
// time. Needs ScopeManage. ENOTFOUND, EINVALID, ECONFLICT (email).
func (d *Directory) UpdateRep(ctx context.Context, id int64, u RepUpdate) (*Rep, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	reps, _, err := d.store.FindReps(ctx, RepFilter{OrgID: a.OrgID, IDs: []int64{id}, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 {
		return nil, Errorf(ENOTFOUND, "id", "no rep %d", id)
	}
	r := reps[0]
	in := RepInput{ExternalID: r.ExternalID, Name: r.Name, Email: r.Email, Active: r.Active}
	if in.Team, err = teamName(ctx, d.store, a.OrgID, r.TeamID); err != nil {
		return nil, err
	}
	for field, v := range map[*string]*string{&in.Name: u.Name, &in.Email: u.Email, &in.Team: u.Team} {
		if v != nil {
			*field = *v
		}
	}
	rep, _, err := d.saveRep(ctx, in, "rep.update", func(before *Rep) error {
		if before == nil || before.ID != id {
			return Errorf(ECONFLICT, "", "rep %d changed while it was edited: open it again", id)
		}
		return nil
	})
	return rep, err
}

// saveRep creates or updates the rep in.ExternalID in one transaction,
// once check (nil: none) accepts the rep as it was (nil: new), and audits
// the change as action with the rep before and after.
func (d *Directory) saveRep(ctx context.Context, in RepInput, action string, check func(before *Rep) error) (*Rep, bool, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, false, err
	}
	r := &Rep{OrgID: a.OrgID, ExternalID: in.ExternalID, Name: in.Name, Email: in.Email, Active: in.Active}
	if err := r.Validate(); err != nil {
		return nil, false, err
	}
	var created bool
	err = retryConflicts(func() error {
		return d.inTx(ctx, func(tx directoryStore) error {
			before, err := repByExternalID(ctx, tx, a.OrgID, r.ExternalID)
			if err != nil {
				return err
			}
			if check != nil {
				if err := check(before); err != nil {
					return err
				}
			}
			if r.TeamID, err = teamIDByName(ctx, tx, a.OrgID, in.Team); err != nil {
				return err
			}
			now := d.clock.Now()
			r.CreatedAt, r.UpdatedAt = now, now
			if created, err = tx.UpsertRep(ctx, r); err != nil {
				return err
			}
			if !r.Active {
				if err := tx.EndRepUsersAccess(ctx, a.OrgID, r.ID); err != nil {
					return err
				}
			}
			names, err := readAuditNames(ctx, tx, a.OrgID, false)
			if err != nil {
				return err
			}
			return auditChange(ctx, tx, now, a, action, fmt.Sprintf("rep:%d", r.ID), r.ExternalID, names.rep(before), names.rep(r))
		})
	})
	return r, created, err
}

// repByExternalID is the org's rep with externalID, or nil.
func repByExternalID(ctx context.Context, tx RepStore, orgID int64, externalID string) (*Rep, error) {
	reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: orgID, ExternalID: &externalID, Page: Page{Limit: -1}})
	if err != nil || len(reps) == 0 {
		return nil, err
	}
	return reps[0], nil
}

func teamIDByName(ctx context.Context, tx teamLister, orgID int64, name string) (int64, error) {
	if name == "" {
		return 0, nil
	}
	teams, _, err := tx.FindTeams(ctx, TeamFilter{OrgID: orgID, Name: &name})
	if err != nil {
		return 0, err
	}
	if len(teams) == 0 {
		return 0, Errorf(EINVALID, "team", "no team is named %q: create it first", name)
	}
	return teams[0].ID, nil
}

// teamName is the name of the org's team id; "" for none.
func teamName(ctx context.Context, tx teamLister, orgID, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	teams, _, err := tx.FindTeams(ctx, TeamFilter{OrgID: orgID, IDs: []int64{id}, Page: Page{Limit: -1}})
	if err != nil || len(teams) == 0 {
		return "", err
	}
	return teams[0].Name, nil
}

// FindReps lists the reps the actor may see (see Visibility). Needs
// ScopeRead. EINVALID on an unknown sort.
func (d *Directory) FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error) {
	_, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	return findReps(ctx, d.store, v, f)
}

// FindRepByID returns one rep the actor may see. ENOTFOUND otherwise.
func (d *Directory) FindRepByID(ctx context.Context, id int64) (*Rep, error) {
	_, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	return findRep(ctx, d.store, v, id)
}

// SetRepActive activates or deactivates a rep; deactivating signs the
// rep's user out everywhere and voids their unused sign-in links, in the
// same transaction. Needs ScopeManage. ENOTFOUND.
func (d *Directory) SetRepActive(ctx context.Context, id int64, active bool) (*Rep, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	err = d.inTx(ctx, func(tx directoryStore) error {
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: a.OrgID, IDs: []int64{id}, Page: Page{Limit: -1}})
		if err != nil {
			return err
		}
		if len(reps) == 0 {
			return Errorf(ENOTFOUND, "id", "no rep %d", id)
		}
		if err := tx.SetRepActive(ctx, a.OrgID, id, active); err != nil {
			return err
		}
		if !active {
			if err := tx.EndRepUsersAccess(ctx, a.OrgID, id); err != nil {
				return err
			}
		}
		names, err := readAuditNames(ctx, tx, a.OrgID, false)
		if err != nil {
			return err
		}
		after := *reps[0]
		after.Active = active
		return auditChange(ctx, tx, d.clock.Now(), a, "rep.active", fmt.Sprintf("rep:%d", id), fmt.Sprint(active), names.rep(reps[0]), names.rep(&after))
	})
	if err != nil {
		return nil, err
	}
	return d.FindRepByID(ctx, id)
}
