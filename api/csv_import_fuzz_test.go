package api

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"trustcard/surveys"
)

// fuzzColumns are the reps file's columns, which every import shares the
// reading of.
var fuzzColumns = repImport.Columns

// Whatever bytes arrive, parseImport never panics, refuses the file with
// EINVALID or reads it, and every row it reads or names as a problem
// starts on a line of the file after the header, in order; every cell is
// trimmed, valid UTF-8.
func FuzzParseImport(f *testing.F) {
	for _, s := range []string{
		"external_id,name,email,team\ncrm-1,Ann,ann@acme.test,East\n",
		"\uFEFFexternal_id;name;email\ncrm-1;\"Ng; Mai\";mai@acme.test\n",
		"external_id,name,email\ncrm-1,\"Two\nLines\",two@acme.test\ncrm-2,Bea\n",
		"external_id,name,email\ncrm-1,\"unclosed,x@acme.test\ncrm-2,Bea,b@acme.test\n",
		"external_id,name,email\r\ncrm-1,a\"b,x@acme.test\r\n",
		"",
		"\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		recs, problems, err := parseImport(body, fuzzColumns)
		if err != nil {
			if surveys.ErrorCode(err) != surveys.EINVALID {
				t.Fatalf("parseImport(%q) failed with %v, want EINVALID", body, err)
			}
			return
		}
		lines := bytes.Count(body, []byte("\n")) + 1
		prev := 1
		for _, r := range recs {
			if r.Line <= prev || r.Line > lines {
				t.Fatalf("a row on line %d after line %d, of %d lines: %q", r.Line, prev, lines, body)
			}
			prev = r.Line
			for name, cell := range r.Cells {
				if !utf8.ValidString(cell) || cell != strings.TrimSpace(cell) {
					t.Fatalf("cell %s = %q is not trimmed UTF-8", name, cell)
				}
			}
		}
		for _, p := range problems {
			if p.Line < 2 || p.Line > lines {
				t.Fatalf("a problem on line %d of %d lines: %q", p.Line, lines, body)
			}
		}
	})
}

// Whatever cells a spreadsheet writes — separators, quotes, line breaks —
// a file it saves with either separator, with or without a byte-order
// mark, reads back as the same cells on the lines they start on.
func FuzzParseImportRoundTrip(f *testing.F) {
	f.Add("crm-1", "Ng; Mai", "a,b", true, true)
	f.Add("x\"y", "Two\nLines", " ", false, false)
	f.Fuzz(func(t *testing.T, a, b, c string, semicolon, bom bool) {
		cells := []string{strings.TrimSpace(a), strings.TrimSpace(b), strings.TrimSpace(c)}
		for _, s := range cells {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\uFEFF") {
				t.Skip("spreadsheets write no such cell")
			}
		}
		var buf bytes.Buffer
		if bom {
			buf.Write(utf8BOM)
		}
		w := csv.NewWriter(&buf)
		if semicolon {
			w.Comma = ';'
		}
		_ = w.Write([]string{"external_id", "name", "email"})
		_ = w.Write(cells)
		_ = w.Write(cells)
		w.Flush()
		recs, problems, err := parseImport(buf.Bytes(), fuzzColumns)
		if err != nil || len(problems) > 0 || len(recs) != 2 {
			t.Fatalf("%q: %d rows, problems %v, error %v", buf.String(), len(recs), problems, err)
		}
		second := 2 + strings.Count(strings.Join(cells, ""), "\n") + 1
		for i, r := range recs {
			got := []string{r.Cells["external_id"], r.Cells["name"], r.Cells["email"]}
			if strings.Join(got, "\x00") != strings.Join(cells, "\x00") {
				t.Fatalf("%q read back as %q, want %q", buf.String(), got, cells)
			}
			if want := []int{2, second}[i]; r.Line != want {
				t.Fatalf("row %d starts on line %d, want %d: %q", i, r.Line, want, buf.String())
			}
		}
	})
}
