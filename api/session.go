package api

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

const sessionCookie = "tc_session"

// withSession puts the signed-in user's Actor into the context when the
// request carries a valid session cookie; pages decide what to show.
func (s *Server) withSession(c *fiber.Ctx) error {
	token := c.Cookies(sessionCookie)
	if token == "" {
		return c.Next()
	}
	actor, sess, err := s.Access.Authenticate(c.UserContext(), token)
	if err == nil {
		c.SetUserContext(surveys.NewContextWithActor(c.UserContext(), actor))
		c.Locals("csrf", sess.CSRF)
	}
	return c.Next()
}

// requireAdmin lets signed-in admins through; others are sent to sign in
// or refused.
func (s *Server) requireAdmin(c *fiber.Ctx) error {
	a := surveys.ActorFromContext(c.UserContext())
	switch {
	case a == nil:
		return fiber.NewError(fiber.StatusUnauthorized, "Sign in with the link an admin gave you (trustcard user create).")
	case a.Role != surveys.RoleAdmin:
		s.Logger.Warn("access refused", "path", c.Path(), "user", a.UserID)
		return fiber.NewError(fiber.StatusForbidden, "Only admins may see this page.")
	}
	return c.Next()
}

// showSignIn asks to confirm; a GET signs nobody in, since link scanners
// open links.
func (s *Server) showSignIn(c *fiber.Ctx) error {
	return s.Pages.Render(c, fiber.StatusOK, "signin", "Sign in", map[string]any{"Token": c.Params("token")})
}

// signIn trades the one-time link for a session cookie.
func (s *Server) signIn(c *fiber.Ctx) error {
	token, _, err := s.Access.SignIn(c.UserContext(), c.Params("token"), c.Get(fiber.HeaderUserAgent))
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: token, Path: "/", HTTPOnly: true, SameSite: "Lax",
		Secure: strings.HasPrefix(s.BaseURL, "https://"), Expires: time.Now().Add(surveys.SessionTTL)})
	return c.Redirect("/app", fiber.StatusSeeOther)
}

// signOut ends the session on the server and drops the cookie. The form's
// CSRF token must match the session's.
func (s *Server) signOut(c *fiber.Ctx) error {
	if csrf, _ := c.Locals("csrf").(string); csrf == "" || c.FormValue("csrf") != csrf {
		return fiber.NewError(fiber.StatusForbidden, "This form has expired; reload the page and try again.")
	}
	if err := s.Access.SignOut(c.UserContext(), c.Cookies(sessionCookie)); err != nil {
		return err
	}
	c.ClearCookie(sessionCookie)
	return c.Redirect("/", fiber.StatusSeeOther)
}

// showDevMail lists the mail captured instead of sent, for admins.
func (s *Server) showDevMail(c *fiber.Ctx) error {
	msgs, total, err := s.Delivery.FindCapturedMail(c.UserContext(), surveys.Page{Limit: 50})
	if err != nil {
		return err
	}
	return renderApp(s, c, "app_mail", "Captured mail", "/app/admin/mail", capturedMailPage{Mail: msgs, Total: total})
}

// capturedMailPage is the captured mail's view model.
type capturedMailPage struct {
	Mail  []*surveys.CapturedMail
	Total int
}
