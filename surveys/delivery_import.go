package surveys

import (
	"context"
	"fmt"
	"time"
)

// InteractionRow is one row of an interactions file: an interaction as
// the API takes it and the line it starts on.
type InteractionRow struct {
	Line int
	NewInteraction
}

// ImportInteractions checks a file's interactions against what is stored
// and, when commit is asked and no row has a problem, records them all in
// one transaction, each exactly as RecordInteraction does: the same
// delivery rules, and an external id recorded before with the same fields
// is left as it is. A row's problems: a field the API would refuse, an
// external id an earlier line has too, a rep no one has, an external id
// recorded before with other fields. The import is audited. Needs
// ScopeInteractions. EINVALID for more than MaxImportRows rows.
func (d *Delivery) ImportInteractions(ctx context.Context, rows []InteractionRow, commit bool) (*ImportReport, error) {
	a, err := authorize(ctx, ScopeInteractions)
	if err != nil {
		return nil, err
	}
	now := d.clock.Now()
	return runImport(ctx, d.store, d.inTx, commit, len(rows), func(tx deliveryStore, r *ImportReport) (func() error, error) {
		rec, err := d.newRecording(ctx, tx, a.OrgID, true)
		if err != nil {
			return nil, err
		}
		plan, err := planInteractions(ctx, tx, rec, rows, now, r)
		if err != nil {
			return nil, err
		}
		return func() error {
			for _, n := range plan {
				if _, err := d.createInteraction(ctx, tx, rec, n, now); err != nil {
					return fmt.Errorf("import interaction %q: %w", n.ExternalID, err)
				}
			}
			return audit(ctx, tx, now, a, "interaction.import", fmt.Sprintf("org:%d", a.OrgID),
				fmt.Sprintf("%d rows: %d recorded, %d recorded before", r.Rows, r.Created, r.Unchanged))
		}, nil
	})
}

// planInteractions checks rows and returns the interactions to record.
func planInteractions(ctx context.Context, tx deliveryStore, rec *recording, rows []InteractionRow, now time.Time, r *ImportReport) ([]NewInteraction, error) {
	lineOf := map[string]int{}
	var out []NewInteraction
	for _, row := range rows {
		n := row.NewInteraction
		if err := n.Validate(now); err != nil {
			r.problemOf(row.Line, err)
			continue
		}
		if l, ok := lineOf[n.ExternalID]; ok {
			r.Problem(row.Line, "external_id", "%q is on line %d too", n.ExternalID, l)
			continue
		}
		lineOf[n.ExternalID] = row.Line
		if _, err := rec.rep(ctx, tx, n.Rep); err != nil {
			r.Problem(row.Line, "rep", "no rep has the external id or email %q", n.Rep)
			continue
		}
		prev, err := tx.FindInteractionByExternalID(ctx, rec.org.ID, n.ExternalID)
		switch {
		case err == nil && prev.BodyHash == n.bodyHash():
			r.Unchanged++
		case err == nil:
			r.Problem(row.Line, "external_id", "%q was recorded before with other fields", n.ExternalID)
		case ErrorCode(err) == ENOTFOUND:
			r.Created++
			out = append(out, n)
		default:
			return nil, err
		}
	}
	return out, nil
}
