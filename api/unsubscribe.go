package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// unsubscribePage is what unsubscribe.html receives.
type unsubscribePage struct {
	Brand brandView
	Token string
	Done  bool
}

// showUnsubscribe asks the buyer to confirm; a GET changes nothing, since
// link scanners open every link in an email.
func (s *Server) showUnsubscribe(c *fiber.Ctx) error {
	noStore(c)
	token := c.Params("token")
	brand, err := s.Buyers.BrandForToken(c.UserContext(), token)
	if err != nil {
		return err
	}
	return s.Pages.Render(c, fiber.StatusOK, "unsubscribe", "Unsubscribe", unsubscribePage{Brand: newBrandView(brand), Token: token})
}

// unsubscribe stops all mail to the buyer at once. It is also the RFC 8058
// one-click target (List-Unsubscribe-Post), which mail providers POST
// without a cookie or a form token, so it needs neither.
func (s *Server) unsubscribe(c *fiber.Ctx) error {
	ctx, token := c.UserContext(), c.Params("token")
	if err := s.Buyers.Unsubscribe(ctx, token); err != nil {
		return err
	}
	brand, err := s.Buyers.BrandForToken(ctx, token)
	if err != nil {
		return err
	}
	return s.Pages.Render(c, fiber.StatusOK, "unsubscribe", "Unsubscribed", unsubscribePage{Brand: newBrandView(brand), Done: true})
}

// brandView is the company as a page shows it: its name, its logo's
// address and its accent's style sheet.
type brandView struct {
	Company   string
	LogoURL   string // "" without a logo
	AccentCSS string // "" for the product's own
}

func newBrandView(b surveys.Brand) brandView {
	return brandView{Company: b.Company, LogoURL: logoPath(b.LogoRef), AccentCSS: accentPath(b.Accent)}
}
