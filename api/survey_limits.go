package api

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
)

// buyerLimiters bound how often one client address (see clientAddr), and
// one survey link, may reach the buyer pages each minute. The counts live
// in this process: behind a load balancer each process counts on its own.
func buyerLimiters(l Limits) (perAddress, perLink fiber.Handler) {
	reached := func(c *fiber.Ctx) error {
		return fiber.NewError(fiber.StatusTooManyRequests, "too many requests; please wait a minute and try again")
	}
	perAddress = limiter.New(limiter.Config{Max: l.BuyerPerAddress, Expiration: time.Minute, LimitReached: reached,
		KeyGenerator: func(c *fiber.Ctx) string { return clientAddr(c, l.TrustedProxies) }})
	perLink = limiter.New(limiter.Config{Max: l.BuyerPerLink, Expiration: time.Minute, LimitReached: reached,
		KeyGenerator: func(c *fiber.Ctx) string { return c.Params("token") }})
	return perAddress, perLink
}
