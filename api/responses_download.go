package api

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// downloadTeamResponses serves every response counted toward a team (its
// sub-teams included) in the period ?from=&to= as CSV, to a signed-in
// leader of the team or an admin; anyone else finds nothing there. Cells
// a spreadsheet would run as formulas are neutralised (NeutralizeCell).
func (s *Server) downloadTeamResponses(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	w, err := s.window(ctx, WindowParams{From: c.Query("from"), To: c.Query("to")})
	if err != nil {
		return err
	}
	// Responses are narrowed to what the person may see anyway; the team
	// is looked up first so that another's team is "not found", not empty.
	if _, err := s.Directory.FindTeamByID(ctx, id); err != nil {
		return err
	}
	views, _, err := s.Scores.FindResponses(ctx, w, surveys.ResponseFilter{TeamIDs: []int64{id}, Page: surveys.Page{Limit: -1}})
	if err != nil {
		return err
	}
	body, err := responsesCSV(views)
	if err != nil {
		return err
	}
	p := w.Period()
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, attachment(fmt.Sprintf("team-%d-responses-%s-%s.csv", id, p.From, p.To)))
	return c.Send(body)
}
