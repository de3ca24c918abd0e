package api

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// The survey editor, /app/admin/survey: an admin words the questions in
// every language, previews the survey page and the email side by side in
// sandboxed frames, sends themselves a test email, and saves a new
// version. What is typed is kept as the admin's draft, which the previews
// and the test email show.

// showSurveyEditor shows the admin's draft, or the current wording.
func (s *Server) showSurveyEditor(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := s.Editor.Draft(ctx)
	if err != nil {
		return err
	}
	p, err := s.editorPage(c, d.Questions, surveys.Texts(d.Questions))
	if err != nil {
		return err
	}
	p.Draft = !d.UpdatedAt.IsZero()
	switch {
	case c.Query("saved") != "":
		p.Notice = "Saved as version " + c.Query("saved") + ": invitations created from now on get it; answers given before keep theirs."
	case c.Query("unchanged") != "":
		p.Notice = "Nothing changed, so no new version was made."
	case c.Query("sent") != "":
		p.Notice = "A test email in " + surveyCatalogue[p.Lang].LangName + " is on its way to " + p.Email +
			". It counts in no score, and its links open the preview, where nothing is saved."
	}
	return renderApp(s, c, "app_survey", "Survey", "/app/admin/survey", p)
}

// editorPage is the editor with qs (keys, kinds) worded as texts.
func (s *Server) editorPage(c *fiber.Ctx, qs []surveys.Question, texts surveys.QuestionTexts) (surveyEditorPage, error) {
	cur, err := s.Editor.Survey(c.UserContext())
	if err != nil {
		return surveyEditorPage{}, err
	}
	langs := s.Editor.Languages()
	lang := c.Query("lang", c.FormValue("lang"))
	if !slices.Contains(langs, lang) {
		lang = langs[0]
	}
	a := surveys.ActorFromContext(c.UserContext())
	next := cur.Version + 1
	if cur.ID == 0 {
		next = cur.Version
	}
	return surveyEditorPage{Version: cur.Version, NextVersion: next, Stored: cur.ID != 0, Lang: lang, Email: a.Name,
		Questions: newEditorQuestions(qs, texts, langs, "", ""), Languages: editorLanguages(langs, lang),
		Preview: editorPreview{Page: mail.PreviewPath(lang), Email: "/app/admin/survey/preview/" + lang + "/email"}}, nil
}

// saveSurvey (behind withSession's CSRF check) does what the editor's form asks: update the previews (keep
// the draft), send a test email, save a new version, or discard the
// draft. A refused wording shows the form again with what was typed. The
// editor's script asks for previews with X-Preview and gets 204, or 422
// with the reason.
func (s *Server) saveSurvey(c *fiber.Ctx) error {
	ctx := c.UserContext()
	texts := s.formTexts(c)
	lang := c.FormValue("lang")
	var err error
	next := "/app/admin/survey?lang=" + lang
	switch c.FormValue("action") {
	case "discard":
		err = s.Editor.DiscardDraft(ctx)
	case "publish":
		var tv *surveys.TemplateVersion
		var changed bool
		if tv, changed, err = s.Editor.Publish(ctx, texts); err == nil {
			next += "&saved=" + strconv.Itoa(tv.Version)
			if !changed {
				next = "/app/admin/survey?lang=" + lang + "&unchanged=1"
			}
		}
	case "test":
		if _, err = s.Editor.SaveDraft(ctx, texts); err == nil {
			err = s.Editor.SendTestSurvey(ctx, lang)
			next += "&sent=1"
		}
	default: // preview
		_, err = s.Editor.SaveDraft(ctx, texts)
		if c.Get("X-Preview") != "" && err == nil {
			return c.SendStatus(fiber.StatusNoContent)
		}
	}
	if surveys.ErrorCode(err) == surveys.EINVALID {
		return s.refuseWording(c, texts, err)
	}
	if err != nil {
		return err
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// refuseWording answers a wording the rules refuse: the reason for the
// editor's script, or the form again with what was typed and the reason
// beside the field.
func (s *Server) refuseWording(c *fiber.Ctx, texts surveys.QuestionTexts, err error) error {
	field, msg := surveys.ErrorDetail(err)
	if c.Get("X-Preview") != "" {
		return c.Status(fiber.StatusUnprocessableEntity).SendString(fieldLabel(field) + ": " + msg)
	}
	d, derr := s.Editor.Draft(c.UserContext())
	if derr != nil {
		return derr
	}
	p, perr := s.editorPage(c, d.Questions, texts)
	if perr != nil {
		return perr
	}
	p.Questions = newEditorQuestions(d.Questions, texts, s.Editor.Languages(), field, msg)
	p.Draft, p.Error = true, "Not saved: "+fieldLabel(field)+" "+msg
	chrome, cerr := s.chrome(c, "/app/admin/survey")
	if cerr != nil {
		return cerr
	}
	return s.Pages.Render(c, fiber.StatusUnprocessableEntity, "app_survey", "Survey", appView[surveyEditorPage]{Chrome: chrome, Page: p})
}

// fieldLabel names a wording's field for people: “understood” in German.
func fieldLabel(field string) string {
	rest, ok := strings.CutPrefix(field, "questions.")
	if !ok {
		return field
	}
	key, lang := rest, ""
	if i := strings.LastIndex(rest, "."); i > 0 {
		key, lang = rest[:i], rest[i+1:]
	}
	if t, ok := surveyCatalogue[lang]; ok {
		return "“" + key + "” in " + t.LangName
	}
	return "“" + key + "”"
}

// formTexts reads every question's text in every language from the form.
func (s *Server) formTexts(c *fiber.Ctx) surveys.QuestionTexts {
	texts := surveys.QuestionTexts{}
	form := c.Request().PostArgs()
	for _, q := range surveys.DefaultQuestions(nil) {
		for _, lang := range s.Editor.Languages() {
			// A survey created before a question joined the default one
			// (fit_honesty) has no fields for it.
			if name := fieldName(q.Key, lang); form.Has(name) {
				if texts[q.Key] == nil {
					texts[q.Key] = map[string]string{}
				}
				texts[q.Key][lang] = c.FormValue(name)
			}
		}
	}
	return texts
}
