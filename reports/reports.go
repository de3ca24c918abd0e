// Package reports draws Trustcard's PDF report cards with gofpdf: a rep's
// card, a team report and a ZIP of many cards. It owns page layout and
// nothing else: it takes plain surveys values and an io.Writer, and knows
// no database and no HTTP.
package reports

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"trustcard/surveys"
)

// StandIn replaces characters the PDF font has no glyph for (emoji, and
// scripts beyond Latin, Greek and Cyrillic), so they show as a box.
const StandIn = "□"

// page is one document being drawn, with the page's geometry.
type page struct {
	*gofpdf.Fpdf
	left, width float64 // content box
	bold        bool    // text is drawn bold
	face        face
	runes       map[int]int // the characters gofpdf recorded; nil: not known
	missed      bool        // a character drawn is not in face
}

// newPage starts a document on paper ("A4" or "Letter") in face f, dated
// day so that equal data gives equal bytes.
func newPage(paper, title string, day time.Time, f face) *page {
	size := "A4"
	if paper == "Letter" {
		size = "Letter"
	}
	pdf := gofpdf.New("P", "mm", size, "")
	runes := f.add(pdf)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(day)
	pdf.SetModificationDate(day)
	pdf.SetTitle(clean(title), true)
	pdf.SetCreator("Trustcard", true)
	w, _ := pdf.GetPageSize()
	p := &page{Fpdf: pdf, left: margin, width: w - 2*margin, face: f, runes: runes}
	p.AliasNbPages("")
	p.SetFooterFunc(p.footer)
	p.SetHeaderFunc(p.weight)
	p.AddPage()
	return p
}

// drawFitted draws a document in the smallest cut of the font that has
// its texts (the names and comments it shows): Windows-1252, then Latin,
// then the full font; a document that drew a character its cut lacks
// after all is drawn again in the next. Writing a document costs more the
// larger its font, and a UTF-8 cut more than the single-byte one, so most
// cards are cheaper.
func drawFitted(texts []string, draw func(face) *page) *page {
	for _, f := range []face{ansiCut, latinFace} {
		if covers(f, texts) {
			if p := draw(f); p.fits() {
				return p
			}
		}
	}
	return draw(fullFace)
}

// covers reports whether f draws texts as the full font does: every
// character is in f, or in no cut (and so drawn as StandIn, which f has).
func covers(f face, texts []string) bool {
	stand := []rune(StandIn)[0]
	for _, s := range texts {
		for _, r := range s {
			if !f.has(r) && (hasGlyph(r) || !f.has(stand)) {
				return false
			}
		}
	}
	return true
}

// fits reports whether p's face has every character drawn on p; false
// when they are not known.
func (p *page) fits() bool {
	if p.missed || p.runes == nil {
		return false
	}
	for r := range p.runes {
		if !p.face.has(rune(r)) {
			return false
		}
	}
	return true
}

// enc is s as p's font takes it, noting a character the face lacks.
func (p *page) enc(s string) string {
	e, all := p.face.encode(s)
	p.missed = p.missed || !all
	return e
}

// CellFormat is gofpdf's, with s encoded for p's font.
func (p *page) CellFormat(w, h float64, s, border string, ln int, align string, fill bool, link int, linkURL string) {
	p.Fpdf.CellFormat(w, h, p.enc(s), border, ln, align, fill, link, linkURL)
}

// MultiCell is gofpdf's, with s encoded for p's font.
func (p *page) MultiCell(w, h float64, s, border, align string, fill bool) {
	p.Fpdf.MultiCell(w, h, p.enc(s), border, align, fill)
}

// write checks the document's error and writes it to w.
func (p *page) write(w io.Writer) error {
	if err := p.Error(); err != nil {
		return fmt.Errorf("reports: draw: %w", err)
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("reports: write: %w", err)
	}
	return nil
}

// draw runs fn and turns a panic inside gofpdf into an error, so one odd
// card never takes the process down.
func draw(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reports: draw: %v", r)
		}
	}()
	return fn()
}

// clean makes text safe for the PDF font: characters it has no glyph for
// (gofpdf panics on those outside the Basic Multilingual Plane) become
// StandIn, tabs and carriage returns a space, other control characters
// nothing; line breaks are kept.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if !hasGlyph(r) || (unicode.IsControl(r) && r != '\n') || r == unicode.ReplacementChar {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, StandIn) {
		switch {
		case r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r) && r != '\n':
		case !hasGlyph(r):
			b.WriteString(StandIn)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// period formats a window as "1 Aug – 31 Oct 2026".
func period(w surveys.Window) string {
	if w.From.Year() == w.To.Year() {
		return w.From.Format("2 Jan") + " – " + w.To.Format("2 Jan 2006")
	}
	return w.From.Format("2 Jan 2006") + " – " + w.To.Format("2 Jan 2006")
}
