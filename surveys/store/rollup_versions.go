package store

import (
	"cmp"
	"context"
	"slices"

	"trustcard/surveys"
)

// Every change to a team's rollups raises the team's version in
// rollup_versions (migration 0019) in the same transaction, after the
// team's totals, so the figures kept in memory from them are read again
// only for teams whose version moved (surveys.Scores).

// orgTeam names one team's rollups.
type orgTeam struct{ OrgID, TeamID int64 }

// bumpVersions raises the version of every org and team of deltas, in
// key order.
func (db *DB) bumpVersions(ctx context.Context, deltas []surveys.RollupDelta) error {
	var teams []orgTeam
	for _, d := range deltas {
		teams = append(teams, orgTeam{d.OrgID, d.TeamID})
	}
	slices.SortFunc(teams, func(a, b orgTeam) int {
		return cmp.Or(cmp.Compare(a.OrgID, b.OrgID), cmp.Compare(a.TeamID, b.TeamID))
	})
	teams = slices.Compact(teams)
	for chunk := range slices.Chunk(teams, rollupsPerStatement) {
		args := make([]any, 0, 2*len(chunk))
		for _, t := range chunk {
			args = append(args, t.OrgID, t.TeamID)
		}
		err := db.q(ctx).Exec("INSERT INTO rollup_versions (org_id, team_id, version) VALUES "+marks("(?, ?, 1)", len(chunk))+
			" ON CONFLICT (org_id, team_id) DO UPDATE SET version = rollup_versions.version + 1", args...).Error
		if err != nil {
			return translate("raise rollup versions", err)
		}
	}
	return nil
}

// RollupVersions returns the rollup version of each team of org orgID
// (team 0: reps without one).
func (db *DB) RollupVersions(ctx context.Context, orgID int64) (map[int64]int64, error) {
	var rows []struct{ TeamID, Version int64 }
	if err := db.q(ctx).Raw("SELECT team_id, version FROM rollup_versions WHERE org_id = ?", orgID).Scan(&rows).Error; err != nil {
		return nil, translate("read rollup versions", err)
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.TeamID] = r.Version
	}
	return out, nil
}
