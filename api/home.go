package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// homePage is the signed-out home page's view model.
type homePage struct {
	Version string
	BaseURL string
}

// showHome is the newcomer's page: what Trustcard is, how to sign in and
// where developers start. A signed-in person goes on to the web app.
func (s *Server) showHome(c *fiber.Ctx) error {
	if surveys.ActorFromContext(c.UserContext()) != nil {
		return c.Redirect("/app", fiber.StatusSeeOther)
	}
	return s.Pages.Render(c, fiber.StatusOK, "home", "Welcome", homePage{Version: s.Version, BaseURL: s.BaseURL})
}
