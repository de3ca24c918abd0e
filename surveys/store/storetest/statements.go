package storetest

import (
	"sync"
	"testing"

	"gorm.io/gorm"

	"trustcard/surveys/store"
)

// Statements records the SQL statements a database runs, as written with
// their placeholders, so that tests can compare what two calls asked of
// the database without timing them.
type Statements struct {
	mu    sync.Mutex
	on    bool
	stmts []string
}

// RecordStatements returns a recorder of db's statements; it records only
// during During.
func RecordStatements(tb testing.TB, db *store.DB) *Statements {
	tb.Helper()
	s := &Statements{}
	record := func(tx *gorm.DB) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.on {
			s.stmts = append(s.stmts, tx.Statement.SQL.String())
		}
	}
	cb := db.Gorm().Callback()
	for _, p := range []interface {
		Register(string, func(*gorm.DB)) error
	}{cb.Create(), cb.Query(), cb.Update(), cb.Delete(), cb.Row(), cb.Raw()} {
		if err := p.Register("storetest:record", record); err != nil {
			tb.Fatalf("record statements: %v", err)
		}
	}
	return s
}

// During runs fn and returns the statements the database ran meanwhile.
func (s *Statements) During(fn func()) []string {
	s.mu.Lock()
	s.on, s.stmts = true, nil
	s.mu.Unlock()
	fn()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.stmts
}
