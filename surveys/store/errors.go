package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	sqlite3 "modernc.org/sqlite/lib"

	"trustcard/surveys"
)

// translate maps database errors to surveys codes, saying what was being
// done: missing rows are ENOTFOUND, unique violations ECONFLICT, a lost
// or overloaded database EUNAVAILABLE. It decides from error types and
// codes, never from messages, which drivers and servers word as they like.
func translate(what string, err error) error {
	var se *surveys.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return surveys.Errorf(surveys.ENOTFOUND, "", "not found")
	case duplicate(err):
		return surveys.Errorf(surveys.ECONFLICT, "", "%s: already exists", what)
	case unavailable(err):
		slog.Warn("database unavailable", "op", what, "err", err)
		return surveys.Errorf(surveys.EUNAVAILABLE, "", "the database is unavailable; try again shortly")
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// SQLSTATE codes (PostgreSQL's appendix A).
const (
	pgUniqueViolation    = "23505"
	pgTooManyConnections = "53300"
	pgAdminShutdown      = "57P01"
	pgCrashShutdown      = "57P02"
	pgCannotConnectNow   = "57P03"
)

// duplicate reports whether err is a unique violation: GORM's translation
// of either driver's error, or the driver's own where GORM did not see it.
func duplicate(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == pgUniqueViolation
	}
	var le *gosqlite.Error
	if errors.As(err, &le) {
		return le.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || le.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// unavailable reports whether err means the database cannot be reached or
// cannot take the work now, so that the same request may succeed later.
func unavailable(err error) bool {
	var (
		ne net.Error
		ce *pgconn.ConnectError
		pe *pgconn.PgError
		le *gosqlite.Error
	)
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, errPoolClosed),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		// A closed pool or connection, a server that closed it or did not
		// answer in time, or a caller that stopped waiting.
		return true
	case errors.As(err, &ne), errors.As(err, &ce):
		return true
	case errors.As(err, &pe):
		switch pe.Code {
		case pgTooManyConnections, pgAdminShutdown, pgCrashShutdown, pgCannotConnectNow:
			return true
		}
		return strings.HasPrefix(pe.Code, "08") // connection exception
	case errors.As(err, &le):
		// Another writer held the database past the busy timeout.
		primary := le.Code() & 0xff
		return primary == sqlite3.SQLITE_BUSY || primary == sqlite3.SQLITE_LOCKED
	}
	return false
}

// errPoolClosed is database/sql's error for a query on a closed pool,
// which it does not export: a closed pool of its own answers it once, at
// start, so that it can be recognised by identity.
var errPoolClosed = func() error {
	db := sql.OpenDB(noConnector{})
	_ = db.Close()
	return db.PingContext(context.Background())
}()

// noConnector connects nowhere; it serves only errPoolClosed.
type noConnector struct{}

func (noConnector) Connect(context.Context) (driver.Conn, error) { return nil, driver.ErrBadConn }
func (noConnector) Driver() driver.Driver                        { return nil }
