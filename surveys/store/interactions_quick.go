package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"trustcard/surveys"
)

// On PostgreSQL a new interaction costs two round trips, each a pipeline
// of prepared statements on one connection: the first begins the
// transaction, stores the buyer (locking their row, so that two
// interactions for one buyer take turns with the throttle) and reads the
// org, the rep, the survey and two reserved ids; the second writes the
// interaction, its invitation, the buyer's throttle mark and the job, and
// commits. The general path (GORM, a statement a round trip) stays for
// SQLite, repeats and an org's first survey.

var _ surveys.InteractionRecorder = (*DB)(nil)

// QuickInteractions reports whether RecordNewInteraction may be used:
// on PostgreSQL, outside a transaction.
func (db *DB) QuickInteractions() bool { return db.dialect == Postgres && !db.inTx() }

const quickFactsSQL = `SELECT o.name, o.settings, o.secret, o.created_at,
  COALESCE((SELECT ref FROM org_logos WHERE org_logos.org_id = o.id), ''),
  EXISTS (SELECT 1 FROM interactions WHERE org_id = o.id AND external_id = $2),
  COALESCE((SELECT id FROM template_versions WHERE org_id = o.id ORDER BY version DESC LIMIT 1), 0),
  nextval('interactions_id_seq'), nextval('invitations_id_seq')
FROM orgs o WHERE o.id = $1`

// quickRepSQL finds a rep by external id, else by email, as findRepByRef.
const quickRepSQL = `SELECT id, external_id, name, email, team_id, active, created_at, updated_at FROM reps
WHERE org_id = $1 AND (external_id = $2 OR email = $3) ORDER BY external_id = $2 DESC LIMIT 1`

const buyerColumns = "id, org_id, email, email_hash, name, company, locale, time_zone, status, status_at, last_invited_at, erased_at, created_at"

// quickBuyerSQL is upsertBuyerSQL with numbered parameters, which pgx
// need not rewrite on every call.
var quickBuyerSQL = strings.NewReplacer("@org", "$1", "@email", "$2", "@hash", "$3", "@name", "$4", "@company", "$5",
	"@locale", "$6", "@tz", "$7", "@status", "$8", "@at", "$9", "RETURNING *", "RETURNING "+buyerColumns).Replace(upsertBuyerSQL)

