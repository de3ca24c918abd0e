package reports_test

import (
	"bytes"
	"testing"

	"trustcard/reports"
)

func TestTeamReport(t *testing.T) {
	r := teamReport(40)
	r.Previous[2] = figures(r.Detail.Reps[1].Figures.Score+0.3, 10) // a change that rounds to zero
	var buf bytes.Buffer
	if err := reports.TeamReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	mustContain(t, text, "Nord — Ελλάδα", "40 reps", "Team trust score (0–100)", "68", "n = 120", "Reps by trust score",
		"José Müller 2 (low confidence) 57 – 1 100% ±0", "Дмитрий Орлов 3 (low confidence) 64 65 (55–72) 2 67% +4")
	if got := pages(t, text); got != 2 {
		t.Errorf("40 reps on %d pages, want 2 (the table continues)", got)
	}
	if bytes.Contains([]byte(text), []byte("-0")) {
		t.Error(`a change shows as "-0"`)
	}
	// The table's header repeats on the second page.
	if _, second, _ := bytes.Cut([]byte(text), []byte("\f")); !bytes.Contains(second, []byte("Rep Score Raw, 90% interval n Response rate Change")) {
		t.Errorf("second page lacks the table header:\n%s", second)
	}
}
