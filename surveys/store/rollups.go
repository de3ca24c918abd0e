package store

import (
	"context"

	"trustcard/surveys"
)

// applyRollupSQL adds a delta to its cell; both dialects speak ON CONFLICT.
const applyRollupSQL = `INSERT INTO rollups (org_id, rep_id, team_id, day, metric, n, sum, sum_sq, top2, promoters, detractors)
VALUES (@org, @rep, @team, @day, @metric, @n, @sum, @sumsq, @top2, @prom, @detr)
ON CONFLICT (org_id, rep_id, team_id, day, metric) DO UPDATE SET
  n = rollups.n + excluded.n, sum = rollups.sum + excluded.sum, sum_sq = rollups.sum_sq + excluded.sum_sq,
  top2 = rollups.top2 + excluded.top2, promoters = rollups.promoters + excluded.promoters,
  detractors = rollups.detractors + excluded.detractors`

// ApplyRollups adds each delta to its rollup cell.
func (db *DB) ApplyRollups(ctx context.Context, deltas []surveys.RollupDelta) error {
	for _, d := range deltas {
		err := db.q(ctx).Exec(applyRollupSQL, map[string]any{"org": d.OrgID, "rep": d.RepID, "team": d.TeamID,
			"day": d.Day, "metric": d.Metric, "n": d.N, "sum": d.Sum, "sumsq": d.SumSq, "top2": d.Top2,
			"prom": d.Promoters, "detr": d.Detractors}).Error
		if err != nil {
			return translate("apply rollups", err)
		}
	}
	return nil
}
