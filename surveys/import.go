package surveys

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// MaxImportRows is the most rows one import file may have.
const MaxImportRows = 10000

// ImportReport is what importing a file does, or would do: how many rows
// create, change or leave alone what is stored, and every row's problem.
// A file with a problem writes nothing.
type ImportReport struct {
	Rows      int
	Created   int
	Updated   int
	Unchanged int // already stored as the row says
	Problems  []ImportProblem
	Written   bool // the rows were stored
}

// ImportProblem is why one line of a file cannot be imported.
type ImportProblem struct {
	Line    int    // the line the row starts on, 1 for the header
	Field   string // the column, or "" for the whole row
	Message string
}

// Problem records a problem of line with field.
func (r *ImportReport) Problem(line int, field, format string, args ...any) {
	r.Problems = append(r.Problems, ImportProblem{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// problemOf records err, a domain error, as line's problem.
func (r *ImportReport) problemOf(line int, err error) {
	field, msg := ErrorDetail(err)
	r.Problems = append(r.Problems, ImportProblem{Line: line, Field: field, Message: msg})
}

// SortProblems orders the problems by line, keeping a line's in order.
func (r *ImportReport) SortProblems() {
	slices.SortStableFunc(r.Problems, func(a, b ImportProblem) int { return cmp.Compare(a.Line, b.Line) })
}

// importPlan checks every row against tx, recording counts and problems
// in r, and returns what writes the rows.
type importPlan[S any] func(tx S, r *ImportReport) (write func() error, err error)

// runImport checks rows rows with plan, reading only, or, when commit is
// asked, checks them again and writes them in one transaction, but only
// when no row has a problem: all rows or none.
func runImport[S any](ctx context.Context, store S, inTx txRunner[S], commit bool, rows int, plan importPlan[S]) (*ImportReport, error) {
	if rows > MaxImportRows {
		return nil, Errorf(EINVALID, "file", "has %d rows; import at most %d at a time", rows, MaxImportRows)
	}
	r := &ImportReport{Rows: rows}
	if !commit {
		_, err := plan(store, r)
		return r, err
	}
	err := inTx(ctx, func(tx S) error {
		*r = ImportReport{Rows: rows}
		write, err := plan(tx, r)
		if err != nil || len(r.Problems) > 0 {
			return err
		}
		if err := write(); err != nil {
			return err
		}
		r.Written = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
