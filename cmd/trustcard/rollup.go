package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"trustcard/surveys"
)

// rollup recomputes every org's score rollups from the raw answers, one
// transaction per org, reporting progress on stderr.
func (c *cli) rollup(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return fmt.Errorf("usage: trustcard rollup rebuild [--database-url URL]")
	}
	cfg, err := c.parse("rollup rebuild", "trustcard rollup rebuild: recompute score rollups from the raw answers.", args[1:], nil)
	if err != nil {
		return err
	}
	m := NewMain(cfg, c.stderr)
	defer m.Close()
	if err := m.Open(ctx); err != nil {
		return err
	}
	return rebuildRollups(ctx, m, c.stderr)
}

// rebuildRollups recomputes every org's score rollups from the raw
// answers, one transaction per org, reporting progress on w.
func rebuildRollups(ctx context.Context, m *Main, w io.Writer) error {
	orgs, err := m.DB.FindOrgIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range orgs {
		start := time.Now()
		admin := surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: id, Role: surveys.RoleAdmin, Name: "cli"})
		err := m.Services.Scores.RebuildRollups(admin, func(done, total int) {
			fmt.Fprintf(w, "\rorg %d: %d/%d reps", id, done, total)
		})
		if err != nil {
			return fmt.Errorf("org %d: %w", id, err)
		}
		fmt.Fprintf(w, "\rorg %d: rollups rebuilt in %s\n", id, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// rebuildPendingRollups rebuilds the rollups once when a migration left
// them to be (RollupRebuildPending), before anything reads them, with its
// progress on m.Notes.
func rebuildPendingRollups(ctx context.Context, m *Main) error {
	pending, err := m.DB.RollupRebuildPending(ctx)
	if err != nil || !pending {
		return err
	}
	w := m.Notes
	if w == nil {
		w = io.Discard
	}
	fmt.Fprintln(w, "Rebuilding score rollups from the answers, once, after the upgrade (the response rate's cohorts)…")
	if err := rebuildRollups(ctx, m, w); err != nil {
		return fmt.Errorf("rebuilding rollups after the upgrade: %w\nRun `trustcard rollup rebuild` to try again", err)
	}
	return m.DB.RollupRebuildDone(ctx)
}
