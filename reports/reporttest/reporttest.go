// Package reporttest reads PDFs back as text for tests, with pdftotext
// from poppler-utils, the way a reader's viewer extracts them.
package reporttest

import (
	"bytes"
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
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("pdftotext is missing: install poppler-utils")
		}
		tb.Skip("pdftotext is missing: install poppler-utils")
	}
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
