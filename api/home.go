package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// showHome is the newcomer's page: what Trustcard is and where to go.
func (s *Server) showHome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	org, err := s.Surveys.Store.FirstOrg(ctx)
	data := map[string]any{"Reps": 0, "Teams": 0, "Version": s.Version, "BaseURL": s.BaseURL,
		"User": surveys.ActorFromContext(ctx), "CSRF": c.Locals("csrf")}
	if err == nil {
		_, reps, _ := s.Surveys.Store.FindReps(ctx, surveys.RepFilter{OrgID: org.ID, Page: surveys.Page{Limit: 1}})
		_, teams, _ := s.Surveys.Store.FindTeams(ctx, surveys.TeamFilter{OrgID: org.ID, Page: surveys.Page{Limit: 1}})
		data["Reps"], data["Teams"] = reps, teams
	}
	return s.Pages.Render(c, fiber.StatusOK, "home", "Welcome", data)
}
