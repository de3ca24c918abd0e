package reports

import (
	_ "embed"

	"github.com/jung-kurt/gofpdf"
)

// DejaVu Sans covers Latin, Greek and Cyrillic; see fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	regularTTF []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	boldTTF []byte
)

const family = "dejavu"

// addFonts registers the embedded fonts with pdf.
func addFonts(pdf *gofpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(family, "", regularTTF)
	pdf.AddUTF8FontFromBytes(family, "B", boldTTF)
}
