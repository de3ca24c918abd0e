package mail

import "trustcard/surveys/catalog"

// texts are the words of the survey email in one language, from the
// message catalogue (frontend/locales, [email] and [rating]). {rep} stands
// for the rep's first name and {name} for the buyer's name; like survey
// questions they are plain text, never templates.
type texts struct {
	Subject        string // {rep}
	ReminderPrefix string // put before Subject in a reminder
	Greeting       string // {name}
	GreetingNoName string
	Intro          string // {rep}
	Reminder       string
	TapHint        string
	Scale          [5]string // 1 strongly disagree … 5 strongly agree
	FullSurvey     string
	Unsubscribe    string // the sentence before the link
	UnsubscribeAct string // the link's label
}

// catalogue holds texts for every language of the catalogue, read once
// when the package loads.
var catalogue = catalog.ByLanguage(catalog.Default, newTexts)

func newTexts(c *catalog.Catalog, lang string) texts {
	email := func(key string) string { return c.Text(lang, "email."+key) }
	return texts{
		Subject: email("subject"), ReminderPrefix: email("reminder_prefix"),
		Greeting: email("greeting"), GreetingNoName: email("greeting_no_name"),
		Intro: email("intro"), Reminder: email("reminder"), TapHint: email("tap_hint"), Scale: c.Scale(lang),
		FullSurvey: email("full_survey"), Unsubscribe: email("unsubscribe"), UnsubscribeAct: email("unsubscribe_action"),
	}
}

// textsFor returns the language of the catalogue nearest to locale
// ("de-AT" reads German) and its texts; English when none is near.
func textsFor(locale string) (string, texts) {
	lang, _ := catalog.Default.Match(locale)
	return lang, catalogue[lang]
}
