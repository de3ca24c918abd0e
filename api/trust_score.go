package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// showTrustScore explains how the trust score is computed, with a worked
// example whose every number comes from the code that computes scores.
func (s *Server) showTrustScore(c *fiber.Ctx) error {
	data := map[string]any{
		"Example":     surveys.NewWorkedExample(surveys.DefaultShrinkK),
		"LowBelow":    surveys.LowConfidenceBelow,
		"DefaultDays": surveys.DefaultWindowDays,
	}
	return s.Pages.Render(c, fiber.StatusOK, "trust_score", "How the trust score works", data)
}
