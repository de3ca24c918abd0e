package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"trustcard/surveys"
)

// The rollups are running totals per org, rep, team and metric (see
// migration 0003): rollup_totals holds each key's total so far and the day
// of its last change, rollup_history its total at the end of every earlier
// day since its first change. A delta on the key's current day touches one
// row; on a later day it first closes the days in between into the history;
// on an earlier day (an answer changed after midnight) it also adds itself
// to the history from that day on.

// rollupCols are a rollup row's columns in the order rollupArgs gives them.
var rollupCols = []string{"org_id", "rep_id", "team_id", "metric", "day", "n", "sum", "sum_sq", "top2", "promoters", "detractors"}

func (db *DB) rollupArgs(d surveys.RollupDelta) []any {
	return []any{d.OrgID, d.RepID, d.TeamID, d.Metric, db.dayArg(d.Day), d.N, d.Sum, d.SumSq, d.Top2, d.Promoters, d.Detractors}
}

// addTotalsSQL adds deltas to the totals of their keys where the total
// last changed on the delta's day, and starts the totals of new keys. It
// returns the keys it wrote; the others, locked on PostgreSQL by the
// statement, changed on another day.
const addTotalsSQL = `INSERT INTO rollup_totals (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
VALUES %s
ON CONFLICT (org_id, rep_id, team_id, metric) DO UPDATE SET
  n = rollup_totals.n + excluded.n, sum = rollup_totals.sum + excluded.sum, sum_sq = rollup_totals.sum_sq + excluded.sum_sq,
  top2 = rollup_totals.top2 + excluded.top2, promoters = rollup_totals.promoters + excluded.promoters,
  detractors = rollup_totals.detractors + excluded.detractors
WHERE rollup_totals.day = excluded.day
RETURNING org_id, rep_id, team_id, metric`

// setTotalsSQL replaces totals and their days.
const setTotalsSQL = `INSERT INTO rollup_totals (org_id, rep_id, team_id, metric, day, n, sum, sum_sq, top2, promoters, detractors)
VALUES %s
ON CONFLICT (org_id, rep_id, team_id, metric) DO UPDATE SET
  day = excluded.day, n = excluded.n, sum = excluded.sum, sum_sq = excluded.sum_sq, top2 = excluded.top2,
  promoters = excluded.promoters, detractors = excluded.detractors`

// rollupsPerStatement keeps a statement's parameters well under both
// databases' limits.
const rollupsPerStatement = 500

// rollupKey names one running total.
type rollupKey struct {
	OrgID, RepID, TeamID int64
	Metric               string
}

func keyOf(d surveys.RollupDelta) rollupKey { return rollupKey{d.OrgID, d.RepID, d.TeamID, d.Metric} }

func compareKeys(a, b rollupKey) int {
	return cmp.Or(cmp.Compare(a.OrgID, b.OrgID), cmp.Compare(a.RepID, b.RepID), cmp.Compare(a.TeamID, b.TeamID),
		cmp.Compare(a.Metric, b.Metric))
}

// ApplyRollups adds each delta to the running totals of its key, and to
// its team's, from its day on, in one statement for a day's cells. Keys are
// locked in key order (a team's own totals, rep 0, first), so concurrent
// transactions lock in one order; a team's totals, which every answer to
// the team waits on, are held from that statement to the commit only.
func (db *DB) ApplyRollups(ctx context.Context, deltas []surveys.RollupDelta) error {
	if !db.inTx() { // the first statement's locks must hold to the last
		return db.InTx(ctx, func(tx surveys.Store) error { return tx.ApplyRollups(ctx, deltas) })
	}
	if err := db.applyCells(ctx, surveys.MergeRollups(append(slices.Clip(deltas), surveys.TeamDeltas(deltas)...))); err != nil {
		return err
	}
	return db.bumpVersions(ctx, deltas)
}

// applyCells applies merged cells in rounds of one day per key, each
// round in key order.
func (db *DB) applyCells(ctx context.Context, cells []surveys.RollupDelta) error {
	for len(cells) > 0 {
		var round, rest []surveys.RollupDelta
		seen := map[rollupKey]bool{}
		for _, c := range cells {
			if seen[keyOf(c)] {
				rest = append(rest, c)
				continue
			}
			seen[keyOf(c)] = true
			round = append(round, c)
		}
		slices.SortFunc(round, func(a, b surveys.RollupDelta) int { return compareKeys(keyOf(a), keyOf(b)) })
		if err := db.applyRound(ctx, round); err != nil {
			return err
		}
		cells = rest
	}
	return nil
}

