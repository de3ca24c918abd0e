package api

import (
	"strings"

	"trustcard/surveys/catalog"
)

// surveyTexts are the words of the buyer's survey page in one language,
// from the message catalogue (frontend/locales, [page] and [language]).
// {rep} stands for the rep's first name and {date} for a date.
type surveyTexts struct {
	LangName      string // the language's own name, for the switcher
	LangLabel     string
	Title         string // {rep}
	Intro         string
	Scale         [5]string // 1 strongly disagree … 5 strongly agree
	ScaleLow      string    // 0 on the 0–10 scale
	ScaleHigh     string    // 10 on the 0–10 scale
	CommentHint   string
	ShareName     string // {rep}
	ShareNameHint string // {rep}
	Submit        string
	NotApplicable string // the "it didn't come up" choice of a question that offers it
	Saved         string // the rating tapped in the email is kept, provisionally
	ThanksTitle   string
	Thanks        string // {rep}
	ChangeUntil   string // {date}
	Change        string
	ExpiredTitle  string
	Expired       string
	UnsubTitle    string
	Unsub         string
	UnknownTitle  string
	Unknown       string
	Problem       string // "What were you mainly trying to solve?"
	ProblemHint   string
	ProblemNote   string // the free line's label
}

// surveyCatalogue holds surveyTexts for every language of the catalogue.
var surveyCatalogue = catalog.ByLanguage(catalog.Default, newSurveyTexts)

func newSurveyTexts(c *catalog.Catalog, lang string) surveyTexts {
	page := func(key string) string { return c.Text(lang, "page."+key) }
	return surveyTexts{
		LangName: c.Text(lang, "language.name"), LangLabel: c.Text(lang, "language.label"),
		Title: page("title"), Intro: page("intro"),
		Scale: c.Scale(lang), ScaleLow: page("scale_low"), ScaleHigh: page("scale_high"),
		CommentHint: page("comment_hint"), ShareName: page("share_name"), ShareNameHint: page("share_name_hint"),
		Submit: page("submit"), Saved: page("saved"), NotApplicable: page("not_applicable"),
		ThanksTitle: page("thanks_title"), Thanks: page("thanks"), ChangeUntil: page("change_until"), Change: page("change"),
		ExpiredTitle: page("expired_title"), Expired: page("expired"),
		UnsubTitle: page("unsubscribed_title"), Unsub: page("unsubscribed"),
		UnknownTitle: page("unknown_title"), Unknown: page("unknown"),
		Problem: page("problem"), ProblemHint: page("problem_hint"), ProblemNote: page("problem_note"),
	}
}

// textsFor returns the page's words in lang with {rep} filled in.
func textsFor(lang, rep string) surveyTexts {
	t := surveyCatalogue[lang]
	for _, p := range []*string{&t.Title, &t.ShareName, &t.ShareNameHint, &t.Thanks} {
		*p = strings.ReplaceAll(*p, "{rep}", rep)
	}
	return t
}

// pageLanguage picks the page's language: the switcher's choice, else the
// buyer's locale, else the browser's Accept-Language, else English; each
// matched to the nearest language of the catalogue.
func pageLanguage(chosen, buyer, acceptLanguage string) string {
	for _, l := range []string{chosen, buyer} {
		if lang, ok := catalog.Default.Match(l); ok {
			return lang
		}
	}
	lang, _ := catalog.Default.MatchAccept(acceptLanguage)
	return lang
}
