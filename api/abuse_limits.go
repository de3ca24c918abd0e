package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// The limits against abuse, each a token bucket per key in this process
// (see keyedLimiter): requests per API key, wrong API keys and unknown
// sign-in links per client address, and interactions per org. The buyer
// pages and asking for sign-in links keep their own per-minute and
// per-hour windows (survey_limits.go, signin.go).

// setRateLimitHeaders writes q as the IETF draft's RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset (seconds until the allowance is
// whole again).
func setRateLimitHeaders(set func(name, value string), q quota) {
	set("RateLimit-Limit", strconv.Itoa(q.Limit))
	set("RateLimit-Remaining", strconv.Itoa(q.Remaining))
	set("RateLimit-Reset", strconv.Itoa(int(q.Reset.Round(time.Second)/time.Second)))
}

// keyClientSpent reports whether the client of ctx has used up its
// allowance of failed credentials; if so it has answered 429.
func (s *Server) keyClientSpent(ctx huma.Context) bool {
	addr := clientAddr(humafiber.Unwrap(ctx), s.limits.TrustedProxies)
	spent, q := s.failures.spent(addr, time.Now())
	if !spent {
		return false
	}
	ctx.SetHeader(fiber.HeaderRetryAfter, strconv.Itoa(wholeSeconds(q.Wait)))
	_ = huma.WriteErr(s.api, ctx, http.StatusTooManyRequests, fmt.Sprintf(
		"too many wrong API keys from this address (limit %d a minute); wait %d s and check the key you send", s.limits.FailedCredentials.perMinute(), wholeSeconds(q.Wait)))
	return true
}

// keyFailed counts a wrong API key against the client of ctx.
func (s *Server) keyFailed(ctx huma.Context) {
	s.failures.take(clientAddr(humafiber.Unwrap(ctx), s.limits.TrustedProxies), 1, time.Now())
}

// keyWithinRate spends one request of the key's allowance and sets the
// RateLimit headers; over it, it has answered 429.
func (s *Server) keyWithinRate(ctx huma.Context, keyID int64) bool {
	if s.limits.APIKey.PerSecond == 0 {
		return true
	}
	ok, q := s.keyRate.take(strconv.FormatInt(keyID, 10), 1, time.Now())
	setRateLimitHeaders(ctx.SetHeader, q)
	if ok {
		return true
	}
	ctx.SetHeader(fiber.HeaderRetryAfter, strconv.Itoa(wholeSeconds(q.Wait)))
	_ = huma.WriteErr(s.api, ctx, http.StatusTooManyRequests, fmt.Sprintf(
		"this API key is over its rate of %g requests a second (%d at once); wait %d s, or spread the requests out",
		s.limits.APIKey.PerSecond, s.limits.APIKey.Burst, wholeSeconds(q.Wait)))
	return false
}

// takeIngest spends n interactions of the org's allowance, or says, before
// anything is written, why they cannot be taken now.
func (s *Server) takeIngest(ctx context.Context, n int) error {
	l := s.limits.Ingest
	a := surveys.ActorFromContext(ctx)
	if l.PerSecond == 0 || a == nil {
		return nil
	}
	perMinute := l.perMinute()
	if n > l.Burst {
		return surveys.Errorf(surveys.EINVALID, "items", "%d interactions are more than the org may post at once (%d, regained at %d a minute); send smaller batches", n, l.Burst, perMinute)
	}
	ok, q := s.ingest.take(strconv.FormatInt(a.OrgID, 10), n, time.Now())
	if ok {
		return nil
	}
	wait := wholeSeconds(q.Wait)
	h := http.Header{}
	h.Set(fiber.HeaderRetryAfter, strconv.Itoa(wait))
	setRateLimitHeaders(h.Set, q)
	return huma.ErrorWithHeaders(huma.Error429TooManyRequests(fmt.Sprintf(
		"the org's limit of %d interactions a minute is reached (%d left now); nothing was recorded: send these %d again in %d s",
		perMinute, q.Remaining, n, wait)), h)
}

// signInClientSpent answers 429 with the sign-in form when the client has
// used up its allowance of failed credentials.
func (s *Server) signInClientSpent(c *fiber.Ctx) (bool, error) {
	spent, q := s.failures.spent(clientAddr(c, s.limits.TrustedProxies), time.Now())
	if !spent {
		return false, nil
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(wholeSeconds(q.Wait)))
	return true, s.renderSignIn(c, signInPage{Status: fiber.StatusTooManyRequests,
		Notice: "Too many sign-in links that do not work were opened from here. Please wait " +
			durationText(time.Duration(max(wholeSeconds(q.Wait), 60))*time.Second) + " and try again, or ask for a new link below."})
}
