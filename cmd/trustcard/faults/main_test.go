package faults_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

var (
	binary string // the trustcard binary, built once
	pgBin  string // the directory of PostgreSQL's server programs; "" when absent
)

// TestMain builds the trustcard binary once for every test, when they can
// run: with PostgreSQL's server programs, or in CI, where they must.
func TestMain(m *testing.M) {
	pgBin = findPostgres()
	if pgBin == "" && os.Getenv("CI") == "" {
		os.Exit(m.Run()) // every test skips
	}
	dir, err := os.MkdirTemp("", "trustcard-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "trustcard")
	if out, err := exec.Command("go", "build", "-o", binary, "trustcard/cmd/trustcard").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build trustcard: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// findPostgres returns the directory of initdb and pg_ctl: Debian's newest
// /usr/lib/postgresql/N/bin, else the PATH's.
func findPostgres() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Strings(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p)
		}
	}
	return ""
}

// needPostgres skips the test without PostgreSQL's server programs, or
// fails it in CI.
func needPostgres(t *testing.T) {
	t.Helper()
	if pgBin != "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("the fault tests need PostgreSQL's server programs (initdb, pg_ctl): apt-get install postgresql")
	}
	t.Skip("no initdb: install PostgreSQL's server programs to run the fault tests")
}
