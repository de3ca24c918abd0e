package store

import (
	"context"

	"gorm.io/gorm"

	"trustcard/surveys"
)

// CreateTeam stores a team and its leaders.
func (db *DB) CreateTeam(ctx context.Context, t *surveys.Team) error {
	row := teamRow{OrgID: t.OrgID, Name: t.Name, ParentID: nullID(t.ParentID), CreatedAt: t.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return conflictOn(translate("create team", err), "name", "a team named %q exists", t.Name)
	}
	t.ID = row.ID
	return setLeaders(db.q(ctx), t.ID, t.LeaderIDs)
}

// setLeaders replaces a team's leaders.
func setLeaders(g *gorm.DB, teamID int64, leaders []int64) error {
	if err := g.Where("team_id = ?", teamID).Delete(&teamLeaderRow{}).Error; err != nil {
		return translate("set leaders", err)
	}
	for _, u := range leaders {
		if err := g.Create(&teamLeaderRow{TeamID: teamID, UserID: u}).Error; err != nil {
			return translate("set leaders", err)
		}
	}
	return nil
}

// FindTeams returns matching teams ordered by name, and the total.
func (db *DB) FindTeams(ctx context.Context, f surveys.TeamFilter) ([]*surveys.Team, int, error) {
	g := db.q(ctx).Model(&teamRow{}).Where("org_id = ?", f.OrgID)
	if f.IDs != nil {
		g = g.Where("id IN ?", emptyGuard(f.IDs))
	}
	if f.Name != nil {
		g = g.Where("name = ?", *f.Name)
	}
	rows, total, err := findPage[teamRow](g, f.Page, "name, id", "teams")
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var leaders []teamLeaderRow
	if err := db.q(ctx).Where("team_id IN ?", emptyGuard(ids)).Order("user_id").Find(&leaders).Error; err != nil {
		return nil, 0, translate("find leaders", err)
	}
	byTeam := map[int64][]int64{}
	for _, l := range leaders {
		byTeam[l.TeamID] = append(byTeam[l.TeamID], l.UserID)
	}
	out := make([]*surveys.Team, len(rows))
	for i := range rows {
		out[i] = rows[i].toTeam(byTeam[rows[i].ID])
	}
	return out, total, nil
}

// UpdateTeam changes a team's name, parent or leaders.
func (db *DB) UpdateTeam(ctx context.Context, orgID, id int64, u surveys.TeamUpdate) (*surveys.Team, error) {
	changes := map[string]any{}
	if u.Name != nil {
		changes["name"] = *u.Name
	}
	if u.ParentID != nil {
		changes["parent_id"] = nullID(*u.ParentID)
	}
	g := db.q(ctx).Model(&teamRow{}).Where("org_id = ? AND id = ?", orgID, id)
	if len(changes) > 0 {
		if err := g.Updates(changes).Error; err != nil {
			return nil, conflictOn(translate("update team", err), "name", "a team with that name exists")
		}
	}
	teams, _, err := db.FindTeams(ctx, surveys.TeamFilter{OrgID: orgID, IDs: []int64{id}})
	if err != nil {
		return nil, err
	}
	if len(teams) == 0 {
		return nil, surveys.Errorf(surveys.ENOTFOUND, "id", "no team %d", id)
	}
	if u.LeaderIDs != nil {
		if err := setLeaders(db.q(ctx), id, *u.LeaderIDs); err != nil {
			return nil, err
		}
		teams[0].LeaderIDs = append([]int64{}, *u.LeaderIDs...)
	}
	return teams[0], nil
}
