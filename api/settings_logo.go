package api

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
	"trustcard/surveys/logo"
)

// logoCSP is sent with every logo: it is always a PNG, and even read as a
// document it may run nothing and load nothing.
const logoCSP = "default-src 'none'; sandbox"

type logoInput struct {
	RawBody []byte `contentType:"image/png" doc:"A PNG or SVG file of at most 2 MB; its bytes decide which, not its name or Content-Type"`
}

type logoBody struct {
	URL    string `json:"url" doc:"Where pages and emails load it; a new logo has a new address"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

type logoPutOutput struct{ Body logoBody }

type logoGetOutput struct {
	ContentType string `header:"Content-Type"`
	CSP         string `header:"Content-Security-Policy"`
	Body        []byte
}

// describeLogoUpload says in the OpenAPI document what PUT /settings/logo
// takes, and the refusals an upload may get.
func (s *Server) describeLogoUpload() {
	item := s.api.OpenAPI().Paths["/settings/logo"]
	if item == nil || item.Put == nil || item.Put.RequestBody == nil {
		return
	}
	file := &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
	item.Put.RequestBody.Content = map[string]*huma.MediaType{"image/png": file, "image/svg+xml": file}
	item.Put.Responses["415"] = &huma.Response{Description: "Neither a PNG nor an SVG, by its bytes",
		Content: map[string]*huma.MediaType{ProblemType: {Schema: &huma.Schema{Ref: "#/components/schemas/ErrorModel"}}}}
}

// putLogo makes the uploaded PNG or SVG the org's logo, as a PNG.
func (s *Server) putLogo(ctx context.Context, in *logoInput) (*logoPutOutput, error) {
	l, err := prepareLogo(in.RawBody)
	if err != nil {
		return nil, err
	}
	if err := s.Directory.SetLogo(ctx, l); err != nil {
		return nil, err
	}
	return &logoPutOutput{Body: logoBody{URL: logoPath(l.Ref), Width: l.Width, Height: l.Height}}, nil
}

// prepareLogo turns an upload into the logo to store: 413 over the upload
// limit, 415 for what is not a PNG or SVG, 422 for one that cannot be read.
func prepareLogo(data []byte) (*surveys.Logo, error) {
	if len(data) > logo.MaxUpload {
		return nil, huma.Error413RequestEntityTooLarge(fmt.Sprintf("logo: the file is %.1f MB; at most %d MB", float64(len(data))/(1<<20), logo.MaxUpload>>20))
	}
	if len(data) == 0 {
		return nil, surveys.Errorf(surveys.EINVALID, "logo", "is empty: send a PNG or SVG file")
	}
	png, err := logo.Prepare(data)
	switch {
	case errors.Is(err, logo.ErrUnsupported):
		return nil, huma.Error415UnsupportedMediaType("logo: " + err.Error())
	case err != nil:
		return nil, surveys.Errorf(surveys.EINVALID, "logo", "%v", err)
	}
	return surveys.NewLogo(png)
}

// getLogo returns the org's logo as stored: a PNG.
func (s *Server) getLogo(ctx context.Context, _ *struct{}) (*logoGetOutput, error) {
	l, err := s.Directory.Logo(ctx)
	if err != nil {
		return nil, err
	}
	return &logoGetOutput{ContentType: "image/png", CSP: logoCSP, Body: l.PNG}, nil
}

// deleteLogo removes the org's logo.
func (s *Server) deleteLogo(ctx context.Context, _ *struct{}) (*struct{}, error) {
	return nil, s.Directory.RemoveLogo(ctx)
}

// logoPath is where the logo named ref is served to anyone.
func logoPath(ref string) string {
	if ref == "" {
		return ""
	}
	return "/logo/" + ref + ".png"
}

// showLogo serves a logo by its name to buyer pages, emails and the app:
// its name is a hash of its bytes, so it may be cached for good.
func (s *Server) showLogo(c *fiber.Ctx) error {
	l, err := s.Buyers.Logo(c.UserContext(), c.Params("ref"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set("Content-Security-Policy", logoCSP)
	return c.Send(l.PNG)
}

// accentColour is an accent as its style sheet's path names it.
var accentColour = regexp.MustCompile(`^[0-9a-f]{6}$`)

// showAccent is the style sheet that gives a page the company's accent:
// pages may load no inline style (CSP), so the colour is a file, named by
// the colour itself and cached for good.
func (s *Server) showAccent(c *fiber.Ctx) error {
	hex := c.Params("hex")
	if !accentColour.MatchString(hex) {
		return fiber.NewError(fiber.StatusNotFound, "no such colour: write it as six lower-case hex digits")
	}
	c.Set(fiber.HeaderContentType, "text/css; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.SendString(":root { --accent: #" + hex + "; }\n")
}

// accentPath is the style sheet of accent (#rrggbb), or "" for none.
func accentPath(accent string) string {
	if len(accent) != 7 {
		return ""
	}
	return "/accent/" + accent[1:] + ".css"
}
