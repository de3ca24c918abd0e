// Package store keeps Trustcard's data in PostgreSQL (production) or a
// SQLite file (the embedded default) through GORM. It owns the schema and
// the SQL, and nothing else: every rule lives in package surveys.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"trustcard/surveys"
)

// Dialects.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// DB implements surveys.Store.
type DB struct {
	gorm    *gorm.DB
	dialect string
}

var _ surveys.Store = (*DB)(nil)

// Options size the PostgreSQL connection pool. SQLite ignores them: it
// allows one writer, so it keeps one connection, on which requests queue.
type Options struct {
	MaxConns     int // connections open at once, at least 1
	MaxIdleConns int // connections kept open while idle; no more than MaxConns are
}

// DefaultOptions are the pool the README's speed figures were measured with.
var DefaultOptions = Options{MaxConns: 20, MaxIdleConns: 20}

// Open connects to dsn: "postgres://…" for PostgreSQL, "sqlite:PATH" or a
// plain path for a SQLite file, with a pool sized by o. It does not
// migrate; call Migrate.
func Open(dsn string, o Options) (*DB, error) {
	if o.MaxConns < 1 || o.MaxIdleConns < 0 {
		return nil, fmt.Errorf("store: a pool of %d connections, %d idle: want at least 1 connection", o.MaxConns, o.MaxIdleConns)
	}
	dialect, dial := Dialect(dsn), gorm.Dialector(nil)
	if dialect == Postgres {
		// pgx caches prepared statements per connection; GORM's own
		// PrepareStmt starts a goroutine per transaction that never ends.
		dial = postgres.New(postgres.Config{DSN: dsn})
	} else {
		dial = sqlite.Open(sqliteDSN(dsn))
	}
	g, err := gorm.Open(dial, &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dialect, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dialect, err)
	}
	if dialect == SQLite {
		// SQLite has one writer: one connection makes requests queue
		// instead of failing with "database is locked".
		sqlDB.SetMaxOpenConns(1)
	} else {
		sqlDB.SetMaxOpenConns(o.MaxConns)
		sqlDB.SetMaxIdleConns(o.MaxIdleConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	return &DB{gorm: g, dialect: dialect}, nil
}

// sqliteDSN turns "sqlite:PATH" or "PATH" into a DSN with WAL, a busy
// timeout and foreign keys on. Synchronous FULL makes a commit durable
// before it returns: an answer acknowledged to a buyer survives a power cut.
func sqliteDSN(dsn string) string {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
}

// Dialect returns Postgres or SQLite for a DSN.
func Dialect(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// Dialect returns Postgres or SQLite.
func (db *DB) Dialect() string { return db.dialect }

// Gorm returns the underlying handle, for the store's own tools and tests.
func (db *DB) Gorm() *gorm.DB { return db.gorm }

// Pool returns the connection pool, for its statistics.
func (db *DB) Pool() (*sql.DB, error) { return db.gorm.DB() }

// Close closes the connections.
func (db *DB) Close() error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return translate("ping", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		return surveys.Errorf(surveys.EUNAVAILABLE, "", "the database does not answer: %v", err)
	}
	return nil
}

// InTx runs fn in one transaction.
func (db *DB) InTx(ctx context.Context, fn func(tx surveys.Store) error) error {
	err := db.gorm.WithContext(ctx).Transaction(func(g *gorm.DB) error {
		return fn(&DB{gorm: g, dialect: db.dialect})
	})
	var se *surveys.Error
	if errors.As(err, &se) {
		return err
	}
	if err != nil && ctx.Err() != nil {
		// The deadline passed or the caller went away: database/sql may
		// have rolled back already and answer only "transaction done".
		return translate("transaction", fmt.Errorf("%w: %w", ctx.Err(), err))
	}
	return translate("transaction", err)
}

// q starts a query bound to ctx.
func (db *DB) q(ctx context.Context) *gorm.DB { return db.gorm.WithContext(ctx) }
