package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"trustcard/surveys"
)

// BulkResponse is one answered survey for load tests: BulkResponses writes
// its interaction, sent invitation, response and answers.
type BulkResponse struct {
	RepID, TeamID, BuyerID          int64
	OccurredAt, SentAt, SubmittedAt time.Time
	Answers                         map[string]int
	TrustValue                      *float64
	Comment                         string
	ShareName                       bool
}

// BulkBuyers creates n synthetic buyers and returns the first id; the rest
// follow it. Like every Bulk method it is for an otherwise idle database:
// ids are taken from MAX(id), not from the sequences.
func (db *DB) BulkBuyers(ctx context.Context, orgID int64, n int, at time.Time) (int64, error) {
	first, err := db.nextID(ctx, "buyers")
	if err != nil {
		return 0, err
	}
	rows := make([][]any, n)
	for i := range rows {
		id := first + int64(i)
		email := fmt.Sprintf("buyer%d@bulk.example", id)
		rows[i] = []any{id, orgID, email, surveys.EmailHash(email), fmt.Sprintf("Buyer %d", id), "Bulk Corp", "en", "", "active", at}
	}
	cols := []string{"id", "org_id", "email", "email_hash", "name", "company", "locale", "time_zone", "status", "created_at"}
	if err := db.copyRows(ctx, "buyers", cols, rows); err != nil {
		return 0, err
	}
	return first, db.syncSequence(ctx, "buyers")
}

