package api

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// promisePage is what promise.html receives; its states are drawn by
// survey_done.html from a surveyPage.
type promisePage struct {
	T         surveyTexts
	Token     string
	Lang      string
	FormToken string
	Heading   string
	Message   string
	Questions []questionView
	Languages []languageLink
	Brand     brandView
}

// showPromise shows the promise follow-up's two questions, or the page of
// its state. It writes nothing: link scanners open every link in an email.
func (s *Server) showPromise(c *fiber.Ctx) error {
	noStore(c)
	v, err := s.Buyers.OpenPromise(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	lang := pageLanguage(c.Query("lang"), v.BuyerLocale, c.Get(fiber.HeaderAcceptLanguage))
	if v.State != surveys.SurveyOpen && !(v.State == surveys.SurveyAnswered && c.Query("edit") != "") {
		return s.renderPromiseState(c, v, lang)
	}
	p := newPromisePage(c, v, lang)
	return s.Pages.RenderIn(c, fiber.StatusOK, "promise", lang, p.Heading, p)
}

// answerPromise takes the follow-up page's form, from its own page only.
func (s *Server) answerPromise(c *fiber.Ctx) error {
	noStore(c)
	if err := s.sameOrigin(c); err != nil {
		return err
	}
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationForm) {
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "send the form (application/x-www-form-urlencoded)")
	}
	var answers [2]int
	for i, key := range []string{surveys.QPromiseAccurate, surveys.QPromiseFits} {
		if val := c.FormValue(key); val != "" {
			n, err := strconv.Atoi(val)
			if err != nil {
				return surveys.Errorf(surveys.EINVALID, "answers."+key, "must be one whole number")
			}
			answers[i] = n
		}
	}
	v, err := s.Buyers.AnswerPromise(c.UserContext(), c.Params("token"), c.FormValue(fieldFormToken), answers[0], answers[1])
	if err != nil {
		return err
	}
	return s.renderPromiseState(c, v, pageLanguage(c.FormValue(fieldLang), v.BuyerLocale, c.Get(fiber.HeaderAcceptLanguage)))
}

// renderPromiseState shows the thank-you, expired or unsubscribed page.
func (s *Server) renderPromiseState(c *fiber.Ctx, v *surveys.PromiseView, lang string) error {
	t := textsFor(lang, v.RepName)
	p := surveyPage{T: t, Lang: lang, Brand: newBrandView(v.Brand), Languages: promiseLanguageLinks(c, lang)}
	status := p.showState(v.State, promiseText(lang, "thanks", v.RepName))
	return s.Pages.RenderIn(c, status, "survey_done", lang, p.Heading, p)
}

// newPromisePage lays out the two questions in lang with the stored answers.
func newPromisePage(c *fiber.Ctx, v *surveys.PromiseView, lang string) promisePage {
	p := promisePage{T: textsFor(lang, v.RepName), Token: c.Params("token"), Lang: lang, FormToken: v.FormToken,
		Heading: promiseText(lang, "title", v.RepName), Message: promiseText(lang, "intro", v.RepName),
		Languages: promiseLanguageLinks(c, lang), Brand: newBrandView(v.Brand)}
	var scale [5]string
	for i := range scale {
		scale[i] = promiseText(lang, "s"+strconv.Itoa(i+1), "")
	}
	f := v.FollowUp
	for _, q := range []struct {
		key    string
		answer int
	}{{surveys.QPromiseAccurate, f.Accurate}, {surveys.QPromiseFits, f.Fits}} {
		qv := questionView{Key: q.key, Text: promiseText(lang, q.key, v.RepName), Low: scale[0], High: scale[4]}
		for n := 1; n <= 5; n++ {
			qv.Options = append(qv.Options, optionView{Value: n, Label: scale[n-1], Checked: q.answer == n})
		}
		p.Questions = append(p.Questions, qv)
	}
	return p
}

// promiseText is the catalogue's promise.key in lang, with {rep} filled in.
func promiseText(lang, key, rep string) string {
	return strings.ReplaceAll(catalog.Default.Text(lang, "promise."+key), "{rep}", rep)
}

// promiseLanguageLinks are the switcher's links: this page in every language.
func promiseLanguageLinks(c *fiber.Ctx, current string) []languageLink {
	var links []languageLink
	for _, l := range catalog.Default.Languages() {
		links = append(links, languageLink{Code: l, Name: surveyCatalogue[l].LangName,
			URL: "/p/" + c.Params("token") + "?lang=" + l, Current: l == current})
	}
	return links
}