// applyRound applies deltas of distinct keys: most in one statement, the
// keys that last changed on another day in a few more, batched but for
// two statements per delta dated before its total's last change.
func (db *DB) applyRound(ctx context.Context, round []surveys.RollupDelta) error {
	var missed []surveys.RollupDelta
	for chunk := range slices.Chunk(round, rollupsPerStatement) {
		var done []rollupKey
		sql, args := db.valuesSQL(addTotalsSQL, chunk)
		if err := db.q(ctx).Raw(sql, args...).Scan(&done).Error; err != nil {
			return translate("add to rollup totals", err)
		}
		wrote := map[rollupKey]bool{}
		for _, k := range done {
			wrote[k] = true
		}
		for _, d := range chunk {
			if !wrote[keyOf(d)] {
				missed = append(missed, d)
			}
		}
	}
	if len(missed) == 0 {
		return nil
	}
	totals, err := db.rollupTotals(ctx, missed)
	if err != nil {
		return err
	}
	var history, set []surveys.RollupDelta
	for _, d := range missed {
		t, ok := totals[keyOf(d)]
		switch {
		case !ok:
			return fmt.Errorf("store: apply rollups: the total of %+v vanished", keyOf(d))
		case t.Day < d.Day:
			// Close the days from the total's up to the delta's.
			history = appendDays(history, t, t.Day, d.Day)
			set = append(set, addDelta(t, d, d.Day))
		default: // dated before the total last changed
			first, err := db.addToHistory(ctx, d)
			if err != nil {
				return err
			}
			// Before the history began the total was zero: d alone.
			zero := surveys.RollupDelta{OrgID: d.OrgID, RepID: d.RepID, TeamID: d.TeamID, Metric: d.Metric}
			history = appendDays(history, addDelta(zero, d, ""), d.Day, cmp.Or(first, t.Day))
			set = append(set, addDelta(t, d, t.Day))
		}
	}
	if err := db.insertRows(ctx, "rollup_history", history); err != nil {
		return err
	}
	for chunk := range slices.Chunk(set, rollupsPerStatement) {
		sql, args := db.valuesSQL(setTotalsSQL, chunk)
		if err := db.q(ctx).Exec(sql, args...).Error; err != nil {
			return translate("set rollup totals", err)
		}
	}
	return nil
}

// addToHistory adds d to its key's history from d's day on, and returns
// the day the history begins ("" when it has none).
func (db *DB) addToHistory(ctx context.Context, d surveys.RollupDelta) (string, error) {
	where := "org_id = ? AND rep_id = ? AND team_id = ? AND metric = ?"
	keyArgs := []any{d.OrgID, d.RepID, d.TeamID, d.Metric}
	err := db.q(ctx).Exec("UPDATE rollup_history SET n = n + ?, sum = sum + ?, sum_sq = sum_sq + ?, top2 = top2 + ?, "+
		"promoters = promoters + ?, detractors = detractors + ? WHERE "+where+" AND day >= ?",
		append(append([]any{d.N, d.Sum, d.SumSq, d.Top2, d.Promoters, d.Detractors}, keyArgs...), db.dayArg(d.Day))...).Error
	if err != nil {
		return "", translate("add to rollup history", err)
	}
	var first *string
	err = db.q(ctx).Raw("SELECT "+db.dayText("MIN(day)")+" FROM rollup_history WHERE "+where, keyArgs...).Scan(&first).Error
	if err != nil || first == nil {
		return "", translate("find rollup history", err)
	}
	return *first, nil
}

// rollupTotals reads the totals of the deltas' keys.
func (db *DB) rollupTotals(ctx context.Context, deltas []surveys.RollupDelta) (map[rollupKey]surveys.RollupDelta, error) {
	out := map[rollupKey]surveys.RollupDelta{}
	for chunk := range slices.Chunk(deltas, rollupsPerStatement) {
		args := make([]any, 0, 4*len(chunk))
		for _, d := range chunk {
			args = append(args, d.OrgID, d.RepID, d.TeamID, d.Metric)
		}
		keys := marks("(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT))", len(chunk))
		var rows []surveys.RollupDelta
		err := db.q(ctx).Raw("SELECT org_id, rep_id, team_id, metric, "+db.dayText("day")+" AS day, n, sum, sum_sq, top2, "+
			"promoters, detractors FROM rollup_totals WHERE (org_id, rep_id, team_id, metric) IN (VALUES "+
			keys+")", args...).Scan(&rows).Error
		if err != nil {
			return nil, translate("read rollup totals", err)
		}
		for _, r := range rows {
			out[keyOf(r)] = r
		}
	}
	return out, nil
}

// valuesSQL fills the VALUES of a statement with rows.
func (db *DB) valuesSQL(sql string, rows []surveys.RollupDelta) (string, []any) {
	args := make([]any, 0, len(rollupCols)*len(rows))
	for _, d := range rows {
		args = append(args, db.rollupArgs(d)...)
	}
	return fmt.Sprintf(sql, marks("("+marks("?", len(rollupCols))+")", len(rows))), args
}

// rollupRows are rows' values in rollupCols' order.
func (db *DB) rollupRows(rows []surveys.RollupDelta) [][]any {
	vals := make([][]any, len(rows))
	for i, r := range rows {
		vals[i] = db.rollupArgs(r)
	}
	return vals
}

// insertRows writes new rollup rows into table.
func (db *DB) insertRows(ctx context.Context, table string, rows []surveys.RollupDelta) error {
	return db.insertValues(ctx, table, rollupCols, db.rollupRows(rows))
}

// addDelta is total t plus delta d, dated day.
func addDelta(t, d surveys.RollupDelta, day string) surveys.RollupDelta {
	t = t.Plus(d)
	t.Day = day
	return t
}

// appendDays appends total t once for every day from first up to, not
// including, last.
func appendDays(rows []surveys.RollupDelta, t surveys.RollupDelta, first, last string) []surveys.RollupDelta {
	for day := first; day < last; day = surveys.NextDay(day) {
		t.Day = day
		rows = append(rows, t)
	}
	return rows
}
