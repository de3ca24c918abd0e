package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"trustcard/surveys"
)

// A period's sums are its totals at its last day minus its totals the day
// before its first. The total of a key at day x is its history row of day
// x, or its current total when that last changed on or before x, or zero:
// so summed over any keys, it is their history rows of day x plus their
// current totals dated x or earlier. SumRollups reads both in one
// statement, so from one snapshot (a writer moving a total on to a later
// day also writes the history it leaves), with plain index scans and no
// join, and adds them up here. Sums pooled over all
// reps read the teams' own totals (rep 0): one row per team, not per rep.

// SumRollups sums each period's rollups per metric, and per rep and team
// when asked. Only fixed column names reach the SQL text.
func (db *DB) SumRollups(ctx context.Context, q surveys.RollupQuery, add func(surveys.RollupSum)) error {
	if len(q.Periods) == 0 {
		return nil
	}
	var bounds []boundary
	var days []any
	last := ""
	for i, p := range q.Periods {
		before := surveys.PrevDay(p.From)
		bounds = append(bounds, boundary{i, dayNumber(p.To), 1}, boundary{i, dayNumber(before), -1})
		days = append(days, db.dayArg(p.To), db.dayArg(before))
		last = max(last, p.To)
	}
	s := sums{index: map[sumKey]*surveys.RollupSum{}, metrics: map[string]int{}}
	err := db.readSums(ctx, q, db.dayArg(last), days, func(r *sumRow) {
		for _, b := range bounds {
			if r.history && r.day == b.day || !r.history && r.day <= b.day {
				s.add(b, r)
			}
		}
	})
	if err != nil {
		return err
	}
	for sum := range s.sums.All {
		if sum.N != 0 {
			add(sum)
		}
	}
	return nil
}

// boundary is one end of a period: the totals at day (a day number) count
// with weight 1 at its last day and −1 the day before its first.
type boundary struct {
	period int
	day    int64
	weight int64
}

// sumRow is one row read: a metric's values, per rep and team or pooled,
// at a day number, from the history or the current totals. It is reused
// for every row.
type sumRow struct {
	history   bool
	rep, team int64
	metric    []byte
	day       int64
	sums      surveys.RollupSum
}

// sums adds up rows per period, rep, team and metric (metrics by their
// order of appearance), in blocks that are never copied as they grow.
type sums struct {
	index   map[sumKey]*surveys.RollupSum // into sums
	sums    surveys.Blocks[surveys.RollupSum]
	metrics map[string]int
	names   []string
}

type sumKey struct {
	rep, team      int64
	period, metric int
}

// add adds r's values, weighted by b, to the sum of b's period and r's group.
func (s *sums) add(b boundary, r *sumRow) {
	m, ok := s.metrics[string(r.metric)]
	if !ok {
		m = len(s.names)
		s.names = append(s.names, string(r.metric))
		s.metrics[s.names[m]] = m
	}
	k := sumKey{r.rep, r.team, b.period, m}
	a, ok := s.index[k]
	if !ok {
		a = s.sums.Add(surveys.RollupSum{Period: b.period, RepID: r.rep, TeamID: r.team, Metric: s.names[m]})
		s.index[k] = a
	}
	a.N += b.weight * r.sums.N
	a.Sum += b.weight * r.sums.Sum
	a.SumSq += b.weight * r.sums.SumSq
	a.Top2 += b.weight * r.sums.Top2
	a.Promoters += b.weight * r.sums.Promoters
	a.Detractors += b.weight * r.sums.Detractors
}

