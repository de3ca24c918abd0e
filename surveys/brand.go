package surveys

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/png"
	"math"
	"strconv"
	"strings"
	"time"
)

// Brand is how an org presents itself: its name, accent colour and logo,
// on the buyer's pages, in the survey email, at the top of the web app and
// of every PDF.
type Brand struct {
	Company string
	Accent  string // #rrggbb, readable as text on white and under white text
	LogoRef string // the logo's public name (Logo.Ref), or "" without a logo
}

// Brand returns how o presents itself.
func (o *Org) Brand() Brand {
	return Brand{Company: o.Name, Accent: o.Settings.Accent, LogoRef: o.LogoRef}
}

// DefaultAccent is the product's teal.
const DefaultAccent = "#0f766e"

// MinAccentContrast is WCAG 2.2 AA's contrast for normal text: the accent
// is drawn as text on white (links) and under white text (buttons).
const MinAccentContrast = 4.5

// checkAccent accepts a #rrggbb colour (normalised to lower case) whose
// contrast with white is at least AA's. A colour that fails is refused
// with the nearest darker shade that passes.
func checkAccent(field string, s *string) error {
	*s = strings.ToLower(strings.TrimSpace(*s))
	rgb, ok := parseHexColour(*s)
	if !ok {
		return Errorf(EINVALID, field, "must be a colour written #rrggbb, such as %s", DefaultAccent)
	}
	if c := contrastWithWhite(rgb); c < MinAccentContrast {
		return Errorf(EINVALID, field, "%s has a contrast of %.1f:1 with white, and WCAG AA needs %.1f:1 for text on white and white text on it; the nearest darker shade that passes is %s",
			*s, c, MinAccentContrast, hexColour(darkenToContrast(rgb)))
	}
	return nil
}

// parseHexColour reads #rrggbb.
func parseHexColour(s string) ([3]float64, bool) {
	var rgb [3]float64
	if len(s) != 7 || s[0] != '#' {
		return rgb, false
	}
	for i := range rgb {
		v, err := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return rgb, false
		}
		rgb[i] = float64(v)
	}
	return rgb, true
}

func hexColour(rgb [3]float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(rgb[0])), int(math.Round(rgb[1])), int(math.Round(rgb[2])))
}

// contrastWithWhite is WCAG's contrast ratio of rgb against white.
func contrastWithWhite(rgb [3]float64) float64 {
	return 1.05 / (relativeLuminance(rgb) + 0.05)
}

// relativeLuminance is WCAG 2's relative luminance of an sRGB colour.
func relativeLuminance(rgb [3]float64) float64 {
	var lin [3]float64
	for i, v := range rgb {
		c := v / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}

// darkenToContrast scales rgb toward black, keeping its hue, until it
// passes against white.
func darkenToContrast(rgb [3]float64) [3]float64 {
	for f := 1.0; f > 0; f -= 0.01 {
		d := [3]float64{math.Floor(rgb[0] * f), math.Floor(rgb[1] * f), math.Floor(rgb[2] * f)}
		if contrastWithWhite(d) >= MinAccentContrast {
			return d
		}
	}
	return [3]float64{}
}

// checkCompanyName accepts the name buyers and people know the company by.
func checkCompanyName(s *string) error {
	return checkText("company.name", s, 100, true, false)
}

// Logo is an org's logo as pages, emails and PDFs show it: always a PNG,
// whatever was uploaded (an SVG is drawn into one), so it can carry no
// script.
type Logo struct {
	OrgID         int64
	PNG           []byte
	Width, Height int
	Ref           string // its public name: a hash of the PNG, so a new logo has a new address
	UpdatedAt     time.Time
}

// MaxLogoBytes bounds a stored logo's PNG.
const MaxLogoBytes = 1 << 20

// MaxLogoSide bounds a stored logo's width and height in pixels.
const MaxLogoSide = 1200

// NewLogo checks that data is a PNG of at most MaxLogoBytes and
// MaxLogoSide pixels a side, and names it. EINVALID.
func NewLogo(data []byte) (*Logo, error) {
	if len(data) > MaxLogoBytes {
		return nil, Errorf(EINVALID, "logo", "is %d bytes as a PNG; at most %d", len(data), MaxLogoBytes)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, Errorf(EINVALID, "logo", "is not a PNG image: %v", err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide {
		return nil, Errorf(EINVALID, "logo", "is %d×%d pixels; each side must be 1 to %d", cfg.Width, cfg.Height, MaxLogoSide)
	}
	sum := sha256.Sum256(data)
	return &Logo{PNG: data, Width: cfg.Width, Height: cfg.Height, Ref: hex.EncodeToString(sum[:16])}, nil
}

// LogoStore keeps each org's logo.
type LogoStore interface {
	// SaveLogo sets the org's logo, replacing any.
	SaveLogo(ctx context.Context, l *Logo) error
	// FindLogo returns the org's logo. ENOTFOUND.
	FindLogo(ctx context.Context, orgID int64) (*Logo, error)
	// FindLogoByRef returns the logo named ref, of any org. ENOTFOUND.
	FindLogoByRef(ctx context.Context, ref string) (*Logo, error)
	// DeleteLogo removes the org's logo; none is no error.
	DeleteLogo(ctx context.Context, orgID int64) error
}
