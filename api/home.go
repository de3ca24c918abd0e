package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// showHome is the newcomer's page: what Trustcard is and where to go.
// Signed-in users also see how many reps and teams they can see.
func (s *Server) showHome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	actor := surveys.ActorFromContext(ctx)
	if actor != nil {
		return c.Redirect("/app", fiber.StatusSeeOther)
	}
	data := map[string]any{"Version": s.Version, "BaseURL": s.BaseURL, "User": actor, "CSRF": c.Locals("csrf")}
	if actor != nil {
		_, reps, err := s.Directory.FindReps(ctx, surveys.RepFilter{Page: surveys.Page{Limit: 1}})
		if err != nil {
			return err
		}
		_, teams, err := s.Directory.FindTeams(ctx, surveys.TeamFilter{Page: surveys.Page{Limit: 1}})
		if err != nil {
			return err
		}
		data["Reps"], data["Teams"] = reps, teams
	}
	return s.Pages.Render(c, fiber.StatusOK, "home", "Welcome", data)
}
