package surveys

import (
	"context"
	"fmt"
)

// RepRow is one row of a reps file: a rep and the line it starts on.
type RepRow struct {
	Line int
	RepInput
}

// ImportReps checks a file's reps against what is stored and, when commit
// is asked and no row has a problem, creates or updates them all in one
// transaction. A row's problems: a field the API would refuse, an external
// id or email that an earlier line has too, a team no one created, an
// email another rep has. A new rep is active; an update keeps whether the
// rep is. Every rep written is audited, and so is the import. Needs
// ScopeManage. EINVALID for more than MaxImportRows rows.
func (d *Directory) ImportReps(ctx context.Context, rows []RepRow, commit bool) (*ImportReport, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, err
	}
	return runImport(ctx, d.store, d.inTx, commit, len(rows), func(tx directoryStore, r *ImportReport) (func() error, error) {
		changes, err := planReps(ctx, tx, a.OrgID, rows, r)
		if err != nil {
			return nil, err
		}
		return func() error { return d.writeReps(ctx, tx, a, changes, r) }, nil
	})
}

// repChange is a rep an import writes, as it was (nil: new) and will be.
type repChange struct {
	before, after *Rep
}

// planReps checks rows and returns the reps to write: new or changed.
func planReps(ctx context.Context, tx directoryStore, orgID int64, rows []RepRow, r *ImportReport) ([]repChange, error) {
	stored, _, err := tx.FindReps(ctx, RepFilter{OrgID: orgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	teams, _, err := tx.FindTeams(ctx, TeamFilter{OrgID: orgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	byExternal, byEmail, teamIDs := map[string]*Rep{}, map[string]*Rep{}, map[string]int64{}
	for _, rep := range stored {
		byExternal[rep.ExternalID], byEmail[rep.Email] = rep, rep
	}
	for _, t := range teams {
		teamIDs[t.Name] = t.ID
	}
	lineOfExternal, lineOfEmail := map[string]int{}, map[string]int{}
	var out []repChange
	for _, row := range rows {
		rep := &Rep{OrgID: orgID, ExternalID: row.ExternalID, Name: row.Name, Email: row.Email, Active: true}
		if err := rep.Validate(); err != nil {
			r.problemOf(row.Line, err)
			continue
		}
		before := len(r.Problems)
		if l, ok := lineOfExternal[rep.ExternalID]; ok {
			r.Problem(row.Line, "external_id", "%q is on line %d too", rep.ExternalID, l)
		}
		if l, ok := lineOfEmail[rep.Email]; ok {
			r.Problem(row.Line, "email", "%s is on line %d too", rep.Email, l)
		}
		lineOfExternal[rep.ExternalID], lineOfEmail[rep.Email] = row.Line, row.Line
		if other := byEmail[rep.Email]; other != nil && other.ExternalID != rep.ExternalID {
			r.Problem(row.Line, "email", "%s belongs to the rep with external id %q", rep.Email, other.ExternalID)
		}
		if id, ok := teamIDs[row.Team]; ok || row.Team == "" {
			rep.TeamID = id
		} else {
			r.Problem(row.Line, "team", "no team is named %q: create it first, or leave the team empty", row.Team)
		}
		if len(r.Problems) > before {
			continue
		}
		old := byExternal[rep.ExternalID]
		switch {
		case old == nil:
			r.Created++
		case old.Name == rep.Name && old.Email == rep.Email && old.TeamID == rep.TeamID:
			r.Unchanged++
			continue
		default:
			rep.Active = old.Active
			r.Updated++
		}
		out = append(out, repChange{before: old, after: rep})
	}
	return out, nil
}

// writeReps stores reps, each audited with its fields before and after,
// and audits the import.
func (d *Directory) writeReps(ctx context.Context, tx directoryStore, a *Actor, changes []repChange, r *ImportReport) error {
	now := d.clock.Now()
	names, err := readAuditNames(ctx, tx, a.OrgID, false)
	if err != nil {
		return err
	}
	for _, c := range changes {
		rep := c.after
		rep.CreatedAt, rep.UpdatedAt = now, now
		if _, err := tx.UpsertRep(ctx, rep); err != nil {
			return fmt.Errorf("import rep %q: %w", rep.ExternalID, err)
		}
		action := "rep.import.update"
		if c.before == nil {
			action = "rep.import.create"
		}
		if err := auditChange(ctx, tx, now, a, action, fmt.Sprintf("rep:%d", rep.ID), rep.ExternalID, names.rep(c.before), names.rep(rep)); err != nil {
			return err
		}
	}
	return audit(ctx, tx, now, a, "rep.import", fmt.Sprintf("org:%d", a.OrgID),
		fmt.Sprintf("%d rows: %d created, %d updated, %d unchanged", r.Rows, r.Created, r.Updated, r.Unchanged))
}
