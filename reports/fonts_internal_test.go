package reports

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/encoding/charmap"
)

// A document whose fonts come from the parsed-once prototype is byte for
// byte the document gofpdf makes when it parses the fonts itself, in
// either cut of the font.
func TestCachedFontsMatchParsedFonts(t *testing.T) {
	for name, f := range map[string]*utf8Face{"full": fullFace, "latin": latinFace} {
		if f.proto() == nil {
			t.Fatalf("%s: gofpdf's font internals are not as add expects: fonts are parsed per document", name)
		}
		cached := func(pdf *gofpdf.Fpdf) { f.add(pdf) }
		for _, text := range []string{"Zoë Łukasiewicz", "Дмитрий Орлов, Νίκος", "José Müller"} {
			// Twice from the cache: one document's used characters must not leak into the next.
			for range 2 {
				if !bytes.Equal(fontDoc(t, cached, text), fontDoc(t, f.parseFonts, text)) {
					t.Fatalf("%s, %q: cached fonts give other bytes than parsed fonts", name, text)
				}
			}
		}
	}
}

// fontDoc is a document of text in two sizes, its font added by add.
func fontDoc(t *testing.T, add func(*gofpdf.Fpdf), text string) []byte {
	t.Helper()
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

// The Latin cut is the full font's face: every character it has, it draws
// as wide as the full font does; and it has every character of Latin-1
// and Latin Extended-A, and the stand-in for characters no cut has.
func TestLatinCutIsTheFullFace(t *testing.T) {
	latin, full := latinFace.proto(), fullFace.proto()
	if latin == nil || full == nil {
		t.Fatal("a cut of the font could not be parsed")
	}
	for r, w := range latin.widths[1:] {
		if w != 0 && w != full.widths[r+1] {
			t.Errorf("%U: %d wide in the Latin cut, %d in the full font", r+1, w, full.widths[r+1])
		}
	}
	for r := rune(' '); r <= 0x17F; r++ {
		if (r < 0x7F || r >= 0xA0) && !latinFace.has(r) {
			t.Errorf("the Latin cut lacks %U %c", r, r)
		}
	}
	if stand := []rune(StandIn)[0]; !latinFace.has(stand) {
		t.Errorf("the Latin cut lacks the stand-in %c", stand)
	}
	if latinFace.has('Д') || latinFace.has('ș') {
		t.Error("the Latin cut has characters beyond Latin Extended-A: it is not the small cut")
	}
}

// The 1252 cut is the full font's face: its definition gives every
// character of Windows-1252, and StandIn, the full font's width, its
// compressed file is the committed font file, and it draws every such
// character and nothing else.
func TestAnsiCutIsTheFullFace(t *testing.T) {
	full := fullFace.proto()
	if full == nil {
		t.Fatal("the full font could not be parsed")
	}
	var def struct {
		Cw           []int
		Enc, Diff    string
		File         string
		OriginalSize int
	}
	if err := json.Unmarshal(ansiDef, &def); err != nil || len(def.Cw) != 256 {
		t.Fatalf("the 1252 definition: %v, %d widths", err, len(def.Cw))
	}
	ttf, err := os.ReadFile("fonts/DejaVuSans-1252.ttf")
	if err != nil {
		t.Fatal(err)
	}
	z, err := zlib.NewReader(bytes.NewReader(ansiZ))
	if err != nil {
		t.Fatal(err)
	}
	file, err := io.ReadAll(z)
	if err != nil || !bytes.Equal(file, ttf) || def.OriginalSize != len(ttf) || def.Enc != "cp1252-standin" || def.Diff != "129 /uni25A1" || def.File != "DejaVuSans-1252.z" {
		t.Fatalf("the 1252 definition files are not made from fonts/DejaVuSans-1252.ttf (see fonts/README.md): %v", err)
	}
	drawn := 0
	for r := rune(' '); r <= 0xFFFF; r++ {
		b, ok := charmap.Windows1252.EncodeRune(r)
		if string(r) == StandIn {
			b, ok = standInCode, true
		}
		if !ok || b < ' ' || (b >= 0x7F && b < 0xA0 && r <= 0xFF) {
			if ansiCut.has(r) {
				t.Errorf("the 1252 cut claims %U, which Windows-1252 lacks", r)
			}
			continue
		}
		drawn++
		if !ansiCut.has(r) {
			t.Errorf("the 1252 cut lacks %U %c", r, r)
		}
		if full.widths[r] == 0 || def.Cw[b] != full.widths[r] {
			t.Errorf("%U %c: %d wide in the 1252 cut, %d in the full font", r, r, def.Cw[b], full.widths[r])
		}
	}
	if drawn != 219 {
		t.Errorf("the 1252 cut draws %d characters, want Windows-1252's 218 printable ones and StandIn", drawn)
	}
	if enc, all := ansiCut.encode("Zoë “why” □ Ł"); all || enc != "Zo\xeb \x93why\x94 \x81 ?" {
		t.Errorf("encode: %q, %v", enc, all)
	}
}
