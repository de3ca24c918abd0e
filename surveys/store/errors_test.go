package store_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"trustcard/surveys"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// A closed pool is EUNAVAILABLE (in TestStore, on every driver).
func testClosedPoolIsUnavailable(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := db.FindOrgByID(ctx, o.ID)
	wantCode(t, "FindOrgByID on a closed pool", err, surveys.EUNAVAILABLE)
	err = db.InTx(ctx, func(tx surveys.Store) error { return tx.UpdateOrgSettings(ctx, o.ID, o.Settings) })
	wantCode(t, "InTx on a closed pool", err, surveys.EUNAVAILABLE)
}

// A unique violation is ECONFLICT, whether GORM translated the driver's
// error or not (in TestStore, on every driver).
func testUniqueViolationIsConflict(t *testing.T, db *store.DB) {
	o := mustOrg(t, db)
	u := &surveys.User{OrgID: o.ID, Email: "lee@acme.test", Role: surveys.RoleLeader, Active: true, CreatedAt: time.Now()}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	again := *u
	wantCode(t, "CreateUser of a taken email", db.CreateUser(ctx, &again), surveys.ECONFLICT)

	// The driver's own error, as GORM never saw it.
	sqlDB, err := db.Gorm().DB()
	if err != nil {
		t.Fatal(err)
	}
	_, err = sqlDB.ExecContext(ctx, fmt.Sprintf(`INSERT INTO orgs (id, name, settings, secret, created_at)
		VALUES (%d, 'Twin', '{}', 's', CURRENT_TIMESTAMP)`, o.ID))
	wantCode(t, "a raw INSERT of a taken id", store.Translate("insert org", err), surveys.ECONFLICT)
}

// A connection the server ends in the middle of a transaction makes the
// next statement EUNAVAILABLE.
func TestTerminatedConnectionIsUnavailable(t *testing.T) {
	dsn := storetest.MustDSN(t, store.Postgres)
	db, admin := mustOpenDSN(t, dsn), mustOpenDSN(t, dsn)
	o := mustOrg(t, db)
	err := db.InTx(ctx, func(tx surveys.Store) error {
		var pid int64
		if err := tx.(*store.DB).Gorm().Raw(`SELECT pg_backend_pid()`).Scan(&pid).Error; err != nil {
			t.Fatal(err)
		}
		// Waits until the backend has ended.
		var ended bool
		if err := admin.Gorm().Raw(`SELECT pg_terminate_backend(?, 10000)`, pid).Scan(&ended).Error; err != nil || !ended {
			t.Fatalf("terminate backend %d: %v, %v", pid, ended, err)
		}
		_, err := tx.FindOrgByID(ctx, o.ID)
		return err
	})
	wantCode(t, "a statement on a terminated connection", err, surveys.EUNAVAILABLE)
}

// The driver's error for a server that refuses connections is EUNAVAILABLE.
func TestRefusedConnectionIsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = store.Open("postgres://postgres@"+addr+"/test?sslmode=disable", store.DefaultOptions)
	wantCode(t, "connecting where nothing listens", store.Translate("open", err), surveys.EUNAVAILABLE)
}

// A SQLite database another writer holds past the busy timeout is
// EUNAVAILABLE, not an internal error.
func TestBusyDatabaseIsUnavailable(t *testing.T) {
	dsn := storetest.MustDSN(t, store.SQLite)
	db, other := mustOpenDSN(t, dsn), mustOpenDSN(t, dsn)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	o := mustOrg(t, db)
	// The one connection gives up at once instead of waiting 10 s.
	if err := db.Gorm().Exec(`PRAGMA busy_timeout = 0`).Error; err != nil {
		t.Fatal(err)
	}
	holding, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- other.InTx(ctx, func(tx surveys.Store) error {
			if err := tx.UpdateOrgSettings(ctx, o.ID, o.Settings); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	select {
	case <-holding:
	case err := <-done:
		t.Fatalf("the other writer: %v", err)
	}
	wantCode(t, "a write while another writer holds the database", db.UpdateOrgSettings(ctx, o.ID, o.Settings), surveys.EUNAVAILABLE)
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the other writer: %v", err)
	}
}

// Errors that reach the store from elsewhere than a live driver: wrapped,
// or of kinds no test database can be made to answer.
func TestTranslateByType(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("reading: %w", err) }
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"ConnectionException", wrap(&pgconn.PgError{Code: "08006"}), surveys.EUNAVAILABLE},
		{"AdminShutdown", &pgconn.PgError{Code: "57P01"}, surveys.EUNAVAILABLE},
		{"CrashShutdown", &pgconn.PgError{Code: "57P02"}, surveys.EUNAVAILABLE},
		{"CannotConnectNow", &pgconn.PgError{Code: "57P03"}, surveys.EUNAVAILABLE},
		{"TooManyConnections", wrap(&pgconn.PgError{Code: "53300"}), surveys.EUNAVAILABLE},
		{"ConnectError", wrap(&pgconn.ConnectError{}), surveys.EUNAVAILABLE},
		{"Refused", wrap(syscall.ECONNREFUSED), surveys.EUNAVAILABLE},
		{"Deadline", wrap(context.DeadlineExceeded), surveys.EUNAVAILABLE},
		{"UniqueViolation", wrap(&pgconn.PgError{Code: "23505"}), surveys.ECONFLICT},
		{"UndefinedTable", &pgconn.PgError{Code: "42P01", Message: "the database is unavailable"}, surveys.EINTERNAL},
		{"PlainError", errors.New("connection refused"), surveys.EINTERNAL},
	} {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.name, store.Translate("test", tt.err), tt.want) })
	}
}

func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := surveys.ErrorCode(err); got != want {
		t.Errorf("%s: %v (%s), want %s", what, err, got, want)
	}
}

// mustOpenDSN opens dsn without migrating, closed when the test ends.
func mustOpenDSN(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(dsn, store.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
