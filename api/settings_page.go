package api

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
	"trustcard/surveys/logo"
	"trustcard/surveys/mail"
)

const settingsPath = "/app/admin/settings"

// settingsAdminPage is the view model of /app/admin/settings.
type settingsAdminPage struct {
	Groups     []settingGroup
	LogoURL    string // "" without a logo
	AdminEmail string // where a test email goes
	Notice     string
	Error      string // why the form, the logo or the test email was refused
	Reply      string // the mail server's answer to a test email
	Captured   bool   // the test email was kept in captured mail
}

// showSettings shows the org's settings.
func (s *Server) showSettings(c *fiber.Ctx) error {
	p, err := s.settingsPage(c, nil, "", "")
	if err != nil {
		return err
	}
	switch {
	case c.Query("saved") != "":
		p.Notice = "Saved. New pages, emails and reports use these settings from now on."
	case c.Query("logo") == "set":
		p.Notice = "The logo is saved. It is on the survey page, in the email, at the top of the app and of every report card."
	case c.Query("logo") == "removed":
		p.Notice = "The logo is removed: your company's name stands alone."
	}
	return s.renderSettings(c, fiber.StatusOK, p)
}

func (s *Server) settingsPage(c *fiber.Ctx, typed map[string]string, field, problem string) (settingsAdminPage, error) {
	org, err := s.Directory.Settings(c.UserContext())
	if err != nil {
		return settingsAdminPage{}, err
	}
	a := surveys.ActorFromContext(c.UserContext())
	return settingsAdminPage{Groups: newSettingGroups(org, typed, field, problem), LogoURL: logoPath(org.LogoRef),
		AdminEmail: a.Name}, nil
}

func (s *Server) renderSettings(c *fiber.Ctx, status int, p settingsAdminPage) error {
	chrome, err := s.chrome(c, settingsPath)
	if err != nil {
		return err
	}
	return s.Pages.Render(c, status, "app_settings", "Settings", appView[settingsAdminPage]{Chrome: chrome, Page: p})
}

// saveSettings saves every setting of the form at once, or none: a
// refused form is shown again as typed, with the reason beside its field.
func (s *Server) saveSettings(c *fiber.Ctx) error {
	typed, patch, err := readSettingsForm(func(k string) string { return c.FormValue(k) })
	if err == nil {
		_, err = s.Directory.PatchOrg(c.UserContext(), patch)
	}
	if surveys.ErrorCode(err) != surveys.EINVALID {
		if err != nil {
			return err
		}
		return c.Redirect(settingsPath+"?saved=1", fiber.StatusSeeOther)
	}
	field, msg := surveys.ErrorDetail(err)
	p, perr := s.settingsPage(c, typed, field, msg)
	if perr != nil {
		return perr
	}
	p.Error = "nothing was saved: " + errorText(err)
	return s.renderSettings(c, fiber.StatusUnprocessableEntity, p)
}

// uploadLogo makes the uploaded file the org's logo; a refused file is
// named on the page with the status the API would answer.
func (s *Server) uploadLogo(c *fiber.Ctx) error {
	data, err := formFile(c, "logo")
	var l *surveys.Logo
	if err == nil {
		l, err = prepareLogo(data)
	}
	if err == nil {
		err = s.Directory.SetLogo(c.UserContext(), l)
	}
	if err != nil {
		return s.settingsProblem(c, err)
	}
	return c.Redirect(settingsPath+"?logo=set", fiber.StatusSeeOther)
}

// formFile reads the form's file field name, bounded by the upload limit.
func formFile(c *fiber.Ctx, name string) ([]byte, error) {
	fh, err := c.FormFile(name)
	if err != nil {
		return nil, surveys.Errorf(surveys.EINVALID, name, "choose a PNG or SVG file")
	}
	if fh.Size > logo.MaxUpload {
		return nil, huma.Error413RequestEntityTooLarge(name + ": the file is too large; at most 2 MB")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, logo.MaxUpload+1))
}

// removeLogo removes the org's logo.
func (s *Server) removeLogo(c *fiber.Ctx) error {
	if err := s.Directory.RemoveLogo(c.UserContext()); err != nil {
		return err
	}
	return c.Redirect(settingsPath+"?logo=removed", fiber.StatusSeeOther)
}

// sendTestEmail sends the admin an email through the configured mail
// server, from the org's sender, and shows what the server answered.
func (s *Server) sendTestEmail(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p, err := s.settingsPage(c, nil, "", "")
	if err != nil {
		return err
	}
	org, err := s.Directory.Settings(ctx)
	if err != nil {
		return err
	}
	m, err := mail.Check(org, p.AdminEmail, s.BaseURL, time.Now())
	if err != nil {
		return err
	}
	reply, err := mail.SendCheck(ctx, s.Sender, m)
	switch {
	case errors.Is(err, mail.ErrCaptured):
		p.Captured = true
	case err != nil:
		p.Error = "the mail server refused or could not be reached: " + err.Error()
		return s.renderSettings(c, fiber.StatusBadGateway, p)
	default:
		p.Reply = reply
		if p.Reply == "" {
			p.Reply = "accepted (the server said no more)"
		}
	}
	return s.renderSettings(c, fiber.StatusOK, p)
}

// settingsProblem shows the settings page with err's reason, and the
// status an API client would get for it.
func (s *Server) settingsProblem(c *fiber.Ctx, err error) error {
	status := s.problem(c.UserContext(), err).GetStatus()
	if status >= http.StatusInternalServerError || status == http.StatusForbidden || status == http.StatusNotFound {
		return err
	}
	p, perr := s.settingsPage(c, nil, "", "")
	if perr != nil {
		return perr
	}
	p.Error = "the logo was not saved: " + errDetail(s.problem(c.UserContext(), err))
	return s.renderSettings(c, status, p)
}