// readSums hands fn the current totals of q's keys dated last or earlier
// and their history rows of days, summed per metric and day when q pools
// reps (rows of one rep, team and metric are one per day already).
func (db *DB) readSums(ctx context.Context, q surveys.RollupQuery, last any, days []any, fn func(*sumRow)) error {
	a := &sqlArgs{pg: db.dialect == Postgres}
	cols, group := "metric, "+db.dayNumber("day")+", n, sum, sum_sq, top2, promoters, detractors", ""
	if q.ByRep {
		cols = "rep_id, team_id, " + cols
	} else {
		cols = "metric, " + db.dayNumber("day") + ", CAST(SUM(n) AS BIGINT), CAST(SUM(sum) AS BIGINT), CAST(SUM(sum_sq) AS BIGINT), CAST(SUM(top2) AS BIGINT), " +
			"CAST(SUM(promoters) AS BIGINT), CAST(SUM(detractors) AS BIGINT)"
		group = " GROUP BY metric, day"
	}
	where := func(dayCond func() string) string { // marks in the order of their arguments
		w := " WHERE org_id = " + a.add(q.OrgID)
		w += " AND " + dayCond()
		switch {
		case q.RepIDs != nil:
			w += " AND rep_id IN (" + list(a, emptyGuard(q.RepIDs)) + ")"
		case q.ByRep:
			w += " AND rep_id > 0"
		default: // pooled over all reps: the teams' own totals
			w += " AND rep_id = 0"
		}
		if q.TeamIDs != nil {
			w += " AND team_id IN (" + list(a, emptyGuard(q.TeamIDs)) + ")"
		}
		return w + group
	}
	query := "SELECT FALSE, " + cols + " FROM rollup_totals" + where(func() string { return "day <= " + a.add(last) })
	query += " UNION ALL SELECT TRUE, " + cols + " FROM rollup_history" + where(func() string { return "day IN (" + list(a, days) + ")" })
	var r sumRow
	dest := []any{&r.history, &r.metric, &r.day, &r.sums.N, &r.sums.Sum, &r.sums.SumSq, &r.sums.Top2, &r.sums.Promoters, &r.sums.Detractors}
	if q.ByRep {
		dest = slices.Insert(dest, 1, any(&r.rep), any(&r.team))
	}
	return translate("sum rollups", db.eachRow(ctx, query, a.args, dest, func() { fn(&r) }))
}

// eachRow scans each row of a query into dest and calls fn. On PostgreSQL
// outside a transaction it reads through pgx itself, which decodes into
// dest without boxing every value: a third of the cost per row.
func (db *DB) eachRow(ctx context.Context, query string, args, dest []any, fn func()) error {
	type rowSource interface {
		Next() bool
		Scan(dest ...any) error
		Err() error
	}
	each := func(rows rowSource) error {
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			fn()
		}
		return rows.Err()
	}
	if db.dialect == Postgres && !db.inTx() {
		return db.withPgx(ctx, func(pc *pgx.Conn) error {
			rows, err := pc.Query(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			return each(rows)
		})
	}
	rows, err := db.q(ctx).Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	return each(rows)
}

// inTx reports whether db is a transaction.
func (db *DB) inTx() bool {
	_, tx := db.gorm.Statement.ConnPool.(gorm.TxCommitter)
	return tx
}

// sqlArgs numbers a statement's parameters as the dialect writes them.
type sqlArgs struct {
	pg   bool
	args []any
}

// add appends v and returns its placeholder.
func (a *sqlArgs) add(v any) string {
	a.args = append(a.args, v)
	if a.pg {
		return "$" + strconv.Itoa(len(a.args))
	}
	return "?"
}

// list appends vs and returns their placeholders, comma-separated.
func list[T any](a *sqlArgs, vs []T) string {
	marks := make([]string, len(vs))
	for i, v := range vs {
		marks[i] = a.add(v)
	}
	return strings.Join(marks, ", ")
}

// dayNumber is a YYYY-MM-DD day as days since 1970-01-01, as dayNumber
// reads the day column.
func dayNumber(day string) int64 {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return 0
	}
	return t.Unix() / 86400
}

// dayNumber reads a day expression as days since 1970-01-01.
func (db *DB) dayNumber(expr string) string {
	if db.dialect == Postgres {
		return "(" + expr + " - DATE '1970-01-01')"
	}
	return "CAST(julianday(" + expr + ") - 2440587.5 AS INTEGER)"
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

// dayText reads a day expression as YYYY-MM-DD.
func (db *DB) dayText(expr string) string {
	if db.dialect == Postgres {
		return "to_char(" + expr + ", 'YYYY-MM-DD')"
	}
	return expr
}
