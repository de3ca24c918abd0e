package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// requiredPages must exist; NewPages fails without them. Every other
// template file is a page too, except layout.html and partials (_*.html);
// pages named app_* are web-app pages, drawn with the partial _app.html.
var requiredPages = []string{"home", "docs", "error", "unsubscribe", "signin", "signin_link", "app_mail", "app_account", "app_digest", "survey", "survey_done", "trust_score"}

// Pages are the parsed page templates and the static files' address.
type Pages struct {
	pages      map[string]*template.Template
	staticRoot string // "/static/<content hash>"
	static     fs.FS
}

// pageData is what every page template receives.
type pageData struct {
	Title string
	Lang  string
	Data  any
}

// NewPages parses every page with the layout; it fails when a page is
// missing or does not parse, so a broken template stops the boot.
func NewPages(templates, static fs.FS) (*Pages, error) {
	hash, err := hashFS(static)
	if err != nil {
		return nil, fmt.Errorf("pages: hash static files: %w", err)
	}
	p := &Pages{pages: map[string]*template.Template{}, staticRoot: "/static/" + hash, static: static}
	funcs := template.FuncMap{"static": func(name string) string { return p.staticRoot + "/" + name }}
	files, err := fs.Glob(templates, "*.html")
	if err != nil {
		return nil, err
	}
	for _, file := range files {
		name := strings.TrimSuffix(file, ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		parts := []string{"layout.html", file}
		if strings.HasPrefix(name, "app_") {
			parts = []string{"layout.html", "_app.html", file}
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templates, parts...)
		if err != nil {
			return nil, fmt.Errorf("pages: parse %s: %w", name, err)
		}
		p.pages[name] = t
	}
	for _, name := range requiredPages {
		if p.pages[name] == nil {
			return nil, fmt.Errorf("pages: %s.html is missing", name)
		}
	}
	return p, nil
}

// Render writes page name with data as the response, in English.
func (p *Pages) Render(c *fiber.Ctx, status int, name, title string, data any) error {
	return p.RenderIn(c, status, name, "en", title, data)
}

// RenderIn writes page name, in language lang, with data as the response.
func (p *Pages) RenderIn(c *fiber.Ctx, status int, name, lang, title string, data any) error {
	page := p.pages[name]
	if page == nil {
		return fmt.Errorf("render: no page %s", name)
	}
	var buf bytes.Buffer
	if err := page.ExecuteTemplate(&buf, "layout", pageData{Title: title, Lang: lang, Data: data}); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(buf.Bytes())
}

// Error renders the error page.
func (p *Pages) Error(c *fiber.Ctx, status int, msg string) error {
	return p.Render(c, status, "error", http.StatusText(status), map[string]any{
		"Status": status, "Title": http.StatusText(status), "Message": msg})
}

// serveStatic serves frontend/static under a content-hashed path, cached
// for a year: a changed file gets a new address.
func (s *Server) serveStatic() {
	s.App.Use(s.Pages.staticRoot, func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		return c.Next()
	}, filesystem.New(filesystem.Config{Root: http.FS(s.Pages.static)}))
}

func hashFS(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:10], err
}
