package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Bold is an outline drawn around the one face: it must hold on a page
// that a page break starts, and stop where regular text follows.
func TestBoldAcrossPageBreak(t *testing.T) {
	p := newPage("A4", "bold", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), fullFace)
	p.SetCompression(false)
	p.text(ink, "B", 20)
	p.AddPage()
	p.line(p.width, 10, "Bold after the break", "L")
	p.Ln(10)
	p.text(ink, "", 9)
	p.line(p.width, 5, "Regular", "L")
	var buf bytes.Buffer
	if err := p.write(&buf); err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(buf.String(), "/Type /Page\n")
	stream := pages[len(pages)-1]
	texts := strings.SplitAfter(stream, "Tj ET")
	if len(texts) < 3 {
		t.Fatalf("page 2 has %d texts, want 3", len(texts)-1)
	}
	if !strings.Contains(texts[0], "2 Tr") {
		t.Error("page 2: the text after the break is not outlined (2 Tr)")
	}
	if !strings.Contains(texts[1], "0 Tr") {
		t.Error("page 2: the regular text is outlined")
	}
}
