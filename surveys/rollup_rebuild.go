package surveys

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// ScoredResponse is a submitted response with the survey version it answered.
type ScoredResponse struct {
	*Response
	TemplateVersionID int64
	Outcome           string // of the interaction it is about
}

// RollupRebuildStore recomputes rollups from raw answers.
type RollupRebuildStore interface {
	// DeleteRollups removes every rollup of an org.
	DeleteRollups(ctx context.Context, orgID int64) error
	// InsertRollups writes, in bulk, the rollups of reps or teams (rep 0)
	// that have none from all their daily cells; ECONFLICT when some exist.
	InsertRollups(ctx context.Context, cells []RollupDelta) error
	// RollupSources returns what the rollups of reps are computed from: their
	// submitted responses with answers, and their invitations that were sent
	// (with when they were first answered).
	RollupSources(ctx context.Context, orgID int64, repIDs []int64) ([]ScoredResponse, []*Invitation, error)
}

// RollupCells sums deltas per cell: org, rep, team, day and metric.
type RollupCells struct {
	cells map[RollupDelta]*RollupDelta // keyed by the delta with its sums zeroed
}

// Add sums deltas into their cells.
func (c *RollupCells) Add(deltas ...RollupDelta) {
	if c.cells == nil {
		c.cells = map[RollupDelta]*RollupDelta{}
	}
	for _, d := range deltas {
		key := RollupDelta{OrgID: d.OrgID, RepID: d.RepID, TeamID: d.TeamID, Day: d.Day, Metric: d.Metric}
		cell := c.cells[key]
		if cell == nil {
			cell = &key
			c.cells[key] = cell
		}
		*cell = cell.Plus(d)
	}
}

// Len returns the number of cells.
func (c *RollupCells) Len() int { return len(c.cells) }

// Drain returns the cells in a stable order and empties c.
func (c *RollupCells) Drain() []RollupDelta {
	out := make([]RollupDelta, 0, len(c.cells))
	for _, cell := range c.cells {
		out = append(out, *cell)
	}
	// One order for every transaction: two that touch the same cells wait
	// for each other instead of deadlocking.
	slices.SortFunc(out, func(a, b RollupDelta) int {
		return cmp.Or(cmp.Compare(a.OrgID, b.OrgID), cmp.Compare(a.RepID, b.RepID), cmp.Compare(a.TeamID, b.TeamID),
			cmp.Compare(a.Day, b.Day), cmp.Compare(a.Metric, b.Metric))
	})
	c.cells = nil
	return out
}

// ResponseDeltas are what a submitted response adds to the rollups.
func ResponseDeltas(r *Response, tv *TemplateVersion, tz string) []RollupDelta {
	return responseDeltas(r, r.TrustValue, tv, tz, 1)
}

// SentDelta is what sending an invitation adds to the rollups.
func SentDelta(inv *Invitation, tz string) RollupDelta {
	return RollupDelta{OrgID: inv.OrgID, RepID: inv.RepID, TeamID: inv.TeamID, Day: Day(inv.SentAt, tz), Metric: MetricSent, N: 1}
}

// AnsweredDelta is what an invitation's first answer adds to the rollups:
// one answered on the day it was sent, nothing for one never sent.
func AnsweredDelta(inv *Invitation, tz string) []RollupDelta {
	if inv.SentAt.IsZero() {
		return nil
	}
	d := SentDelta(inv, tz)
	d.Metric = MetricAnswered
	return []RollupDelta{d}
}

// rebuildBatch is how many reps' rollups are recomputed at a time.
const rebuildBatch = 200

// RebuildRollups recomputes the actor's org's rollups from the raw answers
// and sent invitations, in one transaction; progress (may be nil) is told
// how many reps are done. Needs ScopeManage.
func (s *Scores) RebuildRollups(ctx context.Context, progress func(done, total int)) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx scoresStore) error {
		org, err := tx.LockOrg(ctx, a.OrgID)
		if err != nil {
			return err
		}
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: org.ID, Sort: "created_at", Page: Page{Limit: -1}})
		if err != nil {
			return err
		}
		if err := tx.DeleteRollups(ctx, org.ID); err != nil {
			return err
		}
		versions := map[int64]*TemplateVersion{}
		var teams RollupCells // teams span batches: written last
		for i := 0; i < len(reps); i += rebuildBatch {
			var ids []int64
			for _, r := range reps[i:min(i+rebuildBatch, len(reps))] {
				ids = append(ids, r.ID)
			}
			if err := rebuildReps(ctx, tx, org, ids, versions, &teams); err != nil {
				return err
			}
			if progress != nil {
				progress(i+len(ids), len(reps))
			}
		}
		return tx.InsertRollups(ctx, teams.Drain())
	})
}

// rebuildReps writes the rollups of reps, reading survey versions through
// the versions cache, and adds their teams' to teams.
func rebuildReps(ctx context.Context, tx scoresStore, org *Org, reps []int64, versions map[int64]*TemplateVersion, teams *RollupCells) error {
	responses, sent, err := tx.RollupSources(ctx, org.ID, reps)
	if err != nil {
		return err
	}
	var cells RollupCells
	tz := org.Settings.TimeZone
	for _, r := range responses {
		tv := versions[r.TemplateVersionID]
		if tv == nil {
			if tv, err = tx.FindTemplateVersion(ctx, r.TemplateVersionID); err != nil {
				return fmt.Errorf("rebuild rollups: %w", err)
			}
			versions[r.TemplateVersionID] = tv
		}
		cells.Add(ResponseDeltas(r.Response, tv, tz)...)
		cells.Add(outcomeDeltas(r.Response, r.TrustValue, r.Outcome, tz, 1)...)
	}
	promises, err := tx.AnsweredPromises(ctx, org.ID, reps)
	if err != nil {
		return err
	}
	for _, f := range promises {
		cells.Add(promiseDelta(f, tz, 1)...)
	}
	for _, inv := range sent {
		cells.Add(SentDelta(inv, tz))
		if !inv.AnsweredAt.IsZero() {
			cells.Add(AnsweredDelta(inv, tz)...)
		}
	}
	if err := rebuildDiagnosis(ctx, tx, org, reps, &cells); err != nil {
		return err
	}
	drained := cells.Drain()
	teams.Add(TeamDeltas(drained)...)
	return tx.InsertRollups(ctx, drained)
}
