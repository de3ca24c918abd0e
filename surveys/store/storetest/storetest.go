// Package storetest gives each test its own fresh, migrated database:
// a SQLite file in the test's temp dir, or a PostgreSQL database cloned
// from a migrated template. With CI set, an unreachable PostgreSQL fails
// the test instead of skipping it.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"trustcard/surveys/store"
)

// Drivers are the databases every store test runs on.
var Drivers = []string{store.SQLite, store.Postgres}

// DefaultPostgresURL is used when TRUSTCARD_TEST_DATABASE_URL is unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// MustOpen returns a migrated, empty database of the given driver, closed
// and removed when the test ends.
func MustOpen(tb testing.TB, driver string) *store.DB {
	tb.Helper()
	dsn := MustDSN(tb, driver)
	db, err := store.Open(dsn, store.DefaultOptions)
	if err != nil {
		tb.Fatalf("open %s: %v", driver, err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate %s: %v", driver, err)
	}
	return db
}

// MustDSN returns the DSN of a fresh database of the given driver (for
// tests that start the whole program), migrated for PostgreSQL and not
// yet created for SQLite.
func MustDSN(tb testing.TB, driver string) string {
	tb.Helper()
	if driver == store.SQLite {
		return "sqlite:" + filepath.Join(tb.TempDir(), "trustcard.db")
	}
	admin := os.Getenv("TRUSTCARD_TEST_DATABASE_URL")
	if admin == "" {
		admin = DefaultPostgresURL
	}
	tpl, err := templateDB(admin)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("PostgreSQL is required in CI: %v", err)
		}
		tb.Skipf("PostgreSQL not reachable (set TRUSTCARD_TEST_DATABASE_URL): %v", err)
	}
	name := "tc_test_" + randomHex(8)
	if err := adminExec(admin, createFromTemplate(name, tpl)); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() { _ = adminExec(admin, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)) })
	return withDatabase(admin, name)
}

var (
	tplOnce sync.Once
	tplName string
	tplErr  error
)

// templateDB creates (once per schema version, across test processes) a
// migrated template database and returns its name.
func templateDB(admin string) (string, error) {
	tplOnce.Do(func() {
		tplName = "tc_tpl_" + migrationsHash()
		tplErr = withAdmin(admin, func(db *store.DB) error {
			g := db.Gorm()
			// Test binaries of several packages run at once: one creates.
			if err := g.Exec(`SELECT pg_advisory_lock(727001)`).Error; err != nil {
				return err
			}
			defer g.Exec(`SELECT pg_advisory_unlock(727001)`)
			var n int64
			if err := g.Raw(`SELECT count(*) FROM pg_database WHERE datname = ?`, tplName).Scan(&n).Error; err != nil || n > 0 {
				return err
			}
			tmp := tplName + "_new"
			g.Exec(`DROP DATABASE IF EXISTS ` + tmp + ` WITH (FORCE)`)
			if err := g.Exec(`CREATE DATABASE ` + tmp).Error; err != nil {
				return err
			}
			if err := migrateAt(withDatabase(admin, tmp)); err != nil {
				return err
			}
			return g.Exec(`ALTER DATABASE ` + tmp + ` RENAME TO ` + tplName).Error
		})
	})
	return tplName, tplErr
}

func migrateAt(dsn string) error {
	db, err := store.Open(dsn, store.DefaultOptions)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Migrate(context.Background())
}

// createFromTemplate is retried by adminExec: PostgreSQL refuses two
// copies of one template at the same instant.
func createFromTemplate(name, tpl string) string {
	return fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tpl)
}

// adminExec runs sql on the admin database, again while the database it
// names is busy, for up to busyFor.
func adminExec(admin, sql string) error {
	return withAdmin(admin, func(db *store.DB) error {
		deadline := time.Now().Add(busyFor)
		for pause := 20 * time.Millisecond; ; pause = min(2*pause, time.Second) {
			err := db.Gorm().Exec(sql).Error
			if !objectInUse(err) || time.Now().After(deadline) {
				return err
			}
			time.Sleep(pause)
		}
	})
}

// busyFor bounds how long adminExec waits for a busy database: test
// binaries of several packages clone and drop at once on a loaded machine.
const busyFor = 2 * time.Minute

// objectInUse reports whether err is PostgreSQL's object_in_use (55006),
// as when a template database is being copied by another session.
func objectInUse(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "55006"
}

func withAdmin(admin string, fn func(*store.DB) error) error {
	db, err := store.Open(admin, store.DefaultOptions)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Ping(context.Background()); err != nil {
		return err
	}
	return fn(db)
}

// withDatabase returns dsn pointing at database name.
func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// migrationsHash names the template after the migrations it holds.
func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(store.Migrations, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(store.Migrations, path)
			h.Write([]byte(path))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
