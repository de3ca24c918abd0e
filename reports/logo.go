package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sync"

	"github.com/jung-kurt/gofpdf"
	xdraw "golang.org/x/image/draw"

	"trustcard/surveys"
)

// logoHeight is how tall the logo is drawn at the top of a page, in mm;
// logoPixels is how tall it is embedded, sharp at print resolution.
const (
	logoHeight = 10.0
	logoPixels = 120
)

// printLogos keeps each logo as the PDFs embed it: small, on white, without
// an alpha channel, which gofpdf would split out again for every card.
var printLogos = struct {
	sync.Mutex
	m map[string][]byte // by Logo.Ref
}{m: map[string][]byte{}}

// printLogo returns l made small and opaque, once per logo per process.
func printLogo(l *surveys.Logo) ([]byte, error) {
	printLogos.Lock()
	defer printLogos.Unlock()
	if b, ok := printLogos.m[l.Ref]; ok {
		return b, nil
	}
	src, err := png.Decode(bytes.NewReader(l.PNG))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	h := min(logoPixels, b.Dy())
	w := max(1, b.Dx()*h/b.Dy())
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, xdraw.Src)
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, b, xdraw.Over, nil)
	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, err
	}
	if len(printLogos.m) >= 16 { // a few orgs per process; start over rather than grow
		clear(printLogos.m)
	}
	printLogos.m[l.Ref] = out.Bytes()
	return out.Bytes(), nil
}

// logo draws l at x, y, logoHeight tall, and returns its width in mm.
func (p *page) logo(l *surveys.Logo, x, y float64) float64 {
	data, err := printLogo(l)
	if err != nil {
		p.SetErrorf("logo: %v", err)
		return 0
	}
	name := "logo-" + l.Ref
	opts := gofpdf.ImageOptions{ImageType: "PNG"}
	info := p.GetImageInfo(name)
	if info == nil {
		info = p.RegisterImageOptionsReader(name, opts, bytes.NewReader(data))
		if info == nil {
			return 0
		}
	}
	w := logoHeight * info.Width() / info.Height()
	p.ImageOptions(name, x, y, w, logoHeight, false, opts, 0, "")
	return w
}
