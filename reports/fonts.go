package reports

import (
	_ "embed"
	"reflect"
	"sync"
	"unsafe"

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

// addFonts registers the embedded fonts with pdf. gofpdf parses a UTF-8
// TrueType font in every document that adds it, which costs more than
// drawing a whole card; it offers no way to share a parsed font. So the
// fonts are parsed once per process, into a prototype document, and each
// new document gets a copy of the prototype's font definitions: the widths
// and metrics are shared (gofpdf only reads them), while the set of used
// characters and the font file's reader, which gofpdf writes while it
// subsets the font, are fresh per document. gofpdf is archived at v1.16.2,
// so its internals do not move; TestCachedFontsMatchParsedFonts checks the
// copy gives the same bytes as a parse, and if the internals are not as
// expected the fonts are parsed per document instead.
func addFonts(pdf *gofpdf.Fpdf) {
	proto := prototype()
	if proto == nil {
		parseFonts(pdf)
		return
	}
	fonts := field(reflect.ValueOf(pdf).Elem(), "fonts")
	for key, def := range proto.defs {
		d := reflect.New(def.Type()).Elem()
		d.Set(def)
		field(d, "usedRunes").Set(reflect.ValueOf(initialRunes()))
		file := reflect.New(proto.fileType)
		reader := reflect.New(proto.readerType)
		field(reader.Elem(), "array").Set(reflect.ValueOf(proto.ttf[key]))
		field(file.Elem(), "fileReader").Set(reader)
		field(d, "utf8File").Set(file)
		fonts.SetMapIndex(reflect.ValueOf(key), d)
	}
}

// parseFonts registers the fonts the documented way, parsing them.
func parseFonts(pdf *gofpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(family, "", regularTTF)
	pdf.AddUTF8FontFromBytes(family, "B", boldTTF)
}

// fontProto holds the parsed font definitions by gofpdf's font key.
type fontProto struct {
	widths               []int // by character, of the regular font; 0: no glyph
	defs                 map[string]reflect.Value
	ttf                  map[string][]byte
	fileType, readerType reflect.Type
}

// prototype parses the fonts once; nil when gofpdf's internals differ
// from what addFonts expects.
var prototype = sync.OnceValue(func() *fontProto {
	pdf := gofpdf.New("P", "mm", "A4", "")
	parseFonts(pdf)
	fonts := field(reflect.ValueOf(pdf).Elem(), "fonts")
	if pdf.Err() || !fonts.IsValid() || fonts.Kind() != reflect.Map || fonts.Len() != 2 {
		return nil
	}
	p := &fontProto{defs: map[string]reflect.Value{}, ttf: map[string][]byte{family: regularTTF, family + "B": boldTTF}}
	for _, key := range fonts.MapKeys() {
		def := fonts.MapIndex(key)
		file, runes := def.FieldByName("utf8File"), def.FieldByName("usedRunes")
		if p.ttf[key.String()] == nil || !file.IsValid() || file.Kind() != reflect.Pointer || !runes.IsValid() ||
			runes.Type() != reflect.TypeFor[map[int]int]() {
			return nil
		}
		reader, ok := file.Type().Elem().FieldByName("fileReader")
		if !ok || reader.Type.Kind() != reflect.Pointer {
			return nil
		}
		if array, ok := reader.Type.Elem().FieldByName("array"); !ok || array.Type != reflect.TypeFor[[]byte]() {
			return nil
		}
		p.defs[key.String()], p.fileType, p.readerType = def, file.Type().Elem(), reader.Type.Elem()
	}
	p.widths, _ = p.defs[family].FieldByName("Cw").Interface().([]int)
	return p
})

// hasGlyph reports whether the fonts can draw r; without the parsed
// widths, any character of the Basic Multilingual Plane is taken.
func hasGlyph(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	if p := prototype(); p != nil && int(r) < len(p.widths) {
		return p.widths[r] != 0 || r < ' '
	}
	return true
}

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
