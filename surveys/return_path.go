package surveys

import (
	"net/url"
	"path"
	"strings"
)

// ReturnPath is raw when it may be where signing in lands: a page of the
// web app on this site ("/app/alerts/7", with its query), and "" for
// anything else — another site ("https://…", "//…", "/\…"), another part
// of this one, or text no browser should follow — so that no link can
// send a person elsewhere after they sign in.
func ReturnPath(raw string) string {
	raw, _, _ = strings.Cut(raw, "#")
	if len(raw) > 2000 || !strings.HasPrefix(raw, "/app/") || strings.ContainsAny(raw, "\\ ") {
		return ""
	}
	for _, r := range raw {
		if r < 0x20 || r == 0x7f {
			return ""
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(path.Clean(u.Path)+"/", "/app/") || strings.Contains(u.Path, "\\") {
		return ""
	}
	return raw
}
