package api

import (
	"sync"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// workedExample is computed once, by the code that computes scores.
var workedExample = sync.OnceValue(func() surveys.WorkedExample { return surveys.NewWorkedExample(surveys.DefaultShrinkK) })

// outcomeExample is the worked example of the figures by outcome and the
// promise score, computed once by the same code.
var outcomeExample = sync.OnceValue(func() outcomeExampleView { return newOutcomeExampleView(surveys.DefaultShrinkK) })

// showTrustScore explains how the trust score is computed, with a worked
// example whose every number comes from the code that computes scores.
func (s *Server) showTrustScore(c *fiber.Ctx) error {
	data := map[string]any{
		"Example":     workedExample(),
		"LowBelow":    surveys.LowConfidenceBelow,
		"DefaultDays": surveys.DefaultWindowDays,
		"Diagnosis":   diagnosisExample(),
		"Outcomes":    outcomeExample(),
	}
	return s.Pages.Render(c, fiber.StatusOK, "trust_score", "How the trust score works", data)
}
