package frontend_test

import (
	"html/template"
	"io/fs"
	"strings"
	"testing"

	"trustcard/frontend"
)

// Every page template parses together with the layout.
func TestTemplatesParse(t *testing.T) {
	pages, err := fs.Glob(frontend.Templates, "*.html")
	if err != nil || len(pages) < 2 {
		t.Fatalf("templates: %v, %v", pages, err)
	}
	funcs := template.FuncMap{"static": func(s string) string { return "/static/" + s }}
	for _, p := range pages {
		if p == "layout.html" {
			continue
		}
		if _, err := template.New(p).Funcs(funcs).ParseFS(frontend.Templates, "layout.html", p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// The stylesheet is embedded and uses the product's ink and accent.
func TestStaticCSS(t *testing.T) {
	b, err := fs.ReadFile(frontend.Static, "css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#1f2937", "#0f766e"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("app.css lacks %s", want)
		}
	}
}
