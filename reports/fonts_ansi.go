package reports

import (
	_ "embed"
	"strings"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/encoding/charmap"
)

// The Windows-1252 cut of the face (see fonts/README.md) is a single-byte
// font, embedded whole and compressed once, when the definition files were
// made: a document that uses it writes those bytes as they are, where a
// UTF-8 cut is subset, mapped and compressed again for every document,
// which is most of what a card costs. Text drawn in it is encoded first
// (page.enc); a card whose text it covers (Western European names and
// comments) is drawn in it, any other in a UTF-8 cut (drawFitted).
var (
	//go:embed fonts/DejaVuSans-1252.json
	ansiDef []byte
	//go:embed fonts/DejaVuSans-1252.z
	ansiZ []byte
)

// ansiFace is the Windows-1252 cut.
type ansiFace struct{}

var ansiCut = &ansiFace{}

// add registers the cut with pdf as the family. gofpdf records no
// characters for a single-byte font: encode checks each as it is drawn.
func (a *ansiFace) add(pdf *gofpdf.Fpdf) map[int]int {
	pdf.AddFontFromBytes(family, "", ansiDef, ansiZ)
	return map[int]int{}
}

// has reports whether the cut draws r: the controls page text keeps,
// every character of Windows-1252, and StandIn. Bytes 0x7F–0x9F stand
// for characters above U+00FF (€, “, StandIn…), never for C1 controls.
func (a *ansiFace) has(r rune) bool {
	if r < ' ' {
		return true
	}
	b, ok := a.code(r)
	return ok && b >= ' ' && (b < 0x7F || b >= 0xA0 || r > 0xFF)
}

// standInCode is StandIn's byte: one Windows-1252 leaves unused, which the
// definition's encoding maps to the glyph uni25A1.
const standInCode = 0x81

// code is r's byte in the cut's encoding.
func (a *ansiFace) code(r rune) (byte, bool) {
	switch {
	case r < 0x80:
		return byte(r), true
	case string(r) == StandIn:
		return standInCode, true
	}
	return charmap.Windows1252.EncodeRune(r)
}

// encode is s in Windows-1252, with '?' for any character the cut lacks;
// all reports whether it had every one.
func (a *ansiFace) encode(s string) (enc string, all bool) {
	all = true
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		c, ok := a.code(r)
		if !ok || !a.has(r) {
			c, all = '?', false
		}
		b.WriteByte(c)
	}
	return b.String(), all
}

// split is gofpdf's SplitText, which reads text by rune into widths
// indexed by byte: it gets each byte as the rune of its value, and each
// line it gives back is turned into bytes again.
func (a *ansiFace) split(pdf *gofpdf.Fpdf, enc string, w float64) []string {
	rs := make([]rune, len(enc))
	for i := range len(enc) {
		rs[i] = rune(enc[i])
	}
	lines := pdf.SplitText(string(rs), w)
	for i, l := range lines {
		b := make([]byte, 0, len(l))
		for _, r := range l {
			b = append(b, byte(r))
		}
		lines[i] = string(b)
	}
	return lines
}
