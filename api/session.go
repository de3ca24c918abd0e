package api

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// sessionCookie is the session cookie's name. Over https it carries the
// __Host- prefix, which makes browsers keep it only when it is Secure,
// has Path=/ and names no domain, so no other host can set or overwrite
// it; browsers refuse that prefix without Secure, so plain http (a laptop,
// the tests) gets a plain name.
func (s *Server) sessionCookie() string {
	if s.secure() {
		return "__Host-tc_session"
	}
	return "tc_session"
}

// secure reports whether people reach Trustcard over https.
func (s *Server) secure() bool { return strings.HasPrefix(s.BaseURL, "https://") }

// setSessionCookie gives the browser the session token: HttpOnly (no
// script reads it), SameSite=Lax (not sent with other sites' POSTs),
// Secure over https. It lasts as long as a session may; the server ends
// the session sooner when it goes unused.
func (s *Server) setSessionCookie(c *fiber.Ctx, token string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: s.sessionCookie(), Value: token, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.secure(), Expires: expires})
}

// clearSessionCookie removes the cookie, with the same attributes, which
// browsers require to replace a __Host- cookie.
func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	s.setSessionCookie(c, "", time.Unix(0, 0))
}

// withSession puts the signed-in user's Actor into the context when the
// request carries a valid session cookie; pages decide what to show. It is
// also the one CSRF check of the web app: a request on a valid session
// that may change something (any method but GET and HEAD) must carry the
// session's CSRF token (see csrf.go), or it is refused with 403.
func (s *Server) withSession(c *fiber.Ctx) error {
	token := c.Cookies(s.sessionCookie())
	if token == "" {
		return c.Next()
	}
	actor, sess, err := s.Access.Authenticate(c.UserContext(), token)
	switch {
	case surveys.ErrorCode(err) == surveys.EUNAUTHORIZED:
		s.clearSessionCookie(c) // ended or expired: the request goes on signed out
		return c.Next()
	case err != nil:
		return err
	case !safeMethod(c.Method()) && !csrfMatches(c, sess.CSRF):
		s.Logger.Warn("CSRF token refused", "method", c.Method(), "route", c.Route().Path, "user", actor.UserID)
		return fiber.NewError(fiber.StatusForbidden, "This form has expired or came from another page; reload the page and try again.")
	}
	c.SetUserContext(surveys.NewContextWithActor(c.UserContext(), actor))
	c.Locals("csrf", sess.CSRF)
	c.Locals("session", sess.ID())
	return c.Next()
}

// requireAdmin lets signed-in admins through; others are sent to sign in
// or refused.
func (s *Server) requireAdmin(c *fiber.Ctx) error {
	a := surveys.ActorFromContext(c.UserContext())
	switch {
	case a == nil:
		return fiber.NewError(fiber.StatusUnauthorized, "Sign in first: ask for a sign-in link at /signin.")
	case a.Role != surveys.RoleAdmin:
		s.Logger.Warn("access refused", "path", c.Path(), "user", a.UserID)
		return fiber.NewError(fiber.StatusForbidden, "Only admins may see this page.")
	}
	return c.Next()
}

// signOut ends the session on the server and drops the cookie; withSession
// has checked the form's CSRF token.
func (s *Server) signOut(c *fiber.Ctx) error {
	if err := s.Access.SignOut(c.UserContext(), c.Cookies(s.sessionCookie())); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect("/", fiber.StatusSeeOther)
}
