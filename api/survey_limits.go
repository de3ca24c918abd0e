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
	perAddress = limit(l.BuyerPerAddress, time.Minute, reached, func(c *fiber.Ctx) string { return clientAddr(c, l.TrustedProxies) })
	perLink = limit(l.BuyerPerLink, time.Minute, reached, func(c *fiber.Ctx) string { return c.Params("token") })
	return perAddress, perLink
}

// limit lets max requests with the same key through per period, in this
// process; the next ones get reached's answer, with Retry-After set.
func limit(max int, period time.Duration, reached fiber.Handler, key func(*fiber.Ctx) string) fiber.Handler {
	return limiter.New(limiter.Config{Max: max, Expiration: period, LimitReached: reached, KeyGenerator: key})
}