const (
	quickInteractionSQL = `INSERT INTO interactions (id, org_id, external_id, rep_id, team_id, buyer_id, kind, occurred_at, body_hash, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	quickInvitationSQL = `INSERT INTO invitations (id, org_id, interaction_id, rep_id, team_id, buyer_id, template_version_id, token_hash,
  status, reason, locale, due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
	quickInvitedSQL = `UPDATE buyers SET last_invited_at = $2 WHERE id = $1`
	quickJobSQL     = `INSERT INTO jobs (org_id, kind, ref_id, payload, status, run_at, created_at) VALUES ($1, $2, $3, '', 'pending', $4, $5)`
)

// RecordNewInteraction implements surveys.InteractionRecorder.
func (db *DB) RecordNewInteraction(ctx context.Context, q surveys.InteractionQuery, decide func(*surveys.InteractionFacts) (*surveys.InteractionRows, error)) error {
	var decided error
	err := db.withPgx(ctx, func(pc *pgx.Conn) error {
		facts, err := readFacts(ctx, pc, q)
		if err == nil {
			var rows *surveys.InteractionRows
			if rows, decided = decide(facts); decided == nil {
				err = writeRows(ctx, pc, rows)
			}
		}
		if err != nil || decided != nil {
			// database/sql drops a connection left inside a transaction,
			// should this fail too.
			_, _ = pc.Exec(ctx, "ROLLBACK")
		}
		return err
	})
	if decided != nil {
		return decided
	}
	if err != nil {
		return conflictOn(translate("record interaction", err), "external_id", "interaction %q exists", q.ExternalID)
	}
	return nil
}

// readFacts begins the transaction, stores the buyer and reads the facts,
// in one round trip.
func readFacts(ctx context.Context, pc *pgx.Conn, q surveys.InteractionQuery) (*surveys.InteractionFacts, error) {
	b := q.Buyer
	var batch pgx.Batch
	batch.Queue("BEGIN")
	batch.Queue(quickBuyerSQL, b.OrgID, b.Email, b.EmailHash, b.Name, b.Company, b.Locale, b.TimeZone, string(surveys.BuyerActive),
		b.CreatedAt.UTC())
	batch.Queue(quickFactsSQL, q.OrgID, q.ExternalID)
	batch.Queue(quickRepSQL, q.OrgID, q.RepRef, strings.ToLower(q.RepEmail))
	res := pc.SendBatch(ctx, &batch)
	defer res.Close()
	if _, err := res.Exec(); err != nil {
		return nil, err
	}
	var br buyerRow
	err := res.QueryRow().Scan(&br.ID, &br.OrgID, &br.Email, &br.EmailHash, &br.Name, &br.Company, &br.Locale, &br.TimeZone,
		&br.Status, &br.StatusAt, &br.LastInvitedAt, &br.ErasedAt, &br.CreatedAt)
	if err != nil {
		return nil, err
	}
	f := &surveys.InteractionFacts{Buyer: br.toBuyer()}
	if f.Org, err = scanOrg(res.QueryRow(), q.OrgID, &f.Taken, &f.TemplateVersionID, &f.InteractionID, &f.InvitationID); err != nil {
		return nil, err
	}
	rep := repRow{OrgID: q.OrgID}
	err = res.QueryRow().Scan(&rep.ID, &rep.ExternalID, &rep.Name, &rep.Email, &rep.TeamID, &rep.Active, &rep.CreatedAt, &rep.UpdatedAt)
	switch {
	case err == nil:
		f.Rep = rep.toRep()
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, err
	}
	return f, res.Close()
}

// writeRows writes what was decided and commits, in one round trip.
func writeRows(ctx context.Context, pc *pgx.Conn, r *surveys.InteractionRows) error {
	in, inv := r.Interaction, r.Invitation
	var batch pgx.Batch
	batch.Queue(quickInteractionSQL, in.ID, in.OrgID, in.ExternalID, in.RepID, nullID(in.TeamID), in.BuyerID, in.Kind,
		in.OccurredAt.UTC(), in.BodyHash, in.CreatedAt.UTC())
	row := newInvitationRow(inv)
	batch.Queue(quickInvitationSQL, row.ID, row.OrgID, row.InteractionID, row.RepID, row.TeamID, row.BuyerID,
		row.TemplateVersionID, row.TokenHash, row.Status, row.Reason, row.Locale, row.DueAt, row.CreatedAt)
	if j := r.Job; j != nil {
		batch.Queue(quickInvitedSQL, inv.BuyerID, inv.DueAt.UTC())
		batch.Queue(quickJobSQL, j.OrgID, j.Kind, j.Ref, j.RunAt.UTC(), time.Now().UTC())
	}
	batch.Queue("COMMIT")
	if err := pc.SendBatch(ctx, &batch).Close(); err != nil {
		return fmt.Errorf("write interaction: %w", err)
	}
	return nil
}

// scanOrg scans a row that starts with quickFactsSQL's columns of org id,
// then extra. ENOTFOUND when there is no such org.
func scanOrg(row pgx.Row, id int64, extra ...any) (*surveys.Org, error) {
	org := orgRow{ID: id}
	err := row.Scan(append([]any{&org.Name, &org.Settings, &org.Secret, &org.CreatedAt, &org.LogoRef}, extra...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, surveys.Errorf(surveys.ENOTFOUND, "", "not found")
	}
	if err != nil {
		return nil, err
	}
	return org.toOrg()
}
