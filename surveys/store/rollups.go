package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"trustcard/surveys"
)

// applyRollupsSQL adds deltas to their cells; both dialects speak ON
// CONFLICT. Its VALUES rows follow.
const applyRollupsSQL = `INSERT INTO rollups (org_id, rep_id, team_id, day, metric, n, sum, sum_sq, top2, promoters, detractors)
VALUES %s
ON CONFLICT (org_id, rep_id, team_id, day, metric) DO UPDATE SET
  n = rollups.n + excluded.n, sum = rollups.sum + excluded.sum, sum_sq = rollups.sum_sq + excluded.sum_sq,
  top2 = rollups.top2 + excluded.top2, promoters = rollups.promoters + excluded.promoters,
  detractors = rollups.detractors + excluded.detractors`

// rollupsPerStatement keeps a statement's parameters well under both
// databases' limits.
const rollupsPerStatement = 500

// ApplyRollups adds each delta to its rollup cell: merged, in one fixed
// order, one statement for up to rollupsPerStatement cells. A statement
// may name a cell once, which merging guarantees.
func (db *DB) ApplyRollups(ctx context.Context, deltas []surveys.RollupDelta) error {
	for chunk := range slices.Chunk(surveys.MergeRollups(deltas), rollupsPerStatement) {
		rows := make([]string, len(chunk))
		args := make([]any, 0, 11*len(chunk))
		for i, d := range chunk {
			rows[i] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			args = append(args, d.OrgID, d.RepID, d.TeamID, d.Day, d.Metric, d.N, d.Sum, d.SumSq, d.Top2, d.Promoters, d.Detractors)
		}
		if err := db.q(ctx).Exec(fmt.Sprintf(applyRollupsSQL, strings.Join(rows, ", ")), args...).Error; err != nil {
			return translate("apply rollups", err)
		}
	}
	return nil
}

// SumRollups sums rollup cells of a window, grouped as the query asks.
// Only fixed column names reach the SQL text.
func (db *DB) SumRollups(ctx context.Context, q surveys.RollupQuery) ([]surveys.RollupSum, error) {
	dayExpr := "day"
	if db.dialect == Postgres {
		dayExpr = "to_char(day, 'YYYY-MM-DD')"
	}
	groups := []string{"metric"}
	if q.ByRep {
		groups = append(groups, "rep_id", "team_id")
	}
	if q.ByDay {
		groups = append(groups, dayExpr)
	}
	cols := "metric, SUM(n) AS n, SUM(sum) AS sum, SUM(sum_sq) AS sum_sq, SUM(top2) AS top2, " +
		"SUM(promoters) AS promoters, SUM(detractors) AS detractors"
	if q.ByRep {
		cols += ", rep_id, team_id"
	}
	if q.ByDay {
		cols += ", " + dayExpr + " AS day"
	}
	g := db.q(ctx).Table("rollups").Select(cols).Where("org_id = ? AND day >= ? AND day <= ?", q.OrgID, q.From, q.To)
	if q.RepIDs != nil {
		g = g.Where("rep_id IN ?", emptyGuard(q.RepIDs))
	}
	if q.TeamIDs != nil {
		g = g.Where("team_id IN ?", emptyGuard(q.TeamIDs))
	}
	if q.Metrics != nil {
		g = g.Where("metric IN ?", q.Metrics)
	}
	var out []surveys.RollupSum
	if err := g.Group(strings.Join(groups, ", ")).Scan(&out).Error; err != nil {
		return nil, translate("sum rollups", err)
	}
	return out, nil
}
