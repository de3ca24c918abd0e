package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"trustcard/surveys"
)

// sumRollupsSQL sums periods from running totals: each period is its total
// at its last day (weight 1) minus its total the day before its first (weight
// −1). A total at a day is the history row of that day, or the current
// total when it last changed on or before that day. Its marks are the
// periods' VALUES, the grouping columns and the filters.
const sumRollupsSQL = `WITH p (period, day, weight) AS (VALUES %[1]s)
SELECT period, %[2]s, CAST(SUM(weight * n) AS BIGINT) AS n, SUM(weight * sum) AS sum, SUM(weight * sum_sq) AS sum_sq,
  CAST(SUM(weight * top2) AS BIGINT) AS top2, CAST(SUM(weight * promoters) AS BIGINT) AS promoters, CAST(SUM(weight * detractors) AS BIGINT) AS detractors
FROM (
  SELECT p.period, p.weight, t.rep_id, t.team_id, t.metric, t.n, t.sum, t.sum_sq, t.top2, t.promoters, t.detractors
  FROM p JOIN rollup_history t ON t.org_id = @org AND t.day = p.day %[3]s
  UNION ALL
  SELECT p.period, p.weight, t.rep_id, t.team_id, t.metric, t.n, t.sum, t.sum_sq, t.top2, t.promoters, t.detractors
  FROM p JOIN rollup_totals t ON t.org_id = @org AND t.day <= p.day %[3]s
) x
GROUP BY period, %[2]s
HAVING SUM(weight * n) <> 0`

// SumRollups sums each period's rollups per metric, and per rep and team
// when asked. Only fixed column names and generated marks reach the SQL
// text; days and ids are parameters.
func (db *DB) SumRollups(ctx context.Context, q surveys.RollupQuery, add func(surveys.RollupSum)) error {
	if len(q.Periods) == 0 {
		return nil
	}
	args := map[string]any{"org": q.OrgID}
	values := make([]string, 0, 2*len(q.Periods))
	for i, p := range q.Periods {
		before := surveys.PrevDay(p.From)
		args[fmt.Sprintf("to%d", i)], args[fmt.Sprintf("before%d", i)] = db.dayArg(p.To), db.dayArg(before)
		values = append(values, fmt.Sprintf("(%d, %s, 1)", i, db.dayParam(fmt.Sprintf("@to%d", i))),
			fmt.Sprintf("(%d, %s, -1)", i, db.dayParam(fmt.Sprintf("@before%d", i))))
	}
	groups := "metric"
	if q.ByRep {
		groups = "metric, rep_id, team_id"
	}
	var filters string
	if q.RepIDs != nil {
		filters += " AND t.rep_id IN @reps"
		args["reps"] = emptyGuard(q.RepIDs)
	}
	if q.TeamIDs != nil {
		filters += " AND t.team_id IN @teams"
		args["teams"] = emptyGuard(q.TeamIDs)
	}
	sql := fmt.Sprintf(sumRollupsSQL, strings.Join(values, ", "), groups, filters)
	rows, err := db.q(ctx).Raw(sql, args).Rows()
	if err != nil {
		return translate("sum rollups", err)
	}
	defer rows.Close()
	// Scanned by hand: a window of every rep is tens of thousands of rows.
	for rows.Next() {
		var s surveys.RollupSum
		dest := []any{&s.Period, &s.Metric}
		if q.ByRep {
			dest = append(dest, &s.RepID, &s.TeamID)
		}
		dest = append(dest, &s.N, &s.Sum, &s.SumSq, &s.Top2, &s.Promoters, &s.Detractors)
		if err := rows.Scan(dest...); err != nil {
			return translate("sum rollups", err)
		}
		add(s)
	}
	return translate("sum rollups", rows.Err())
}

// dayArg is a YYYY-MM-DD day as the dialect's day column takes it.
func (db *DB) dayArg(day string) any {
	if db.dialect == Postgres {
		t, err := time.Parse(time.DateOnly, day)
		if err == nil {
			return t
		}
	}
	return day
}

// dayParam is a day parameter typed where nothing else types it.
func (db *DB) dayParam(mark string) string {
	if db.dialect == Postgres {
		return "CAST(" + mark + " AS DATE)"
	}
	return mark
}

// dayText reads a day expression as YYYY-MM-DD.
func (db *DB) dayText(expr string) string {
	if db.dialect == Postgres {
		return "to_char(" + expr + ", 'YYYY-MM-DD')"
	}
	return expr
}
