package api

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// Form fields of the survey page that are not questions.
const (
	fieldFormToken = "form_token"
	fieldLang      = "lang"
	fieldIntent    = "intent"
	fieldShareName = "share_name"
)

// What a POST to the survey page asks for.
const (
	intentSubmit = "submit" // the buyer pressed the button: show the thank-you page
	intentSave   = "save"   // the page saves a rating pre-selected from the email, provisionally
	intentOpen   = "open"   // the page reports that a person opened it
)

// formTokenResponse is what the page's script receives.
type formTokenResponse struct {
	FormToken string `json:"form_token"`
}

// submitSurvey takes the survey page's form. It accepts only the form of
// its own page: from this origin, with a form token that matches the
// answers stored now, so a replayed or forged POST writes nothing.
func (s *Server) submitSurvey(c *fiber.Ctx) error {
	noStore(c)
	if err := s.sameOrigin(c); err != nil {
		return err
	}
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationForm) {
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "send the survey form (application/x-www-form-urlencoded)")
	}
	token, form := c.Params("token"), c.FormValue(fieldFormToken)
	intent := c.FormValue(fieldIntent, intentSubmit)
	if intent == intentOpen {
		if err := s.Buyers.MarkSurveyOpened(c.UserContext(), token, form); err != nil {
			return err
		}
		return c.JSON(formTokenResponse{FormToken: form})
	}
	if intent != intentSubmit && intent != intentSave {
		return surveys.Errorf(surveys.EINVALID, fieldIntent, "must be submit, save or open")
	}
	a, err := readAnswer(c)
	if err != nil {
		return err
	}
	a.Provisional = intent == intentSave
	a.Client = s.surveyClient(c)
	v, err := s.Buyers.SubmitSurvey(c.UserContext(), token, form, a)
	if surveys.ErrorCode(err) == surveys.ECONFLICT {
		return s.closedSurvey(c, token, err)
	}
	if err != nil {
		return err
	}
	if intent == intentSave {
		return c.JSON(formTokenResponse{FormToken: v.FormToken})
	}
	return s.renderSurveyState(c, v, pageLanguage(c.FormValue(fieldLang), "", c.Get(fiber.HeaderAcceptLanguage)))
}

// closedSurvey answers a refused POST to an expired or unsubscribed link
// with that state's page, in the buyer's language, as a 409; any other
// conflict (a stale form) stays err.
func (s *Server) closedSurvey(c *fiber.Ctx, token string, err error) error {
	v, oerr := s.Buyers.OpenSurvey(c.UserContext(), token)
	if oerr != nil || (v.State != surveys.SurveyExpired && v.State != surveys.SurveyUnsubscribed) {
		return err
	}
	p, _ := surveyStatePage(c, v, pageLanguage(c.FormValue(fieldLang), v.BuyerLocale, c.Get(fiber.HeaderAcceptLanguage)))
	return s.Pages.RenderIn(c, fiber.StatusConflict, "survey_done", p.Lang, p.Heading, p)
}

// readAnswer reads the ratings, comment and share-name choice of the form.
// Every other field names a question; an empty one was skipped.
func readAnswer(c *fiber.Ctx) (surveys.Answer, error) {
	a := surveys.Answer{Ratings: map[string]int{}}
	var err error
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		key, val := string(k), string(v)
		switch {
		case err != nil:
		case key == fieldFormToken || key == fieldLang || key == fieldIntent:
		case key == fieldShareName:
			a.ShareName = val == "on"
		case key == surveys.QComment:
			a.Comment = val
		case key == fieldProblem:
			a.Problem.Category = val
		case key == fieldProblemNote:
			a.Problem.Note = val
		case val == "":
		default:
			_, twice := a.Ratings[key]
			n, perr := strconv.Atoi(val)
			if twice || perr != nil {
				err = surveys.Errorf(surveys.EINVALID, "answers."+key, "must be one whole number")
			}
			a.Ratings[key] = n
		}
	})
	return a, err
}

// sameOrigin refuses a POST that a browser says came from another site.
// Browsers that send Sec-Fetch-Site are believed; older ones are judged by
// Origin, which is "null" under our no-referrer policy (the form token then
// still ties the POST to its page).
func (s *Server) sameOrigin(c *fiber.Ctx) error {
	site, origin := c.Get("Sec-Fetch-Site"), c.Get(fiber.HeaderOrigin)
	cross := site != "" && site != "same-origin"
	if site == "" && origin != "" && origin != "null" {
		cross = origin != s.BaseURL && origin != c.BaseURL()
	}
	if cross {
		return surveys.Errorf(surveys.EFORBIDDEN, "", "this form may only be sent from its own survey page")
	}
	return nil
}
