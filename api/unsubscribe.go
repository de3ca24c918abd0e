package api

import "github.com/gofiber/fiber/v2"

// showUnsubscribe asks the buyer to confirm; a GET changes nothing, since
// link scanners open every link in an email.
func (s *Server) showUnsubscribe(c *fiber.Ctx) error {
	noStore(c)
	token := c.Params("token")
	if _, err := s.Buyers.InvitationForToken(c.UserContext(), token); err != nil {
		return err
	}
	return s.Pages.Render(c, fiber.StatusOK, "unsubscribe", "Unsubscribe", map[string]any{"Token": token, "Done": false})
}

// unsubscribe stops all mail to the buyer at once. It is also the RFC 8058
// one-click target (List-Unsubscribe-Post), which mail providers POST
// without a cookie or a form token, so it needs neither.
func (s *Server) unsubscribe(c *fiber.Ctx) error {
	if err := s.Buyers.Unsubscribe(c.UserContext(), c.Params("token")); err != nil {
		return err
	}
	return s.Pages.Render(c, fiber.StatusOK, "unsubscribe", "Unsubscribed", map[string]any{"Done": true})
}
