// Package logo turns an uploaded logo into the PNG that Trustcard stores
// and shows everywhere: a PNG is decoded and encoded again (which drops
// whatever else the file carried), an SVG is drawn into one, and anything
// else is refused by what its bytes are, whatever its name or type says.
// It knows images, not the database or HTTP.
package logo

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"net/http"
	"strings"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
	xdraw "golang.org/x/image/draw"
)

// MaxUpload bounds an uploaded file.
const MaxUpload = 2 << 20

// maxPixels bounds a PNG's decoded size, so a small file that unpacks
// to a huge image (a decompression bomb) is refused before decoding.
const maxPixels = 8000 * 8000

// Box is the largest a stored logo is: logos are drawn small, at the top
// of pages, emails and PDFs, and this keeps them sharp at twice that size.
const (
	boxWidth  = 1200
	boxHeight = 400
)

// ErrUnsupported wraps a file that is neither a PNG nor an SVG.
var ErrUnsupported = errors.New("the logo must be a PNG or SVG image")

// ErrBroken wraps a PNG or SVG that cannot be read.
var ErrBroken = errors.New("the logo cannot be read")

// Prepare returns data as the PNG to store, at most 1200×400 pixels.
// Errors wrap ErrUnsupported or ErrBroken and say what the file is.
func Prepare(data []byte) ([]byte, error) {
	var img image.Image
	var err error
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		img, err = decodePNG(data)
	case isSVG(data):
		img, err = drawSVG(data)
	default:
		return nil, fmt.Errorf("%w; this file is %s", ErrUnsupported, describe(data))
	}
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := png.Encode(&out, fit(img)); err != nil {
		return nil, fmt.Errorf("logo: encode: %w", err)
	}
	return out.Bytes(), nil
}

// describe names what data looks like, for the refusal.
func describe(data []byte) string {
	t, _, _ := strings.Cut(http.DetectContentType(data), ";")
	switch t {
	case "text/html":
		return "HTML"
	case "text/plain":
		return "text"
	case "application/octet-stream":
		return "not an image Trustcard knows"
	}
	return t
}

func decodePNG(data []byte) (image.Image, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: it starts as a PNG but is damaged (%v)", ErrBroken, err)
	}
	if cfg.Width*cfg.Height > maxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%w: it is %d×%d pixels; at most 64 million", ErrBroken, cfg.Width, cfg.Height)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: it starts as a PNG but is damaged (%v)", ErrBroken, err)
	}
	return img, nil
}

// isSVG reports whether data is XML whose root element is svg.
func isSVG(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "svg"
		}
	}
}

// drawSVG draws the shapes of an SVG into an image at most 1200×400. Only
// shapes are drawn: scripts, event handlers, links and anything that
// would load from elsewhere are not understood by the drawing library,
// so they are ignored; what is kept is pixels.
func drawSVG(data []byte) (image.Image, error) {
	icon, err := oksvg.ReadIconStream(io.LimitReader(bytes.NewReader(data), MaxUpload), oksvg.IgnoreErrorMode)
	if err != nil {
		return nil, fmt.Errorf("%w: it is an SVG that cannot be drawn (%v)", ErrBroken, err)
	}
	vw, vh := icon.ViewBox.W, icon.ViewBox.H
	if vw <= 0 || vh <= 0 {
		return nil, fmt.Errorf("%w: the SVG has no size: give its svg element a viewBox", ErrBroken)
	}
	scale := min(boxWidth/vw, boxHeight/vh)
	w, h := max(1, int(vw*scale)), max(1, int(vh*scale))
	icon.SetTarget(0, 0, float64(w), float64(h))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	scanner := rasterx.NewScannerGV(w, h, img, img.Bounds())
	icon.Draw(rasterx.NewDasher(w, h, scanner), 1)
	return img, nil
}

// fit scales img down to fit the box, keeping its proportions.
func fit(img image.Image) image.Image {
	b := img.Bounds()
	scale := min(1, float64(boxWidth)/float64(b.Dx()), float64(boxHeight)/float64(b.Dy()))
	w, h := max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	if scale == 1 {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}
