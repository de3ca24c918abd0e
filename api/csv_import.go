package api

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"trustcard/surveys"
)

// Import files are CSV (RFC 4180) as spreadsheets save it: UTF-8 with or
// without a byte-order mark, cells separated by commas or, as spreadsheets
// in much of Europe write them, semicolons (told apart by the header
// line), a header row naming the columns in any order, and quoted cells
// that may hold separators, quotes and line breaks.

// importColumn is one column an import file may have.
type importColumn struct {
	Name     string // in the header, as normalised by columnName
	Required bool
	About    string // what it holds, for the import page
}

// csvRecord is one row of an import file: its cells by column name and
// the line it starts on (the header is line 1).
type csvRecord struct {
	Line  int
	Cells map[string]string
}

// utf8BOM starts files that some spreadsheets save as "CSV UTF-8".
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parseImport reads an import file with the given columns. A problem of
// the file as a whole (not UTF-8, no header, an unknown or missing column,
// too many rows) is an EINVALID error; a row that cannot be read is a
// problem of its line, and the rows after it are still read.
func parseImport(body []byte, columns []importColumn) ([]csvRecord, []surveys.ImportProblem, error) {
	body = bytes.TrimPrefix(body, utf8BOM)
	if i := invalidUTF8(body); i >= 0 {
		return nil, nil, surveys.Errorf(surveys.EINVALID, "file", "line %d is not UTF-8 text: save the file as “CSV UTF-8” and upload it again",
			bytes.Count(body[:i], []byte("\n"))+1)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma, r.FieldsPerRecord = separator(body), -1
	header, err := readHeader(r, columns)
	if err != nil {
		return nil, nil, err
	}
	var recs []csvRecord
	var problems []surveys.ImportProblem
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return recs, problems, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems = append(problems, surveys.ImportProblem{Line: pe.StartLine, Message: "cannot be read: " + pe.Err.Error() +
				" (a cell with a quote, separator or line break must be quoted, its quotes doubled)"})
			continue
		}
		if err != nil {
			return nil, nil, surveys.Errorf(surveys.EINVALID, "file", "cannot be read: %v", err)
		}
		line, _ := r.FieldPos(0)
		if len(recs)+len(problems) >= surveys.MaxImportRows {
			return nil, nil, surveys.Errorf(surveys.EINVALID, "file", "has more than %d rows: split it and import each part", surveys.MaxImportRows)
		}
		if len(cells) != len(header) {
			problems = append(problems, surveys.ImportProblem{Line: line,
				Message: plural(int64(len(cells)), "cell", "cells") + "; the header has " + plural(int64(len(header)), "column", "columns")})
			continue
		}
		rec := csvRecord{Line: line, Cells: make(map[string]string, len(header))}
		for i, name := range header {
			rec.Cells[name] = strings.TrimSpace(cells[i])
		}
		recs = append(recs, rec)
	}
}

// readHeader reads the header row and checks it names each column at most
// once, every required one, and no other.
func readHeader(r *csv.Reader, columns []importColumn) ([]string, error) {
	cells, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, surveys.Errorf(surveys.EINVALID, "file", "is empty: the first line names the columns, such as %s", columnList(columns))
	}
	if err != nil {
		return nil, surveys.Errorf(surveys.EINVALID, "file", "its header line cannot be read: %v", err)
	}
	header := make([]string, len(cells))
	for i, c := range cells {
		header[i] = columnName(c)
		switch {
		case !slices.ContainsFunc(columns, func(col importColumn) bool { return col.Name == header[i] }):
			return nil, surveys.Errorf(surveys.EINVALID, "file", "the header names an unknown column %q: the columns are %s", c, columnList(columns))
		case slices.Contains(header[:i], header[i]):
			return nil, surveys.Errorf(surveys.EINVALID, "file", "the header names the column %q twice", c)
		}
	}
	for _, col := range columns {
		if col.Required && !slices.Contains(header, col.Name) {
			return nil, surveys.Errorf(surveys.EINVALID, "file", "the header lacks the column %s: the first line names the columns, such as %s",
				col.Name, columnList(columns))
		}
	}
	return header, nil
}

// columnName normalises a header cell: "External ID" is external_id.
func columnName(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// separator is ';' when the header line has more semicolons than commas
// outside quotes, else ','.
func separator(body []byte) rune {
	commas, semicolons, quoted := 0, 0, false
	for _, b := range body {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if semicolons > commas {
				return ';'
			}
			return ','
		case b == ',':
			commas++
		case b == ';':
			semicolons++
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

// invalidUTF8 is the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func columnList(columns []importColumn) string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}
