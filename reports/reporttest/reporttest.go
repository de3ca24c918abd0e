// Package reporttest reads PDFs back as text for tests, with pdftotext
// from poppler-utils, the way a reader's viewer extracts them.
package reporttest

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// MustText returns the text of pdf, its words joined by single spaces and
// its pages ended by form feeds. Without pdftotext the test is skipped,
// or fails when CI is set.
func MustText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	needPdftotext(tb)
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(pages, "\f")
}

// Word is a word of a PDF with its box on its page, in points.
type Word struct {
	Page                   int
	XMin, YMin, XMax, YMax float64
	Text                   string
}

// MustWords returns each word of pdf with its box, as pdftotext -bbox
// reads them.
func MustWords(tb testing.TB, pdf []byte) []Word {
	tb.Helper()
	needPdftotext(tb)
	cmd := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftotext -bbox: %v", err)
	}
	var words []Word
	page := 0
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "<page "):
			page++
		case strings.HasPrefix(l, "<word "):
			w := Word{Page: page}
			if _, err := fmt.Sscanf(l, `<word xMin="%g" yMin="%g" xMax="%g" yMax="%g">`, &w.XMin, &w.YMin, &w.XMax, &w.YMax); err != nil {
				tb.Fatalf("pdftotext -bbox: %q: %v", l, err)
			}
			w.Text = html.UnescapeString(strings.TrimSuffix(l[strings.Index(l, ">")+1:], "</word>"))
			words = append(words, w)
		}
	}
	return words
}

// needPdftotext skips the test without pdftotext, or fails it when CI is
// set.
func needPdftotext(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("pdftotext is missing: install poppler-utils")
		}
		tb.Skip("pdftotext is missing: install poppler-utils")
	}
}
