package store

import (
	"context"
	"strings"

	"trustcard/surveys"
)

// applyRollupSQL adds a delta to its cell; both dialects speak ON CONFLICT.
const applyRollupSQL = `INSERT INTO rollups (org_id, rep_id, team_id, day, metric, n, sum, sum_sq, top2, promoters, detractors)
VALUES (@org, @rep, @team, @day, @metric, @n, @sum, @sumsq, @top2, @prom, @detr)
ON CONFLICT (org_id, rep_id, team_id, day, metric) DO UPDATE SET
  n = rollups.n + excluded.n, sum = rollups.sum + excluded.sum, sum_sq = rollups.sum_sq + excluded.sum_sq,
  top2 = rollups.top2 + excluded.top2, promoters = rollups.promoters + excluded.promoters,
  detractors = rollups.detractors + excluded.detractors`

// ApplyRollups adds each delta to its rollup cell, one statement per cell.
func (db *DB) ApplyRollups(ctx context.Context, deltas []surveys.RollupDelta) error {
	for _, d := range surveys.MergeRollups(deltas) {
		err := db.q(ctx).Exec(applyRollupSQL, map[string]any{"org": d.OrgID, "rep": d.RepID, "team": d.TeamID,
			"day": d.Day, "metric": d.Metric, "n": d.N, "sum": d.Sum, "sumsq": d.SumSq, "top2": d.Top2,
			"prom": d.Promoters, "detr": d.Detractors}).Error
		if err != nil {
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
