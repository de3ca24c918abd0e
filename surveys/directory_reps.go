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

// UpsertRep creates the rep with in.ExternalID, or updates it; a rep
// made inactive has their user signed out as SetRepActive does. Needs
// ScopeManage. EINVALID, ECONFLICT (email of another rep).
func (d *Directory) UpsertRep(ctx context.Context, in RepInput) (*Rep, bool, error) {
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
			return audit(ctx, tx, now, a, "rep.upsert", fmt.Sprintf("rep:%d", r.ID), r.ExternalID)
		})
	})
	return r, created, err
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
		if err := tx.SetRepActive(ctx, a.OrgID, id, active); err != nil {
			return err
		}
		if !active {
			if err := tx.EndRepUsersAccess(ctx, a.OrgID, id); err != nil {
				return err
			}
		}
		return audit(ctx, tx, d.clock.Now(), a, "rep.active", fmt.Sprintf("rep:%d", id), fmt.Sprint(active))
	})
	if err != nil {
		return nil, err
	}
	return d.FindRepByID(ctx, id)
}
