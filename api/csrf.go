package api

import (
	"crypto/subtle"

	"github.com/gofiber/fiber/v2"
)

// The web app's forms carry a CSRF token bound to the session: a random
// value kept in the session's row, put into every form (appChrome.CSRF)
// and compared in constant time by withSession on every request that may
// change something. Fiber's csrf middleware was not used: it keeps its
// tokens in per-process memory (or a store of its own), so processes
// behind a load balancer would not know each other's, and it would be a
// second session beside ours; the session row is already shared by every
// process and ends with the session.

// csrfHeader carries the token for requests that are not form posts.
const csrfHeader = "X-CSRF-Token"

// safeMethod reports whether method only reads.
func safeMethod(method string) bool {
	return method == fiber.MethodGet || method == fiber.MethodHead
}

// csrfMatches reports whether the request carries want, the session's
// CSRF token, in the form field csrf or the X-CSRF-Token header.
func csrfMatches(c *fiber.Ctx, want string) bool {
	got := c.FormValue("csrf")
	if got == "" {
		got = c.Get(csrfHeader)
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameSiteOnly refuses a form posted from another site to the signed-out
// forms (asking for a link, using one), which have no session to bind a
// token to: another site must not sign a visitor in as someone else, nor
// make their browser ask for links. Browsers say where a request comes
// from in Sec-Fetch-Site; a client that does not say is let through.
func (s *Server) sameSiteOnly(c *fiber.Ctx) error {
	if c.Get("Sec-Fetch-Site") == "cross-site" {
		s.Logger.Warn("cross-site form refused", "route", c.Route().Path)
		return fiber.NewError(fiber.StatusForbidden, "This form was sent from another site. Open Trustcard's own page and try again.")
	}
	return c.Next()
}
