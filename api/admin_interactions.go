package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// interactionsPage is the view model of /app/admin/interactions: recent
// interactions with what became of their surveys.
type interactionsPage struct {
	Query string
	Total int
	Items []*surveys.InteractionListing
	Pager pager
}

// showInteractions lists the org's interactions, newest first, searched by
// the buyer's email, the rep, or the external id.
func (s *Server) showInteractions(c *fiber.Ctx) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	q := c.Query("q")
	items, total, err := s.Delivery.FindInteractions(c.UserContext(), surveys.InteractionFilter{Query: q, Page: page})
	if err != nil {
		return err
	}
	p := interactionsPage{Query: q, Total: total, Items: items,
		Pager: newPager("Interactions", "/app/admin/interactions", queryValues(c), page, total)}
	return renderApp(s, c, "app_interactions", "Interactions", "/app/admin/interactions", p)
}
