package mail

import "trustcard/surveys"

// texts are the words of the survey email in one language. {rep} stands
// for the rep's first name and {name} for the buyer's name; like survey
// questions they are plain text, never templates.
//
// About fifteen strings in four languages need no i18n library: a Go map
// keeps them next to the code that uses them, and a test checks that every
// locale fills every field.
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

// catalogue holds texts for each of surveys.Locales.
var catalogue = map[string]texts{
	"en": {
		Subject:        "How did your conversation with {rep} go?",
		ReminderPrefix: "A quick reminder: ",
		Greeting:       "Hello {name},",
		GreetingNoName: "Hello,",
		Intro:          "You recently spoke with {rep}. Would you tell us how it went? It takes less than a minute.",
		Reminder:       "We have not heard from you yet, and your answer still helps.",
		TapHint:        "Tap a number to answer:",
		Scale:          surveys.RatingLabels["en"],
		FullSurvey:     "Open the survey",
		Unsubscribe:    "Don't want to receive these surveys?",
		UnsubscribeAct: "Unsubscribe",
	},
	"de": {
		Subject:        "Wie war Ihr Gespräch mit {rep}?",
		ReminderPrefix: "Kurze Erinnerung: ",
		Greeting:       "Guten Tag {name},",
		GreetingNoName: "Guten Tag,",
		Intro:          "Sie haben kürzlich mit {rep} gesprochen. Würden Sie uns sagen, wie es war? Es dauert weniger als eine Minute.",
		Reminder:       "Wir haben noch keine Antwort von Ihnen erhalten – Ihre Meinung hilft uns weiterhin.",
		TapHint:        "Tippen Sie auf eine Zahl, um zu antworten:",
		Scale:          surveys.RatingLabels["de"],
		FullSurvey:     "Zur Umfrage",
		Unsubscribe:    "Sie möchten diese Umfragen nicht mehr erhalten?",
		UnsubscribeAct: "Abmelden",
	},
	"fr": {
		Subject:        "Comment s'est passé votre échange avec {rep} ?",
		ReminderPrefix: "Petit rappel : ",
		Greeting:       "Bonjour {name},",
		GreetingNoName: "Bonjour,",
		Intro:          "Vous avez récemment échangé avec {rep}. Pourriez-vous nous dire comment cela s'est passé ? Cela prend moins d'une minute.",
		Reminder:       "Nous n'avons pas encore reçu votre réponse, et votre avis nous aide toujours.",
		TapHint:        "Touchez un chiffre pour répondre :",
		Scale:          surveys.RatingLabels["fr"],
		FullSurvey:     "Ouvrir le questionnaire",
		Unsubscribe:    "Vous ne souhaitez plus recevoir ces questionnaires ?",
		UnsubscribeAct: "Se désabonner",
	},
	"es": {
		Subject:        "¿Qué tal fue su conversación con {rep}?",
		ReminderPrefix: "Un breve recordatorio: ",
		Greeting:       "Hola, {name}:",
		GreetingNoName: "Hola:",
		Intro:          "Hace poco habló con {rep}. ¿Nos cuenta qué tal fue? Le llevará menos de un minuto.",
		Reminder:       "Todavía no hemos recibido su respuesta, y su opinión nos sigue ayudando.",
		TapHint:        "Toque un número para responder:",
		Scale:          surveys.RatingLabels["es"],
		FullSurvey:     "Abrir la encuesta",
		Unsubscribe:    "¿No desea recibir estas encuestas?",
		UnsubscribeAct: "Darse de baja",
	},
}

// textsFor returns the texts for locale ("de-AT" counts as "de"), and
// English for anything unsupported.
func textsFor(locale string) (string, texts) {
	l := surveys.NormalizeLocale(locale)
	if _, ok := catalogue[l]; !ok {
		l = "en"
	}
	return l, catalogue[l]
}
