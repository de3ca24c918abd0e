package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"trustcard/surveys"
)

// On PostgreSQL a batch of new interactions costs three round trips
// however many items it holds, each a pipeline on one connection: the
// first begins the transaction and reads the org, the survey, every
// item's rep and the external ids already stored; the second stores the
// buyers (locking their rows in the order of their email hashes, so that
// two batches take turns rather than deadlock) and reserves the ids; the
// third writes the interactions, invitations, throttle marks and jobs as
// multi-row statements over arrays, and commits.

var _ surveys.BatchRecorder = (*DB)(nil)

const bulkOrgSQL = `SELECT o.name, o.settings, o.secret, o.created_at,
  COALESCE((SELECT ref FROM org_logos WHERE org_logos.org_id = o.id), ''),
  COALESCE((SELECT id FROM template_versions WHERE org_id = o.id ORDER BY version DESC LIMIT 1), 0)
FROM orgs o WHERE o.id = $1`

// bulkRepsSQL finds each item's rep as quickRepSQL does; n counts from 1.
const bulkRepsSQL = `SELECT q.n, r.id, r.external_id, r.name, r.email, r.team_id, r.active, r.created_at, r.updated_at
FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS q(ref, email, n)
CROSS JOIN LATERAL (SELECT * FROM reps WHERE org_id = $1 AND (external_id = q.ref OR email = q.email)
  ORDER BY external_id = q.ref DESC LIMIT 1) r`

const bulkTakenSQL = `SELECT external_id FROM interactions WHERE org_id = $1 AND external_id = ANY($2::text[])`

// bulkBuyersSQL is upsertBuyerSQL over arrays, in email-hash order.
var bulkBuyersSQL = strings.NewReplacer(
	"VALUES (@org, @email, @hash, @name, @company, @locale, @tz, @status, @at)",
	`SELECT $1, e, h, n, c, l, tz, $8, $9 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
  AS u(e, h, n, c, l, tz) ORDER BY h`,
	"RETURNING *", "RETURNING "+buyerColumns).Replace(upsertBuyerSQL)

const bulkIDsSQL = `SELECT nextval('interactions_id_seq'), nextval('invitations_id_seq') FROM generate_series(1, $1)`

const (
	bulkInteractionsSQL = `INSERT INTO interactions (id, org_id, external_id, rep_id, team_id, buyer_id, kind, occurred_at, body_hash, created_at)
SELECT id, $1, x, r, NULLIF(t, 0), b, k, o, h, c FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
  $7::text[], $8::timestamptz[], $9::text[], $10::timestamptz[]) AS u(id, x, r, t, b, k, o, h, c) ORDER BY x`
	bulkInvitationsSQL = `INSERT INTO invitations (id, org_id, interaction_id, rep_id, team_id, buyer_id, template_version_id, token_hash,
  status, reason, locale, due_at, created_at)
SELECT id, $1, i, r, NULLIF(t, 0), b, v, NULLIF(tok, ''), s, re, l, d, c FROM unnest($2::bigint[], $3::bigint[], $4::bigint[],
  $5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[])
  AS u(id, i, r, t, b, v, tok, s, re, l, d, c)`
	bulkInvitedSQL = `UPDATE buyers SET last_invited_at = u.at FROM unnest($1::bigint[], $2::timestamptz[]) AS u(id, at) WHERE buyers.id = u.id`
	bulkJobsSQL    = `INSERT INTO jobs (org_id, kind, ref_id, payload, status, run_at, created_at)
SELECT o, k, ref, '', 'pending', run, $1 FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[]) AS u(o, k, ref, run)`
)

// pgDeadlock is PostgreSQL's deadlock_detected, which a retry resolves.
const pgDeadlock = "40P01"

// RecordNewInteractions implements surveys.BatchRecorder.
func (db *DB) RecordNewInteractions(ctx context.Context, orgID int64, qs []surveys.InteractionQuery, decide func(*surveys.BatchFacts) ([]*surveys.InteractionRows, error)) error {
	var decided error
	err := db.withPgx(ctx, func(pc *pgx.Conn) error {
		f, err := readBatchFacts(ctx, pc, orgID, qs)
		if err == nil {
			err = storeBatchBuyers(ctx, pc, qs, f)
		}
		if err == nil {
			var rows []*surveys.InteractionRows
			if rows, decided = decide(f); decided == nil {
				err = writeBatch(ctx, pc, orgID, rows)
			}
		}
		if err != nil || decided != nil {
			_, _ = pc.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
		return err
	})
	var pe *pgconn.PgError
	switch {
	case decided != nil:
		return decided
	case errors.As(err, &pe) && pe.Code == pgDeadlock:
		return surveys.Errorf(surveys.ECONFLICT, "", "record interactions: deadlock")
	}
	return translate("record interactions", err)
}

// readBatchFacts begins the transaction and reads the org, its survey,
// the items' reps and the external ids taken, in one round trip.
func readBatchFacts(ctx context.Context, pc *pgx.Conn, orgID int64, qs []surveys.InteractionQuery) (*surveys.BatchFacts, error) {
	refs, emails, ids := make([]string, len(qs)), make([]string, len(qs)), make([]string, len(qs))
	for i, q := range qs {
		refs[i], emails[i], ids[i] = q.RepRef, strings.ToLower(q.RepEmail), q.ExternalID
	}
	var batch pgx.Batch
	batch.Queue("BEGIN")
	batch.Queue(bulkOrgSQL, orgID)
	batch.Queue(bulkRepsSQL, orgID, refs, emails)
	batch.Queue(bulkTakenSQL, orgID, ids)
	res := pc.SendBatch(ctx, &batch)
	defer res.Close()
	if _, err := res.Exec(); err != nil {
		return nil, err
	}
	f := &surveys.BatchFacts{Taken: make([]bool, len(qs)), Reps: make([]*surveys.Rep, len(qs))}
	var err error
	if f.Org, err = scanOrg(res.QueryRow(), orgID, &f.TemplateVersionID); err != nil {
		return nil, err
	}
	if err := scanBatchReps(res, orgID, f.Reps); err != nil {
		return nil, err
	}
	rows, err := res.Query()
	if err != nil {
		return nil, err
	}
	taken, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(taken))
	for _, x := range taken {
		set[x] = true
	}
	for i, q := range qs {
		f.Taken[i] = set[q.ExternalID]
	}
	return f, res.Close()
}

