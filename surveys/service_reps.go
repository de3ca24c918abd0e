package surveys

import (
	"context"
	"fmt"
	"slices"
)

// RepInput creates or updates a rep; Team names an existing team ("" for none).
type RepInput struct {
	ExternalID string
	Name       string
	Email      string
	Team       string
	Active     bool
}

// UpsertRep creates the rep with in.ExternalID, or updates it. Needs
// ScopeManage. EINVALID, ECONFLICT (email of another rep).
func (s *Service) UpsertRep(ctx context.Context, in RepInput) (*Rep, bool, error) {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return nil, false, err
	}
	r := &Rep{OrgID: a.OrgID, ExternalID: in.ExternalID, Name: in.Name, Email: in.Email, Active: in.Active}
	if err := r.Validate(); err != nil {
		return nil, false, err
	}
	var created bool
	err = s.inTxRetry(ctx, func(tx Store) error {
		if r.TeamID, err = teamIDByName(ctx, tx, a.OrgID, in.Team); err != nil {
			return err
		}
		now := s.Clock.Now()
		r.CreatedAt, r.UpdatedAt = now, now
		if created, err = tx.UpsertRep(ctx, r); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "rep.upsert", fmt.Sprintf("rep:%d", r.ID), r.ExternalID)
	})
	return r, created, err
}

func teamIDByName(ctx context.Context, tx Store, orgID int64, name string) (int64, error) {
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

// FindReps lists the reps the actor may see: all for admins and keys with
// ScopeManage or ScopeRead, a leader's teams, a rep themselves.
func (s *Service) FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error) {
	a, err := s.authorize(ctx, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	if !slices.Contains(RepSorts, f.Sort) && f.Sort != "" {
		return nil, 0, Errorf(EINVALID, "sort", "must be one of %v", RepSorts)
	}
	f.OrgID = a.OrgID
	switch {
	case !a.IsKey() && a.Role == RoleRep:
		f.IDs = intersect(f.IDs, []int64{a.RepID})
	default:
		teams, err := s.visibleTeams(ctx, a)
		if err != nil {
			return nil, 0, err
		}
		if teams != nil {
			f.TeamIDs = intersect(f.TeamIDs, teams)
		}
	}
	f.Page = f.Page.Normalize()
	return s.Store.FindReps(ctx, f)
}

// FindRepByID returns one rep the actor may see. ENOTFOUND otherwise.
func (s *Service) FindRepByID(ctx context.Context, id int64) (*Rep, error) {
	reps, _, err := s.FindReps(ctx, RepFilter{IDs: []int64{id}, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 {
		return nil, Errorf(ENOTFOUND, "id", "no rep %d", id)
	}
	return reps[0], nil
}

// SetRepActive activates or deactivates a rep. Needs ScopeManage. ENOTFOUND.
func (s *Service) SetRepActive(ctx context.Context, id int64, active bool) (*Rep, error) {
	a, err := s.authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(tx Store) error {
		if err := tx.SetRepActive(ctx, a.OrgID, id, active); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "rep.active", fmt.Sprintf("rep:%d", id), fmt.Sprint(active))
	})
	if err != nil {
		return nil, err
	}
	return s.FindRepByID(ctx, id)
}

// intersect narrows want to allowed; a nil want means everything allowed.
func intersect(want, allowed []int64) []int64 {
	if want == nil {
		return allowed
	}
	out := []int64{}
	for _, id := range want {
		if slices.Contains(allowed, id) {
			out = append(out, id)
		}
	}
	return out
}
