package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// surveyClient is what the integrity checks learn of the browser that
// sends survey answers: its address and user agent (hashed by the domain,
// never stored), and the rep it is signed in to Trustcard as. The survey
// page is on the web app's origin, so its own POST carries the session
// cookie (SameSite=Lax lets a same-site POST through); the session is only
// read here, never required, and a buyer without one is simply signed out.
func (s *Server) surveyClient(c *fiber.Ctx) surveys.Client {
	cl := surveys.Client{Addr: clientAddr(c, s.limits.TrustedProxies), UserAgent: c.Get(fiber.HeaderUserAgent)}
	if token := c.Cookies(s.sessionCookie()); token != "" {
		if actor, _, err := s.Access.Authenticate(c.UserContext(), token); err == nil {
			cl.SignedInRepID = actor.RepID
		}
	}
	return cl
}
