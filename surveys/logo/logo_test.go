package logo_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"trustcard/surveys/logo"
)

const scriptSVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 300 100" onload="alert(1)">
<script>alert(document.cookie)</script>
<rect x="0" y="0" width="300" height="100" fill="#0f766e" onclick="alert(2)"/>
<image xlink:href="https://attacker.example/track.png" width="10" height="10"/>
<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></body></foreignObject>
</svg>`

func TestPrepare(t *testing.T) {
	t.Run("SVGWithScriptIsDrawnIntoAPNG", func(t *testing.T) {
		out, err := logo.Prepare([]byte(scriptSVG))
		if err != nil {
			t.Fatal(err)
		}
		img := mustPNG(t, out)
		if got, want := img.Bounds().Size(), (image.Point{1200, 400}); got != want {
			t.Errorf("size = %v, want %v", got, want)
		}
		if got := color.NRGBAModel.Convert(img.At(600, 200)).(color.NRGBA); got != (color.NRGBA{0x0f, 0x76, 0x6e, 0xff}) {
			t.Errorf("middle pixel = %v, want the rectangle's teal", got)
		}
		for _, s := range []string{"script", "alert", "onload", "attacker"} {
			if bytes.Contains(out, []byte(s)) {
				t.Errorf("the PNG carries %q", s)
			}
		}
	})
	t.Run("PNGIsEncodedAgainWithoutWhatFollows", func(t *testing.T) {
		in := mustEncode(t, 40, 20)
		in = append(in, []byte("<script>alert(1)</script>")...)
		out, err := logo.Prepare(in)
		if err != nil {
			t.Fatal(err)
		}
		if img := mustPNG(t, out); img.Bounds().Dx() != 40 || img.Bounds().Dy() != 20 {
			t.Errorf("size = %v, want 40×20", img.Bounds())
		}
		if bytes.Contains(out, []byte("script")) {
			t.Error("the PNG carries what followed it")
		}
	})
	t.Run("LargePNGIsScaledIntoTheBox", func(t *testing.T) {
		out, err := logo.Prepare(mustEncode(t, 2400, 400))
		if err != nil {
			t.Fatal(err)
		}
		if got := mustPNG(t, out).Bounds().Size(); got != (image.Point{1200, 200}) {
			t.Errorf("size = %v, want 1200×200", got)
		}
	})
	for _, tt := range []struct {
		name, data string
		want       error
		says       string
	}{
		{"HTMLNamedPNG", "<!DOCTYPE html><html><script>alert(1)</script></html>", logo.ErrUnsupported, "HTML"},
		{"JPEG", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", logo.ErrUnsupported, "image/jpeg"},
		{"DamagedPNG", "\x89PNG\r\n\x1a\nnot really", logo.ErrBroken, "damaged"},
		{"SVGWithoutSize", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>`, logo.ErrBroken, "viewBox"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := logo.Prepare([]byte(tt.data))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %v, want %v saying %q", err, tt.want, tt.says)
			}
		})
	}
}

func mustEncode(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mustPNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}
