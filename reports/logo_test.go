package reports_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"trustcard/reports"
	"trustcard/surveys"
)

// A card and a team report with a logo embed it as an image above the
// company's name, and draw the same text as without it.
func TestLogoAtTheTop(t *testing.T) {
	logo := mustLogo(t)
	c := card(7, "José Müller", 23)
	c.Logo = logo
	r := teamReport(3)
	r.Logo = logo
	for name, draw := range map[string]func(*bytes.Buffer) error{
		"RepCard":    func(b *bytes.Buffer) error { return reports.RepCard(b, c) },
		"TeamReport": func(b *bytes.Buffer) error { return reports.TeamReport(b, r) },
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := draw(&buf); err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(buf.Bytes(), []byte("/Subtype /Image")); n != 1 {
				t.Errorf("the PDF has %d images, want the logo once", n)
			}
			if text := pdfText(t, buf.Bytes()); !strings.HasPrefix(strings.TrimSpace(text), "Acme Ärzte GmbH") {
				t.Errorf("the text does not start with the company's name:\n%.200s", text)
			}
		})
	}
}

func mustLogo(t testing.TB) *surveys.Logo {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 1200, 400))
	for x := range 600 {
		for y := range 400 {
			img.Set(x, y, color.NRGBA{0x1d, 0x4e, 0xd8, 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	l, err := surveys.NewLogo(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return l
}
