package store

import "context"

// MigrateTo moves the schema up or down to version, for migration tests.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.migrator()
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if current > version {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	return err
}

// DayText reads a day expression as YYYY-MM-DD, for tests' own queries.
func (db *DB) DayText(expr string) string { return db.dayText(expr) }

// Translate maps a database error to a surveys code, for tests of errors
// that no store method can be made to meet.
func Translate(what string, err error) error { return translate(what, err) }
