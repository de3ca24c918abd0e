package api

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/mail"
)

// The editor's previews: the real survey page and the real survey email,
// worded as the admin's draft for a sample rep, each served from its own
// admin-only address into a sandboxed frame of the editor. Their policy
// sandboxes them on their own too (opened from a test email's link, for
// one): no script runs and no form is sent, and only the app may frame
// them.
const previewPolicy = "sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"

// previewHeaders replace the app's frame-ancestors 'none' for a preview.
func previewHeaders(c *fiber.Ctx) {
	c.Set("Content-Security-Policy", previewPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// previewLanguage is the preview's language from the path, or 404.
func (s *Server) previewLanguage(c *fiber.Ctx) (string, error) {
	lang := c.Params("lang")
	if !slices.Contains(s.Editor.Languages(), lang) {
		return "", fiber.NewError(fiber.StatusNotFound, "The survey has no language "+lang+".")
	}
	return lang, nil
}

// showPagePreview is the survey page as a buyer would see it, for Will,
// with the rating tapped in the email (?understood=N) chosen.
func (s *Server) showPagePreview(c *fiber.Ctx) error {
	lang, err := s.previewLanguage(c)
	if err != nil {
		return err
	}
	d, err := s.Editor.Draft(c.UserContext())
	if err != nil {
		return err
	}
	org, err := s.Directory.Settings(c.UserContext())
	if err != nil {
		return err
	}
	v := &surveys.SurveyView{State: surveys.SurveyOpen, RepName: surveys.SampleRepName,
		Template: &surveys.TemplateVersion{Questions: d.Questions}, Brand: org.Brand(), Categories: org.Settings.Diagnosis}
	p := newSurveyPage(v, lang, c.Query(surveys.QUnderstood))
	p.Token, p.Preview = surveys.TrialToken, true
	for _, l := range catalog.Default.Languages() {
		p.Languages = append(p.Languages, languageLink{Code: l, Name: surveyCatalogue[l].LangName,
			URL: mail.PreviewPath(l), Current: l == lang})
	}
	previewHeaders(c)
	return s.Pages.RenderIn(c, fiber.StatusOK, "survey", lang, p.T.Title, p)
}

// showEmailPreview is the survey email's HTML as the buyer's mail client
// would show it, for Will, to the signed-in admin.
func (s *Server) showEmailPreview(c *fiber.Ctx) error {
	lang, err := s.previewLanguage(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	d, err := s.Editor.Draft(ctx)
	if err != nil {
		return err
	}
	org, err := s.Directory.Settings(ctx)
	if err != nil {
		return err
	}
	a := surveys.ActorFromContext(ctx)
	o := surveys.TrialEmail(org, &surveys.User{Email: a.Name, Name: a.UserName},
		surveys.TrialPayload{Lang: lang, Questions: d.Questions})
	m, err := mail.TrialInvitation(o, s.BaseURL, "preview")
	if err != nil {
		return err
	}
	previewHeaders(c)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(m.HTML)
}