// BulkResponses writes answered surveys answering template version tvID.
// It does not touch the rollups: write those with BulkRollups.
func (db *DB) BulkResponses(ctx context.Context, orgID, tvID int64, rs []BulkResponse) error {
	ids := map[string]int64{}
	for _, t := range []string{"interactions", "invitations", "responses"} {
		id, err := db.nextID(ctx, t)
		if err != nil {
			return err
		}
		ids[t] = id
	}
	var ints, invs, resps, answers [][]any
	for i, r := range rs {
		in, inv, resp := ids["interactions"]+int64(i), ids["invitations"]+int64(i), ids["responses"]+int64(i)
		team := nullID(r.TeamID)
		ints = append(ints, []any{in, orgID, fmt.Sprintf("bulk-%d", in), r.RepID, team, r.BuyerID, "meeting", r.OccurredAt, "bulk", r.OccurredAt})
		invs = append(invs, []any{inv, orgID, in, r.RepID, team, r.BuyerID, tvID, "answered", "", "en",
			r.SentAt, r.SentAt, r.SubmittedAt, r.OccurredAt})
		var trust any
		if r.TrustValue != nil {
			trust = *r.TrustValue
		}
		resps = append(resps, []any{resp, orgID, inv, r.RepID, team, r.BuyerID, trust, r.Comment, r.ShareName, "en",
			false, r.SubmittedAt, r.SubmittedAt})
		for k, v := range r.Answers {
			answers = append(answers, []any{resp, k, v})
		}
	}
	tables := []struct {
		name string
		cols []string
		rows [][]any
	}{
		{"interactions", []string{"id", "org_id", "external_id", "rep_id", "team_id", "buyer_id", "kind", "occurred_at", "body_hash", "created_at"}, ints},
		{"invitations", []string{"id", "org_id", "interaction_id", "rep_id", "team_id", "buyer_id", "template_version_id", "status", "reason", "locale",
			"due_at", "sent_at", "answered_at", "created_at"}, invs},
		{"responses", []string{"id", "org_id", "invitation_id", "rep_id", "team_id", "buyer_id", "trust_value", "comment", "share_name", "locale",
			"provisional", "submitted_at", "updated_at"}, resps},
		{"answers", []string{"response_id", "question_key", "value"}, answers},
	}
	return db.bulkTx(ctx, func(db *DB) error {
		for _, t := range tables {
			if err := db.copyRows(ctx, t.name, t.cols, t.rows); err != nil {
				return err
			}
			if t.name != "answers" {
				if err := db.syncSequence(ctx, t.name); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// bulkTx runs fn in one transaction on SQLite, where each statement would
// otherwise wait for its own commit; PostgreSQL's COPY runs on connections
// of its own.
func (db *DB) bulkTx(ctx context.Context, fn func(db *DB) error) error {
	if db.dialect == Postgres {
		return fn(db)
	}
	return translate("bulk load", db.gorm.WithContext(ctx).Transaction(func(g *gorm.DB) error {
		return fn(&DB{gorm: g, dialect: db.dialect})
	}))
}

// BulkRollups writes the running totals of reps that have none yet from
// all their daily cells, with COPY on PostgreSQL.
func (db *DB) BulkRollups(ctx context.Context, cells []surveys.RollupDelta) error {
	totals, history := runningTotals(cells)
	return db.bulkTx(ctx, func(db *DB) error {
		if err := db.copyRows(ctx, "rollup_totals", rollupCols, db.rollupRows(totals)); err != nil {
			return err
		}
		if err := db.copyRows(ctx, "rollup_history", rollupCols, db.rollupRows(history)); err != nil {
			return err
		}
		return db.bumpVersions(ctx, totals)
	})
}

// Analyze refreshes the planner's statistics after a bulk load; on
// PostgreSQL it also vacuums, so index-only scans need not visit the heap.
func (db *DB) Analyze(ctx context.Context) error {
	sql := "ANALYZE"
	if db.dialect == Postgres {
		sql = "VACUUM ANALYZE"
	}
	return translate("analyze", db.q(ctx).Exec(sql).Error)
}

func (db *DB) nextID(ctx context.Context, table string) (int64, error) {
	var id int64
	err := db.q(ctx).Raw("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table).Scan(&id).Error
	return id, translate("next id of "+table, err)
}

// syncSequence moves PostgreSQL's id sequence past the ids written.
func (db *DB) syncSequence(ctx context.Context, table string) error {
	if db.dialect != Postgres {
		return nil
	}
	sql := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", table, table)
	return translate("sync sequence of "+table, db.q(ctx).Exec(sql).Error)
}

// copyRows writes rows with COPY on PostgreSQL and multi-row INSERTs on
// SQLite. Table and column names are the callers' constants.
func (db *DB) copyRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if db.dialect == Postgres {
		return db.copyPostgres(ctx, table, cols, rows)
	}
	return db.insertValues(ctx, table, cols, rows)
}

// insertValues writes rows with multi-row INSERTs. Table and column names
// are the callers' constants.
func (db *DB) insertValues(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := 3000 / len(cols) // well below SQLite's 32,766 parameters
	for i := 0; i < len(rows); i += per {
		chunk := rows[i:min(i+per, len(rows))]
		tuple := "(" + marks("?", len(cols)) + ")"
		sql := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + marks(tuple, len(chunk))
		args := make([]any, 0, len(chunk)*len(cols))
		for _, r := range chunk {
			args = append(args, r...)
		}
		if err := db.q(ctx).Exec(sql, args...).Error; err != nil {
			return translate("bulk insert "+table, err)
		}
	}
	return nil
}

func (db *DB) copyPostgres(ctx context.Context, table string, cols []string, rows [][]any) error {
	err := db.withPgx(ctx, func(pc *pgx.Conn) error {
		// A superuser's load skips the foreign-key triggers, which cost more
		// than the copy: the generator writes ids that exist. Others check them.
		if _, err := pc.Exec(ctx, "SET session_replication_role = replica"); err == nil {
			defer pc.Exec(context.WithoutCancel(ctx), "RESET session_replication_role")
		}
		_, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
	return translate("copy "+table, err)
}

// withPgx runs fn on a pooled PostgreSQL connection through pgx itself,
// for what database/sql cannot do (COPY) or does slowly (big reads).
func (db *DB) withPgx(ctx context.Context, fn func(*pgx.Conn) error) error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error { return fn(dc.(*stdlib.Conn).Conn()) })
}

// marks is n copies of mark, comma-separated: a statement's placeholders.
func marks(mark string, n int) string {
	return strings.TrimSuffix(strings.Repeat(mark+", ", n), ", ")
}
