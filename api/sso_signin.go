package api

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"trustcard/surveys"
)

// Single sign-on: /signin/sso sends the browser to the company's identity
// provider, keeping the attempt's state, nonce and PKCE verifier sealed in
// a short-lived HttpOnly cookie of this path; the provider sends it back
// to /signin/sso/callback, which checks them, and the domain matches the
// verified email to a user and starts a session as a sign-in link does.

// ssoCookie keeps one sign-in attempt, for SSOAttemptTTL; ssoNextCookie
// the page of the web app it lands on (?next= of /signin/sso).
const (
	ssoCookie     = "tc_sso"
	ssoNextCookie = "tc_sso_next"
)

// ssoCallbackPath is where the identity provider sends people back: the
// redirect URL to register there is the base URL followed by it.
const ssoCallbackPath = "/signin/sso/callback"

// SSORedirectURL is the redirect URL to register at the identity provider.
func (s *Server) SSORedirectURL() string { return s.BaseURL + ssoCallbackPath }

// ssoLimiter bounds the sign-ins one client address may start or finish
// each minute, in this process.
func (s *Server) ssoLimiter() fiber.Handler {
	return limiter.New(limiter.Config{Max: 30, Expiration: time.Minute,
		KeyGenerator: func(c *fiber.Ctx) string { return clientAddr(c, s.limits.TrustedProxies) },
		LimitReached: func(c *fiber.Ctx) error {
			return s.renderSSO(c, fiber.StatusTooManyRequests, ssoPage{Message: "Too many sign-ins were started from here. Please wait a minute and try again."})
		}})
}

// startSSO sends the browser to the identity provider of the org
// (?org=ID, else the first), to land on ?next= once back, or, with ?test=1, lets a signed-in admin test
// the set-up without signing in.
func (s *Server) startSSO(c *fiber.Ctx) error {
	orgID, _ := strconv.ParseInt(c.Query("org"), 10, 64)
	start, err := s.SSO.Begin(c.UserContext(), orgID, s.SSORedirectURL(), c.Query("test") != "")
	if code := surveys.ErrorCode(err); code == surveys.ENOTFOUND || code == surveys.EFORBIDDEN {
		_, msg := surveys.ErrorDetail(err)
		return s.renderSSO(c, codes[code], ssoPage{Message: msg})
	}
	if err != nil {
		return s.ssoTrouble(c, err)
	}
	s.setSSOCookie(c, ssoCookie, start.Flow)
	s.setSSOCookie(c, ssoNextCookie, surveys.ReturnPath(c.Query("next")))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(start.AuthURL, fiber.StatusSeeOther)
}

// finishSSO is where the identity provider sends the browser back. A
// sign-in that fails in any way creates nothing and says why; one that
// works ends the browser's previous session and starts a new one.
func (s *Server) finishSSO(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	flow, next := c.Cookies(ssoCookie), c.Cookies(ssoNextCookie)
	s.setSSOCookie(c, ssoCookie, "")
	s.setSSOCookie(c, ssoNextCookie, "")
	if e := c.Query("error"); e != "" {
		s.Logger.Warn("company sign-in refused by the identity provider", "error", e)
		return s.renderSSO(c, fiber.StatusUnauthorized, ssoPage{Message: "Your company's sign-in did not sign you in (" +
			firstNonEmpty(c.Query("error_description"), e) + ")."})
	}
	if c.Query("state") == "" || c.Query("code") == "" {
		return s.renderSSO(c, fiber.StatusBadRequest, ssoPage{Message: "This address is for your company's sign-in to come back to; it needs the state and code it sends."})
	}
	res, err := s.SSO.Finish(c.UserContext(), flow, c.Query("state"), c.Query("code"), s.SSORedirectURL(), c.Get(fiber.HeaderUserAgent))
	if err != nil {
		return s.ssoTrouble(c, err)
	}
	if res.Test {
		return s.renderSSO(c, fiber.StatusOK, newSSOTestPage(res))
	}
	if old := c.Cookies(s.sessionCookie()); old != "" {
		if err := s.Access.SignOut(c.UserContext(), old); err != nil {
			return err
		}
	}
	s.setSessionCookie(c, res.Token, time.Now().Add(surveys.SessionMaxAge))
	return c.Redirect(landing(next), fiber.StatusSeeOther)
}

// setSSOCookie keeps value in the HttpOnly cookie name of /signin/sso for
// one attempt; an empty value removes it.
func (s *Server) setSSOCookie(c *fiber.Ctx, name, value string) {
	ck := &fiber.Cookie{Name: name, Value: value, Path: "/signin/sso", HTTPOnly: true, Secure: s.secure(),
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(surveys.SSOAttemptTTL.Seconds())}
	if value == "" {
		ck.MaxAge, ck.Expires = 0, time.Unix(0, 0)
	}
	c.Cookie(ck)
}

// ssoTrouble answers a company sign-in that did not work: why, in words
// for the person, and in the log with the cause.
func (s *Server) ssoTrouble(c *fiber.Ctx, err error) error {
	code := surveys.ErrorCode(err)
	if code == surveys.EINTERNAL || code == surveys.EUNAVAILABLE {
		return err
	}
	s.Logger.Warn("company sign-in refused", "err", err, "request_id", c.Locals(requestIDKey))
	_, msg := surveys.ErrorDetail(err)
	return s.renderSSO(c, codes[code], ssoPage{Message: msg})
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
