package api

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// ssoAdminPage is the view model of /app/admin/sso. The client secret is
// never in it: only whether one is set.
type ssoAdminPage struct {
	Settings    surveys.SSOSettings
	Issuer      string // as typed, when the form was refused
	ClientID    string
	CreateRole  surveys.Role
	RedirectURL string // to register at the identity provider
	TestURL     string // a sign-in that signs nobody in
	Notice      string
	Error       string
	ErrorField  string
}

// showSSOSettings shows the org's single sign-on.
func (s *Server) showSSOSettings(c *fiber.Ctx) error {
	set, err := s.SSO.Settings(c.UserContext())
	if err != nil {
		return err
	}
	p := s.ssoAdminPage(c, set)
	switch {
	case c.Query("saved") != "":
		p.Notice = "Saved. Test it below before telling people: the test signs nobody in."
	case c.Query("off") != "":
		p.Notice = "Single sign-on is off. Sign-in links keep working."
	}
	return renderApp(s, c, "app_sso", "Single sign-on", "/app/admin/sso", p)
}

func (s *Server) ssoAdminPage(c *fiber.Ctx, set *surveys.SSOSettings) ssoAdminPage {
	a := surveys.ActorFromContext(c.UserContext())
	return ssoAdminPage{Settings: *set, Issuer: set.Issuer, ClientID: set.ClientID, CreateRole: set.CreateRole,
		RedirectURL: s.SSORedirectURL(), TestURL: fmt.Sprintf("/signin/sso?test=1&org=%d", a.OrgID)}
}

// saveSSOSettings saves the form (behind withSession's CSRF check), or
// turns single sign-on off; a refused form is shown again with the reason
// beside its field. The secret typed is never shown again.
func (s *Server) saveSSOSettings(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if c.FormValue("action") == "off" {
		if err := s.SSO.TurnOff(ctx); err != nil {
			return err
		}
		return c.Redirect("/app/admin/sso?off=1", fiber.StatusSeeOther)
	}
	u := surveys.SSOUpdate{Issuer: c.FormValue("issuer"), ClientID: c.FormValue("client_id"),
		ClientSecret: c.FormValue("client_secret"), CreateRole: surveys.Role(c.FormValue("create_role"))}
	err := s.SSO.Configure(ctx, u)
	if surveys.ErrorCode(err) != surveys.EINVALID {
		if err != nil {
			return err
		}
		return c.Redirect("/app/admin/sso?saved=1", fiber.StatusSeeOther)
	}
	set, serr := s.SSO.Settings(ctx)
	if serr != nil {
		return serr
	}
	p := s.ssoAdminPage(c, set)
	p.Issuer, p.ClientID, p.CreateRole = u.Issuer, u.ClientID, u.CreateRole
	p.ErrorField, p.Error = surveys.ErrorDetail(err)
	chrome, cerr := s.chrome(c, "/app/admin/sso")
	if cerr != nil {
		return cerr
	}
	return s.Pages.Render(c, fiber.StatusUnprocessableEntity, "app_sso", "Single sign-on", appView[ssoAdminPage]{Chrome: chrome, Page: p})
}