// scanBatchReps reads bulkRepsSQL's rows into reps by item.
func scanBatchReps(res pgx.BatchResults, orgID int64, reps []*surveys.Rep) error {
	rows, err := res.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		rep := repRow{OrgID: orgID}
		if err := rows.Scan(&n, &rep.ID, &rep.ExternalID, &rep.Name, &rep.Email, &rep.TeamID, &rep.Active, &rep.CreatedAt, &rep.UpdatedAt); err != nil {
			return err
		}
		reps[n-1] = rep.toRep()
	}
	return rows.Err()
}

// storeBatchBuyers stores the buyers of the items that have a rep and a
// free external id, and reserves their ids, in one round trip.
func storeBatchBuyers(ctx context.Context, pc *pgx.Conn, qs []surveys.InteractionQuery, f *surveys.BatchFacts) error {
	f.Buyers, f.InteractionIDs, f.InvitationIDs = make([]*surveys.Buyer, len(qs)), make([]int64, len(qs)), make([]int64, len(qs))
	var cols [6][]string
	item := map[string]int{} // by email hash
	for i, q := range qs {
		if f.Taken[i] || f.Reps[i] == nil {
			continue
		}
		b := q.Buyer
		for c, v := range []string{b.Email, b.EmailHash, b.Name, b.Company, b.Locale, b.TimeZone} {
			cols[c] = append(cols[c], v)
		}
		item[b.EmailHash] = i
	}
	if len(item) == 0 {
		return nil
	}
	var batch pgx.Batch
	batch.Queue(bulkBuyersSQL, qs[0].OrgID, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], string(surveys.BuyerActive),
		qs[0].Buyer.CreatedAt.UTC())
	batch.Queue(bulkIDsSQL, len(item))
	res := pc.SendBatch(ctx, &batch)
	defer res.Close()
	rows, err := res.Query()
	if err != nil {
		return err
	}
	for rows.Next() {
		var br buyerRow
		if err := rows.Scan(&br.ID, &br.OrgID, &br.Email, &br.EmailHash, &br.Name, &br.Company, &br.Locale, &br.TimeZone,
			&br.Status, &br.StatusAt, &br.LastInvitedAt, &br.ErasedAt, &br.CreatedAt); err != nil {
			rows.Close()
			return err
		}
		f.Buyers[item[br.EmailHash]] = br.toBuyer()
	}
	if rows.Close(); rows.Err() != nil {
		return rows.Err()
	}
	if err := scanBatchIDs(res, f); err != nil {
		return err
	}
	return res.Close()
}

// scanBatchIDs hands the reserved ids to the items whose buyer is stored.
func scanBatchIDs(res pgx.BatchResults, f *surveys.BatchFacts) error {
	rows, err := res.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		for f.Buyers[i] == nil {
			i++
		}
		if err := rows.Scan(&f.InteractionIDs[i], &f.InvitationIDs[i]); err != nil {
			return err
		}
		i++
	}
	return rows.Err()
}

// writeBatch writes what was decided and commits, in one round trip.
func writeBatch(ctx context.Context, pc *pgx.Conn, orgID int64, rows []*surveys.InteractionRows) error {
	var a batchArrays
	for _, r := range rows {
		if r != nil {
			a.add(r)
		}
	}
	var batch pgx.Batch
	if len(a.inID) > 0 {
		batch.Queue(bulkInteractionsSQL, orgID, a.inID, a.extID, a.repID, a.teamID, a.buyerID, a.kind, a.occurred, a.bodyHash, a.created)
		batch.Queue(bulkInvitationsSQL, orgID, a.invID, a.inID, a.repID, a.teamID, a.buyerID, a.tvID, a.token, a.status, a.reason,
			a.locale, a.due, a.created)
	}
	if len(a.jobRef) > 0 {
		batch.Queue(bulkInvitedSQL, a.invitedBuyer, a.invitedAt)
		batch.Queue(bulkJobsSQL, time.Now().UTC(), a.jobOrg, a.jobKind, a.jobRef, a.jobRun)
	}
	batch.Queue("COMMIT")
	if err := pc.SendBatch(ctx, &batch).Close(); err != nil {
		return fmt.Errorf("write interactions: %w", err)
	}
	return nil
}
