package reports

import (
	"bytes"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// A document whose fonts come from the parsed-once prototype is byte for
// byte the document gofpdf makes when it parses the fonts itself.
func TestCachedFontsMatchParsedFonts(t *testing.T) {
	if prototype() == nil {
		t.Fatal("gofpdf's font internals are not as addFonts expects: fonts are parsed per document")
	}
	doc := func(add func(*gofpdf.Fpdf), text string) []byte {
		pdf := gofpdf.New("P", "mm", "A4", "")
		add(pdf)
		day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
		pdf.SetCreationDate(day)
		pdf.SetModificationDate(day) // else the clock's second can differ between the two
		pdf.SetCatalogSort(true)
		pdf.AddPage()
		pdf.SetFont(family, "", 12)
		pdf.MultiCell(100, 5, text, "", "L", false)
		pdf.SetFont(family, "", 20)
		pdf.MultiCell(100, 5, text, "", "L", false)
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, text := range []string{"Zoë Łukasiewicz", "Дмитрий Орлов, Νίκος", "José Müller"} {
		// Twice from the cache: one document's used characters must not leak into the next.
		for range 2 {
			if !bytes.Equal(doc(addFonts, text), doc(parseFonts, text)) {
				t.Fatalf("%q: cached fonts give other bytes than parsed fonts", text)
			}
		}
	}
}
