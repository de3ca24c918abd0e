package store

import "context"

// taskRollupRebuild is the pending task migration 0018 leaves when it
// converts rollups written before it: their response-rate cohorts are
// rebuilt from the raw answers.
const taskRollupRebuild = "rollup_rebuild"

// RollupRebuildPending reports whether the rollups wait to be rebuilt from
// the raw answers once, after a migration that could not convert them.
func (db *DB) RollupRebuildPending(ctx context.Context) (bool, error) {
	var n int64
	err := db.q(ctx).Table("pending_tasks").Where("name = ?", taskRollupRebuild).Count(&n).Error
	return n > 0, translate("find pending tasks", err)
}

// RollupRebuildDone records that the rollups were rebuilt.
func (db *DB) RollupRebuildDone(ctx context.Context) error {
	err := db.q(ctx).Exec("DELETE FROM pending_tasks WHERE name = ?", taskRollupRebuild).Error
	return translate("finish pending task", err)
}
