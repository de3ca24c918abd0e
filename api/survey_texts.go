package api

import (
	"strconv"
	"strings"

	"trustcard/surveys"
)

// surveyTexts are the words of the buyer's survey page in one language.
// {rep} stands for the rep's first name and {date} for a date. Like the
// email's, about twenty strings in four languages need no i18n library: a
// map keeps them beside the page, and a test checks every locale fills
// every field.
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
}

// surveyCatalogue holds surveyTexts for each of surveys.Locales.
var surveyCatalogue = map[string]surveyTexts{
	"en": {
		LangName: "English", LangLabel: "Language",
		Title:    "How was your conversation with {rep}?",
		Intro:    "Five quick questions. Answer only those you like; it takes less than a minute.",
		Scale:    surveys.RatingLabels["en"],
		ScaleLow: "not at all likely", ScaleHigh: "extremely likely",
		CommentHint:   "Optional, up to 2,000 characters.",
		ShareName:     "Share my name with {rep}",
		ShareNameHint: "If you leave this off, {rep} sees your answers and comment without your name or company.",
		Submit:        "Send my answers",
		Saved:         "Your rating is noted. Add more if you like, then send so that it counts.",
		ThanksTitle:   "Thank you!",
		Thanks:        "Your answers are saved. They help {rep} serve buyers like you better.",
		ChangeUntil:   "You can change your answers until {date}.",
		Change:        "Change my answers",
		ExpiredTitle:  "This survey has closed",
		Expired:       "The link has expired, so no more answers can be taken. Thank you all the same.",
		UnsubTitle:    "You are unsubscribed",
		Unsub:         "You asked us not to send you these surveys, so this one is closed.",
		UnknownTitle:  "We don't know this link",
		Unknown:       "Please check that you opened the whole link from the email.",
	},
	"de": {
		LangName: "Deutsch", LangLabel: "Sprache",
		Title:    "Wie war Ihr Gespräch mit {rep}?",
		Intro:    "Fünf kurze Fragen. Beantworten Sie nur, was Sie möchten; es dauert weniger als eine Minute.",
		Scale:    surveys.RatingLabels["de"],
		ScaleLow: "sehr unwahrscheinlich", ScaleHigh: "sehr wahrscheinlich",
		CommentHint:   "Freiwillig, bis zu 2.000 Zeichen.",
		ShareName:     "Meinen Namen an {rep} weitergeben",
		ShareNameHint: "Ohne dieses Häkchen sieht {rep} Ihre Antworten und Ihren Kommentar ohne Namen und Firma.",
		Submit:        "Antworten senden",
		Saved:         "Ihre Bewertung ist notiert. Ergänzen Sie gern weitere und senden Sie ab, damit sie zählt.",
		ThanksTitle:   "Vielen Dank!",
		Thanks:        "Ihre Antworten sind gespeichert. Sie helfen {rep}, Kunden wie Sie besser zu beraten.",
		ChangeUntil:   "Sie können Ihre Antworten bis zum {date} ändern.",
		Change:        "Antworten ändern",
		ExpiredTitle:  "Diese Umfrage ist geschlossen",
		Expired:       "Der Link ist abgelaufen, daher können keine Antworten mehr angenommen werden. Trotzdem vielen Dank.",
		UnsubTitle:    "Sie sind abgemeldet",
		Unsub:         "Sie möchten keine dieser Umfragen mehr erhalten, daher ist diese geschlossen.",
		UnknownTitle:  "Dieser Link ist uns nicht bekannt",
		Unknown:       "Bitte prüfen Sie, ob Sie den vollständigen Link aus der E-Mail geöffnet haben.",
	},
	"fr": {
		LangName: "Français", LangLabel: "Langue",
		Title:    "Comment s'est passé votre échange avec {rep} ?",
		Intro:    "Cinq questions rapides. Répondez seulement à celles que vous voulez ; cela prend moins d'une minute.",
		Scale:    surveys.RatingLabels["fr"],
		ScaleLow: "pas du tout probable", ScaleHigh: "très probable",
		CommentHint:   "Facultatif, 2 000 caractères au plus.",
		ShareName:     "Communiquer mon nom à {rep}",
		ShareNameHint: "Sans cette case, {rep} voit vos réponses et votre commentaire sans votre nom ni votre entreprise.",
		Submit:        "Envoyer mes réponses",
		Saved:         "Votre note est enregistrée. Ajoutez-en d'autres si vous le souhaitez, puis envoyez pour qu'elle compte.",
		ThanksTitle:   "Merci !",
		Thanks:        "Vos réponses sont enregistrées. Elles aident {rep} à mieux servir des clients comme vous.",
		ChangeUntil:   "Vous pouvez modifier vos réponses jusqu'au {date}.",
		Change:        "Modifier mes réponses",
		ExpiredTitle:  "Ce questionnaire est clos",
		Expired:       "Le lien a expiré : aucune réponse ne peut plus être prise. Merci tout de même.",
		UnsubTitle:    "Vous êtes désabonné(e)",
		Unsub:         "Vous avez demandé à ne plus recevoir ces questionnaires ; celui-ci est donc clos.",
		UnknownTitle:  "Nous ne connaissons pas ce lien",
		Unknown:       "Vérifiez que vous avez ouvert le lien complet de l'e-mail.",
	},
	"es": {
		LangName: "Español", LangLabel: "Idioma",
		Title:    "¿Qué tal fue su conversación con {rep}?",
		Intro:    "Cinco preguntas rápidas. Responda solo las que quiera; le llevará menos de un minuto.",
		Scale:    surveys.RatingLabels["es"],
		ScaleLow: "nada probable", ScaleHigh: "muy probable",
		CommentHint:   "Opcional, hasta 2.000 caracteres.",
		ShareName:     "Compartir mi nombre con {rep}",
		ShareNameHint: "Si no lo marca, {rep} verá sus respuestas y su comentario sin su nombre ni su empresa.",
		Submit:        "Enviar mis respuestas",
		Saved:         "Su valoración está guardada. Añada más si lo desea y envíe para que cuente.",
		ThanksTitle:   "¡Gracias!",
		Thanks:        "Sus respuestas están guardadas. Ayudan a {rep} a atender mejor a clientes como usted.",
		ChangeUntil:   "Puede cambiar sus respuestas hasta el {date}.",
		Change:        "Cambiar mis respuestas",
		ExpiredTitle:  "Esta encuesta está cerrada",
		Expired:       "El enlace ha caducado y ya no se aceptan respuestas. Gracias de todos modos.",
		UnsubTitle:    "Se ha dado de baja",
		Unsub:         "Nos pidió no enviarle estas encuestas, así que esta está cerrada.",
		UnknownTitle:  "No conocemos este enlace",
		Unknown:       "Compruebe que ha abierto el enlace completo del correo.",
	},
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
// buyer's locale, else the browser's Accept-Language, else English.
func pageLanguage(chosen, buyer, acceptLanguage string) string {
	for _, l := range []string{chosen, buyer} {
		if l = surveys.NormalizeLocale(l); l != "" {
			return l
		}
	}
	if l := acceptedLocale(acceptLanguage); l != "" {
		return l
	}
	return "en"
}

// acceptedLocale returns the supported locale an Accept-Language header
// prefers most, or "".
func acceptedLocale(header string) string {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if l := surveys.NormalizeLocale(tag); l != "" && q > bestQ { // ties: the first listed
			best, bestQ = l, q
		}
	}
	return best
}
