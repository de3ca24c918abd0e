package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// ssoPage is the view model of sso.html: a company sign-in that did not
// work, or an admin's test of it.
type ssoPage struct {
	Message string // why it did not work
	Test    *ssoTestResult
}

// ssoTestResult is what an admin's test sign-in found.
type ssoTestResult struct {
	Email, Name, Subject string
	Verified             string // "yes", "no" or "not said"
	User                 string // who would be signed in
	Role                 surveys.Role
	Created              bool // they would be created by signing in
}

func newSSOTestPage(res *surveys.SSOResult) ssoPage {
	id := res.Identity
	t := &ssoTestResult{Email: id.Email, Name: id.Name, Subject: id.Subject, Verified: "not said",
		User: res.User.Email, Role: res.User.Role, Created: res.Created}
	if id.EmailVerified != nil {
		t.Verified = map[bool]string{true: "yes", false: "no"}[*id.EmailVerified]
	}
	return ssoPage{Test: t}
}

// renderSSO writes sso.html with status.
func (s *Server) renderSSO(c *fiber.Ctx, status int, p ssoPage) error {
	title := "Company sign-in"
	if p.Test != nil {
		title = "Company sign-in works"
	}
	return s.Pages.Render(c, status, "sso", title, p)
}
