package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// signInLinkPage is the view model of a sign-in link's page.
type signInLinkPage struct {
	Token string
	Next  string // the page of the web app to land on; "" for the start
}

// showSignIn asks to confirm, keeping ?next=; a GET signs nobody in,
// since link scanners open links.
func (s *Server) showSignIn(c *fiber.Ctx) error {
	p := signInLinkPage{Token: c.Params("token"), Next: surveys.ReturnPath(c.Query("next"))}
	return s.Pages.Render(c, fiber.StatusOK, "signin_link", "Sign in", p)
}

// signIn trades the one-time link for a new session and its cookie. The
// session this browser had before, if any, ends: every sign-in gets a new
// session id. A used or expired link gets the form to ask for a new one,
// and counts against the client's allowance of failed credentials; once
// that is spent, no link is tried from there for a while (429). It lands
// on the page the form's next names, if it is one of the web app.
func (s *Server) signIn(c *fiber.Ctx) error {
	if spent, err := s.signInClientSpent(c); spent {
		return err
	}
	token, _, err := s.Access.SignIn(c.UserContext(), c.Params("token"), c.Get(fiber.HeaderUserAgent))
	if surveys.ErrorCode(err) == surveys.ENOTFOUND {
		s.failures.take(clientAddr(c, s.limits.TrustedProxies), 1, time.Now())
		return s.renderSignIn(c, signInPage{Status: fiber.StatusNotFound, Next: surveys.ReturnPath(c.FormValue("next")),
			Notice: "That sign-in link has expired or was already used. Ask for a new one below."})
	}
	if err != nil {
		return err
	}
	if old := c.Cookies(s.sessionCookie()); old != "" {
		if err := s.Access.SignOut(c.UserContext(), old); err != nil {
			return err
		}
	}
	s.setSessionCookie(c, token, time.Now().Add(surveys.SessionMaxAge))
	return c.Redirect(landing(c.FormValue("next")), fiber.StatusSeeOther)
}
