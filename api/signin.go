package api

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// signInPage is the view model of /signin: the form asking for an email
// address, and what became of the last request.
type signInPage struct {
	Email   string // as typed, when it was not an address
	Error   string // what is wrong with Email
	Notice  string // why the person is here, such as a used link
	Sent    bool   // a link is on its way, if the address has an account
	Expires string // how long an emailed link works, such as "1 hour"
	Status  int    // the answer's HTTP status
	SSO     string // the company whose account signs in, when single sign-on is set up
	Next    string // the page of the web app to land on (surveys.ReturnPath); "" for the start
}

// showSignInForm asks for an email address, keeping ?next= for the link
// and single sign-on; signed-in people go on to the web app.
func (s *Server) showSignInForm(c *fiber.Ctx) error {
	if surveys.ActorFromContext(c.UserContext()) != nil {
		return c.Redirect(landing(c.Query("next")), fiber.StatusSeeOther)
	}
	return s.renderSignIn(c, signInPage{Next: surveys.ReturnPath(c.Query("next"))})
}

// requestSignInLink asks for a link to be emailed. The answer is the same
// page, with the same words, whether or not the address has an account.
func (s *Server) requestSignInLink(c *fiber.Ctx) error {
	email, next := c.FormValue("email"), surveys.ReturnPath(c.FormValue("next"))
	ttl, err := s.Access.RequestSignInLink(c.UserContext(), email, next)
	if surveys.ErrorCode(err) == surveys.EINVALID {
		_, msg := surveys.ErrorDetail(err)
		return s.renderSignIn(c, signInPage{Email: email, Error: msg, Status: fiber.StatusUnprocessableEntity, Next: next})
	}
	if err != nil {
		return err
	}
	return s.renderSignIn(c, signInPage{Sent: true, Expires: durationText(ttl), Next: next})
}

// signInLimitReached answers a request over a sign-in limit: the form
// again, saying how long to wait (the limiter has set Retry-After).
func (s *Server) signInLimitReached(c *fiber.Ctx) error {
	wait, _ := strconv.Atoi(string(c.Response().Header.Peek(fiber.HeaderRetryAfter)))
	return s.renderSignIn(c, signInPage{Status: fiber.StatusTooManyRequests, Next: surveys.ReturnPath(c.FormValue("next")),
		Notice: "Too many sign-in links were asked for from here or for this address. Please wait " +
			durationText(time.Duration(max(wait, 60))*time.Second) + " and try again; a link already sent still works."})
}

// signInLimiters bound the links asked for per client address and per
// email address each hour, in this process.
func (s *Server) signInLimiters() (perAddress, perEmail fiber.Handler) {
	l := s.limits
	perAddress = limit(l.SignInPerAddress, time.Hour, s.signInLimitReached, func(c *fiber.Ctx) string { return clientAddr(c, l.TrustedProxies) })
	perEmail = limit(l.SignInPerEmail, time.Hour, s.signInLimitReached, func(c *fiber.Ctx) string {
		return surveys.NormalizeEmail(c.FormValue("email"))
	})
	return perAddress, perEmail
}

func (s *Server) renderSignIn(c *fiber.Ctx, p signInPage) error {
	if org, err := s.SSO.Available(c.UserContext(), 0); err == nil {
		p.SSO = org.Name
	} else if code := surveys.ErrorCode(err); code != surveys.ENOTFOUND {
		return err
	}
	if p.Status == 0 {
		p.Status = fiber.StatusOK
	}
	return s.Pages.Render(c, p.Status, "signin", "Sign in", p)
}

// durationText says d in whole days, hours or minutes, such as "14 days",
// "1 hour" or "5 minutes".
func durationText(d time.Duration) string {
	n, unit := int(d.Round(time.Minute)/time.Minute), "minute"
	for _, u := range []struct {
		per  int
		name string
	}{{60, "hour"}, {24, "day"}} {
		if n < u.per || n%u.per != 0 {
			break
		}
		n, unit = n/u.per, u.name
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}
