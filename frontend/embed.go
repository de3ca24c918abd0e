// Package frontend holds the bytes of Trustcard's pages: HTML templates,
// CSS, small scripts and the buyers' message catalogues. It has no logic;
// api parses and serves these files, and surveys/catalog reads the
// catalogues.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:templates static locales
var files embed.FS

// Templates are the html/template files, one page each plus layout.html.
var Templates = mustSub("templates")

// Static are the files served under /static/.
var Static = mustSub("static")

// Locales are the message catalogues, one TOML file per language named by
// its language tag (en.toml, de.toml).
var Locales = mustSub("locales")

func mustSub(dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
