package api

import (
	"maps"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// surveyPage is what survey.html and survey_done.html receive.
type surveyPage struct {
	T           surveyTexts
	Token       string
	Lang        string
	FormToken   string
	Questions   []questionView
	Comment     questionView
	ShareName   bool
	Provisional bool   // ?understood=N pre-selected an answer the page saves
	Heading     string // survey_done: the state's title
	Message     string // survey_done: the state's sentence
	Until       string // survey_done: when answers may no longer change
	Languages   []languageLink
	Preview     bool // the editor's preview, for a sample rep: nothing is saved
	Brand       brandView
	Problem     problemView // what the buyer was mainly trying to solve
}

// questionView is one question as the page shows it.
type questionView struct {
	Key, Text string
	Comment   string // the comment question's answer so far
	Options   []optionView
	Low, High string      // what the ends of the scale mean
	NA        *optionView // "it didn't come up", stored as 0; nil when the question does not offer it
}

type optionView struct {
	Value   int
	Label   string // read by screen readers beside the number
	Checked bool
}

type languageLink struct {
	Code, Name, URL string
	Current         bool
}

// showSurvey shows the survey, or the page of its state. It writes nothing:
// link scanners open every link in an email. The page's script reports the
// opening, and saves a rating pre-selected from the email, by POST.
func (s *Server) showSurvey(c *fiber.Ctx) error {
	noStore(c)
	token := c.Params("token")
	v, err := s.Buyers.OpenSurvey(c.UserContext(), token)
	if surveys.ErrorCode(err) == surveys.ENOTFOUND {
		lang := pageLanguage(c.Query("lang"), "", c.Get(fiber.HeaderAcceptLanguage))
		t := textsFor(lang, "")
		return s.Pages.RenderIn(c, fiber.StatusNotFound, "survey_done", lang, t.UnknownTitle,
			surveyPage{T: t, Lang: lang, Heading: t.UnknownTitle, Message: t.Unknown})
	}
	if err != nil {
		return err
	}
	lang := pageLanguage(c.Query("lang"), v.BuyerLocale, c.Get(fiber.HeaderAcceptLanguage))
	edit := c.Query("edit") != "" || c.Query(surveys.QUnderstood) != ""
	if v.State != surveys.SurveyOpen && !(v.State == surveys.SurveyAnswered && edit) {
		return s.renderSurveyState(c, v, lang)
	}
	p := newSurveyPage(v, lang, c.Query(surveys.QUnderstood))
	p.Token = token
	p.Languages = languageLinks(c, token, lang)
	return s.Pages.RenderIn(c, fiber.StatusOK, "survey", lang, p.T.Title, p)
}

// renderSurveyState shows the thank-you, expired or unsubscribed page.
func (s *Server) renderSurveyState(c *fiber.Ctx, v *surveys.SurveyView, lang string) error {
	p, status := surveyStatePage(c, v, lang)
	return s.Pages.RenderIn(c, status, "survey_done", lang, p.Heading, p)
}

// surveyStatePage is the page of v's state, and its status.
func surveyStatePage(c *fiber.Ctx, v *surveys.SurveyView, lang string) (surveyPage, int) {
	t := textsFor(lang, v.RepName)
	p := surveyPage{T: t, Token: c.Params("token"), Lang: lang, Languages: languageLinks(c, c.Params("token"), lang),
		Brand: newBrandView(v.Brand)}
	status := p.showState(v.State, t.Thanks)
	if status == fiber.StatusOK && v.State != surveys.SurveyUnsubscribed && !v.Invitation.ExpiresAt.IsZero() {
		p.Until = strings.ReplaceAll(t.ChangeUntil, "{date}", v.Invitation.ExpiresAt.Format("2006-01-02"))
	}
	return p, status
}

// showState puts the heading and message of a link's state on p (thanks
// for one answered) and returns the page's status.
func (p *surveyPage) showState(state surveys.SurveyState, thanks string) int {
	switch state {
	case surveys.SurveyExpired:
		p.Heading, p.Message = p.T.ExpiredTitle, p.T.Expired
		return fiber.StatusGone
	case surveys.SurveyUnsubscribed:
		p.Heading, p.Message = p.T.UnsubTitle, p.T.Unsub
	default:
		p.Heading, p.Message = p.T.ThanksTitle, thanks
	}
	return fiber.StatusOK
}

// newSurveyPage lays out v's questions in lang, with the stored answers,
// or the rating pre-selected from the email link.
func newSurveyPage(v *surveys.SurveyView, lang, preselect string) surveyPage {
	t := textsFor(lang, v.RepName)
	p := surveyPage{T: t, Lang: lang, FormToken: v.FormToken, Brand: newBrandView(v.Brand)}
	answers := map[string]int{}
	if v.Response != nil {
		maps.Copy(answers, v.Response.Answers)
		p.ShareName, p.Comment.Comment = v.Response.ShareName, v.Response.Comment
	}
	if n, err := strconv.Atoi(preselect); err == nil && n >= 1 && n <= 5 && answers[surveys.QUnderstood] != n {
		answers[surveys.QUnderstood] = n
		p.Provisional = true
	}
	for _, q := range v.Template.Questions {
		qv := questionView{Key: q.Key, Text: catalog.Default.Question(q, lang, v.RepName)}
		switch q.Kind {
		case surveys.KindText:
			p.Comment.Key, p.Comment.Text = qv.Key, qv.Text
			continue
		case surveys.KindScale:
			qv.Low, qv.High = t.ScaleLow, t.ScaleHigh
		default:
			qv.Low, qv.High = t.Scale[0], t.Scale[4]
		}
		lo, hi := q.Range()
		for n := lo; n <= hi; n++ {
			v, ok := answers[q.Key]
			o := optionView{Value: n, Checked: ok && v == n}
			if q.Kind == surveys.KindRating {
				o.Label = t.Scale[n-1]
			}
			qv.Options = append(qv.Options, o)
		}
		if q.NotApplicable {
			v, ok := answers[q.Key]
			qv.NA = &optionView{Value: 0, Label: t.NotApplicable, Checked: ok && v == 0}
		}
		p.Questions = append(p.Questions, qv)
	}
	p.Problem = newProblemView(v.Categories, v.Problem, lang)
	return p
}

// noStore keeps a buyer's page, with its answers and form token, out of
// every cache; its language follows Accept-Language.
func noStore(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Vary(fiber.HeaderAcceptLanguage)
}

// languageLinks are the switcher's links: this page in every language.
func languageLinks(c *fiber.Ctx, token, current string) []languageLink {
	langs := catalog.Default.Languages()
	links := make([]languageLink, 0, len(langs))
	for _, l := range langs {
		u := "/s/" + token + "?lang=" + l
		if c.Query("edit") != "" {
			u += "&edit=1"
		}
		if n, err := strconv.Atoi(c.Query(surveys.QUnderstood)); err == nil {
			u += "&" + surveys.QUnderstood + "=" + strconv.Itoa(n)
		}
		links = append(links, languageLink{Code: l, Name: surveyCatalogue[l].LangName, URL: u, Current: l == current})
	}
	return links
}
