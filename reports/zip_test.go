package reports_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"

	"trustcard/reports"
	"trustcard/surveys"
)

func TestZip(t *testing.T) {
	names := []string{"Zoë Łukasiewicz", "José Müller", "Дмитрий Орлов"}
	t.Run("OneCardPerRepInOrder", func(t *testing.T) {
		var buf bytes.Buffer
		err := reports.Zip(&buf, func(yield func(*surveys.RepCard, error) bool) {
			for i, n := range names {
				if !yield(card(int64(i+1), n, 9), nil) {
					return
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"00001-zoë-łukasiewicz.pdf", "00002-josé-müller.pdf", "00003-дмитрий-орлов.pdf"}
		if len(z.File) != len(want) {
			t.Fatalf("got %d files, want %d", len(z.File), len(want))
		}
		for i, f := range z.File {
			if f.Name != want[i] {
				t.Errorf("file %d = %q, want %q", i, f.Name, want[i])
			}
			r, _ := f.Open()
			pdf, _ := io.ReadAll(r)
			mustContain(t, pdfText(t, pdf), names[i])
		}
	})
	t.Run("StopsAtFirstError", func(t *testing.T) {
		boom := errors.New("database went away")
		yielded := 0
		err := reports.Zip(io.Discard, func(yield func(*surveys.RepCard, error) bool) {
			for i := range 100 {
				yielded++
				var err error
				if i == 2 {
					err = boom
				}
				if !yield(card(int64(i+1), "José Müller", 9), err) {
					return
				}
			}
		})
		if !errors.Is(err, boom) || yielded > 3 {
			t.Errorf("err = %v after %d cards, want %v after 3", err, yielded, boom)
		}
	})
	t.Run("WritesInLargePieces", func(t *testing.T) {
		var w countingWriter
		err := reports.Zip(&w, func(yield func(*surveys.RepCard, error) bool) {
			for i := range 40 {
				if !yield(card(int64(i+1), "José Müller", 9), nil) {
					return
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		// 40 cards of about 30 KB: a few pieces of 128 KB, not hundreds of 4 KB.
		if w.writes > w.bytes/(100<<10)+1 {
			t.Errorf("%d bytes in %d writes", w.bytes, w.writes)
		}
	})
}

// countingWriter counts the writes and bytes it is given.
type countingWriter struct{ writes, bytes int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	c.bytes += len(p)
	return len(p), nil
}
