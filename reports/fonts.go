package reports

import (
	_ "embed"
	"reflect"
	"sync"
	"unsafe"

	"github.com/jung-kurt/gofpdf"
)

// DejaVu Sans is the only face, in two cuts (see fonts/README.md and
// fonts/LICENSE): the full one covers Latin, Greek, Cyrillic and symbols;
// the Latin one only Latin-1, Latin Extended-A and the punctuation cards
// draw. Bold text is the face drawn with an outline of its own colour (see
// page.text), because every face a document uses is subset, mapped and
// compressed again when the document is written, which is most of what a
// card costs; that cost grows with the size of the font, so a card whose
// text the Latin cut covers uses it (see drawFitted).
var (
	//go:embed fonts/DejaVuSans.ttf
	fullTTF []byte
	//go:embed fonts/DejaVuSans-Latin.ttf
	latinTTF []byte
)

const family = "dejavu"

// face is one cut of the font.
type face interface {
	// add registers the cut with pdf as the family and returns the set of
	// characters the document draws, which gofpdf fills as text is drawn
	// (nil when they are not known; empty when encode checks them).
	add(pdf *gofpdf.Fpdf) map[int]int
	// has reports whether the cut draws r.
	has(r rune) bool
	// encode is s as the cut's font takes it, and whether the cut has
	// every character of s.
	encode(s string) (string, bool)
	// split breaks encoded text into lines w wide in pdf's current font,
	// as gofpdf's SplitText does, each line encoded.
	split(pdf *gofpdf.Fpdf, enc string, w float64) []string
}

// utf8Face is a UTF-8 cut of the font, parsed at most once per process.
type utf8Face struct {
	ttf   []byte
	proto func() *fontProto // nil when gofpdf's internals are not as expected
}

var (
	fullFace  = newFace(fullTTF)
	latinFace = newFace(latinTTF)
)

func newFace(ttf []byte) *utf8Face {
	return &utf8Face{ttf: ttf, proto: sync.OnceValue(func() *fontProto { return parsePrototype(ttf) })}
}

// add registers f with pdf; the set of characters it returns is nil when
// the font is parsed per document. gofpdf parses a UTF-8 TrueType font in
// every document that adds it, which costs more than drawing a whole card; it
// offers no way to share a parsed font. So the font is parsed once per
// process, into a prototype document, and each new document gets a copy
// of the prototype's font definition: the widths and metrics are shared
// (gofpdf only reads them), while the set of used characters and the font
// file's reader, which gofpdf writes while it subsets the font, are fresh
// per document. gofpdf is archived at v1.16.2, so its internals do not
// move; TestCachedFontsMatchParsedFonts checks the copy gives the same
// bytes as a parse, and if the internals are not as expected the font is
// parsed per document instead.
func (f *utf8Face) add(pdf *gofpdf.Fpdf) map[int]int {
	proto := f.proto()
	if proto == nil {
		f.parseFonts(pdf)
		return nil
	}
	d := reflect.New(proto.def.Type()).Elem()
	d.Set(proto.def)
	runes := initialRunes()
	field(d, "usedRunes").Set(reflect.ValueOf(runes))
	file := reflect.New(proto.fileType)
	reader := reflect.New(proto.readerType)
	field(reader.Elem(), "array").Set(reflect.ValueOf(f.ttf))
	field(file.Elem(), "fileReader").Set(reader)
	field(d, "utf8File").Set(file)
	field(reflect.ValueOf(pdf).Elem(), "fonts").SetMapIndex(reflect.ValueOf(family), d)
	return runes
}

// parseFonts registers the font the documented way, parsing it.
func (f *utf8Face) parseFonts(pdf *gofpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(family, "", f.ttf)
}

// fontProto holds the parsed font definition.
type fontProto struct {
	widths               []int // by character; 0: no glyph
	def                  reflect.Value
	fileType, readerType reflect.Type
}

// parsePrototype parses ttf; nil when gofpdf's internals differ from what
// add expects.
func parsePrototype(ttf []byte) *fontProto {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(family, "", ttf)
	fonts := field(reflect.ValueOf(pdf).Elem(), "fonts")
	if pdf.Err() || !fonts.IsValid() || fonts.Kind() != reflect.Map || fonts.Len() != 1 {
		return nil
	}
	def := fonts.MapIndex(reflect.ValueOf(family))
	if !def.IsValid() {
		return nil
	}
	file, runes := def.FieldByName("utf8File"), def.FieldByName("usedRunes")
	if !file.IsValid() || file.Kind() != reflect.Pointer || !runes.IsValid() || runes.Type() != reflect.TypeFor[map[int]int]() {
		return nil
	}
	reader, ok := file.Type().Elem().FieldByName("fileReader")
	if !ok || reader.Type.Kind() != reflect.Pointer {
		return nil
	}
	if array, ok := reader.Type.Elem().FieldByName("array"); !ok || array.Type != reflect.TypeFor[[]byte]() {
		return nil
	}
	p := &fontProto{def: def, fileType: file.Type().Elem(), readerType: reader.Type.Elem()}
	p.widths, _ = def.FieldByName("Cw").Interface().([]int)
	return p
}

// has reports whether the face can draw r; without the parsed widths,
// any character of the Basic Multilingual Plane is taken.
func (f *utf8Face) has(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	if p := f.proto(); p != nil && int(r) < len(p.widths) {
		return p.widths[r] != 0 || r < ' '
	}
	return true
}

// encode is s: gofpdf encodes text in a UTF-8 font itself, and records
// what it draws.
func (f *utf8Face) encode(s string) (string, bool) { return s, true }

func (f *utf8Face) split(pdf *gofpdf.Fpdf, enc string, w float64) []string {
	return pdf.SplitText(enc, w)
}

// hasGlyph reports whether any cut can draw r. The full font is parsed
// only once a character outside the Latin cut comes: a process that draws
// only Latin text keeps 0.7 MB less.
func hasGlyph(r rune) bool { return latinFace.has(r) || fullFace.has(r) }

// initialRunes is the used-character set gofpdf starts a font with.
func initialRunes() map[int]int {
	m := make(map[int]int, 64)
	for i := range 57 {
		m[i] = 0
	}
	return m
}

// field returns the (unexported) field name of the addressable struct v,
// settable.
func field(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	if !f.IsValid() || !f.CanAddr() {
		return reflect.Value{}
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}
