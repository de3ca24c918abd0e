package api

import (
	"strconv"
	"strings"
	"time"

	"trustcard/surveys/catalog"
)

// appTexts are the words of the web app's charts and period picker in one
// language. Placeholders in braces ({name}, {score} …) are filled by the
// code that uses them. They are people's words in the app, not buyers',
// so they are kept here rather than in the buyers' catalogue
// (frontend/locales); a test checks every language fills every field.
type appTexts struct {
	Months  [12]string // short month names, January first
	Axis    [12]string // month names short enough for a trend's axis on a phone: 3 or 4 narrow letters
	DayDot  bool       // a day's number takes a dot ("1. Okt")
	Decimal string     // the decimal separator

	TrendByMonth, TrendByWeek     string // the trend chart's title
	TrendOfByMonth, TrendOfByWeek string // {name}
	TrendFromTo                   string // {title} {first} {firstPeriod} {last} {lastPeriod}
	TrendOnly                     string // {title} {first} {firstPeriod}
	TrendNone                     string // {title}
	LegendBand                    string
	LegendLow                     string // {n}: surveys.LowConfidenceBelow
	ColPeriod, ColScore           string // the trend table's column heads
	ColInterval, ColN             string

	NoResponses   string
	NoAnswers     string
	Interval      string // {low} {high}
	LowConfidence string
	OutOf5        string // {mean}
	TeamMean      string // {mean}
	OrgMean       string // {mean}

	ThisMonth, LastMonth, ThisQuarter string
	LastDays, ThisYear, Custom        string // LastDays: {days}
	ComparedWith                      string // {period}
	WithinNoise                       string

	// Excluded says how many responses the integrity rules took out of a
	// score, and why: {n} {reasons}; each reason is a flag's words with
	// its count.
	Excluded                                                     string
	FlagOwnDomain, FlagRepSignedIn, FlagSameClient, FlagRepeated string
}

// appCatalogue holds appTexts for English, German, French and Spanish.
var appCatalogue = map[string]appTexts{
	"en": {
		Months:       [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		Axis:         [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		Decimal:      ".",
		TrendByMonth: "Trust score by month", TrendByWeek: "Trust score by week",
		TrendOfByMonth: "Trust score of {name} by month", TrendOfByWeek: "Trust score of {name} by week",
		TrendFromTo: "{title}, from {first} in {firstPeriod} to {last} in {lastPeriod}",
		TrendOnly:   "{title}: {first} in {firstPeriod}, no responses in the other periods",
		TrendNone:   "{title}: no responses in these periods",
		LegendBand:  "Band: 90% interval", LegendLow: "Hollow: fewer than {n} responses (low confidence)",
		ColPeriod: "Period", ColScore: "Trust score", ColInterval: "90% interval", ColN: "n",
		NoResponses: "no responses", NoAnswers: "no answers", Interval: "90% interval {low}–{high}",
		LowConfidence: "low confidence", OutOf5: "{mean} of 5", TeamMean: "team {mean}", OrgMean: "org {mean}",
		ThisMonth: "This month", LastMonth: "Last month", ThisQuarter: "This quarter",
		LastDays: "Last {days} days", ThisYear: "This year", Custom: "Custom",
		ComparedWith: "compared with {period}", WithinNoise: "within noise",
		Excluded:      "Excluded from this score by the org's integrity rules: {n} ({reasons}).",
		FlagOwnDomain: "the buyer's address is in the company's own domain", FlagRepSignedIn: "answered from the rep's own signed-in browser",
		FlagSameClient: "one browser answered for three or more buyers", FlagRepeated: "the comment repeats another buyer's word for word",
	},
	"de": {
		Months:       [12]string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
		DayDot:       true,
		Axis:         [12]string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
		Decimal:      ",",
		TrendByMonth: "Vertrauenswert nach Monat", TrendByWeek: "Vertrauenswert nach Woche",
		TrendOfByMonth: "Vertrauenswert von {name} nach Monat", TrendOfByWeek: "Vertrauenswert von {name} nach Woche",
		TrendFromTo: "{title}, von {first} ({firstPeriod}) bis {last} ({lastPeriod})",
		TrendOnly:   "{title}: {first} ({firstPeriod}), keine Antworten in den übrigen Zeiträumen",
		TrendNone:   "{title}: keine Antworten in diesen Zeiträumen",
		LegendBand:  "Band: 90-%-Intervall", LegendLow: "Hohl: unter {n} Antworten (geringe Sicherheit)",
		ColPeriod: "Zeitraum", ColScore: "Vertrauenswert", ColInterval: "90-%-Intervall", ColN: "n",
		NoResponses: "keine Antworten", NoAnswers: "keine Antworten", Interval: "90-%-Intervall {low}–{high}",
		LowConfidence: "geringe Sicherheit", OutOf5: "{mean} von 5", TeamMean: "Team {mean}", OrgMean: "Organisation {mean}",
		ThisMonth: "Dieser Monat", LastMonth: "Letzter Monat", ThisQuarter: "Dieses Quartal",
		LastDays: "Letzte {days} Tage", ThisYear: "Dieses Jahr", Custom: "Eigener Zeitraum",
		ComparedWith: "im Vergleich zu {period}", WithinNoise: "im Rauschen",
		Excluded:      "Von dieser Bewertung nach den Integritätsregeln ausgeschlossen: {n} ({reasons}).",
		FlagOwnDomain: "Adresse in der eigenen Domain des Unternehmens", FlagRepSignedIn: "im eigenen angemeldeten Browser der bewerteten Person beantwortet",
		FlagSameClient: "ein Browser antwortete für drei oder mehr Käufer", FlagRepeated: "Kommentar wiederholt wörtlich den eines anderen Käufers",
	},
	"fr": {
		Months:       [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		Axis:         [12]string{"jan", "fév", "mar", "avr", "mai", "juin", "juil", "aoû", "sep", "oct", "nov", "déc"},
		Decimal:      ",",
		TrendByMonth: "Score de confiance par mois", TrendByWeek: "Score de confiance par semaine",
		TrendOfByMonth: "Score de confiance de {name} par mois", TrendOfByWeek: "Score de confiance de {name} par semaine",
		TrendFromTo: "{title}, de {first} ({firstPeriod}) à {last} ({lastPeriod})",
		TrendOnly:   "{title} : {first} ({firstPeriod}), aucune réponse sur les autres périodes",
		TrendNone:   "{title} : aucune réponse sur ces périodes",
		LegendBand:  "Bande : intervalle à 90 %", LegendLow: "Creux : moins de {n} réponses (confiance faible)",
		ColPeriod: "Période", ColScore: "Score de confiance", ColInterval: "Intervalle à 90 %", ColN: "n",
		NoResponses: "aucune réponse", NoAnswers: "aucune réponse", Interval: "intervalle à 90 % {low}–{high}",
		LowConfidence: "confiance faible", OutOf5: "{mean} sur 5", TeamMean: "équipe {mean}", OrgMean: "organisation {mean}",
		ThisMonth: "Ce mois-ci", LastMonth: "Le mois dernier", ThisQuarter: "Ce trimestre",
		LastDays: "{days} derniers jours", ThisYear: "Cette année", Custom: "Personnalisée",
		ComparedWith: "par rapport à {period}", WithinNoise: "dans le bruit",
		Excluded:      "Exclues de ce score par les règles d’intégrité : {n} ({reasons}).",
		FlagOwnDomain: "adresse dans le domaine de l’entreprise", FlagRepSignedIn: "réponse depuis le navigateur connecté de la personne évaluée",
		FlagSameClient: "un même navigateur a répondu pour trois acheteurs ou plus", FlagRepeated: "commentaire identique mot pour mot à celui d’un autre acheteur",
	},
	"es": {
		Months:       [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
		Axis:         [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"},
		Decimal:      ",",
		TrendByMonth: "Puntuación de confianza por mes", TrendByWeek: "Puntuación de confianza por semana",
		TrendOfByMonth: "Puntuación de confianza de {name} por mes", TrendOfByWeek: "Puntuación de confianza de {name} por semana",
		TrendFromTo: "{title}, de {first} ({firstPeriod}) a {last} ({lastPeriod})",
		TrendOnly:   "{title}: {first} ({firstPeriod}), sin respuestas en los demás periodos",
		TrendNone:   "{title}: sin respuestas en estos periodos",
		LegendBand:  "Banda: intervalo del 90 %", LegendLow: "Hueco: menos de {n} respuestas (confianza baja)",
		ColPeriod: "Periodo", ColScore: "Puntuación de confianza", ColInterval: "Intervalo del 90 %", ColN: "n",
		NoResponses: "sin respuestas", NoAnswers: "sin respuestas", Interval: "intervalo del 90 % {low}–{high}",
		LowConfidence: "confianza baja", OutOf5: "{mean} de 5", TeamMean: "equipo {mean}", OrgMean: "organización {mean}",
		ThisMonth: "Este mes", LastMonth: "El mes pasado", ThisQuarter: "Este trimestre",
		LastDays: "Últimos {days} días", ThisYear: "Este año", Custom: "Personalizado",
		ComparedWith: "en comparación con {period}", WithinNoise: "dentro del ruido",
		Excluded:      "Excluidas de esta puntuación por las reglas de integridad: {n} ({reasons}).",
		FlagOwnDomain: "dirección en el dominio propio de la empresa", FlagRepSignedIn: "respondida desde el navegador con sesión de la persona evaluada",
		FlagSameClient: "un mismo navegador respondió por tres o más compradores", FlagRepeated: "el comentario repite palabra por palabra el de otro comprador",
	},
}

// appTextsFor returns the web app's words in the language of the
// buyers' catalogue nearest to lang ("de-AT" finds "de"), or in English
// when there is none, or when that language has no app words yet.
func appTextsFor(lang string) appTexts {
	nearest, _ := catalog.Default.Match(lang)
	if tx, ok := appCatalogue[nearest]; ok {
		return tx
	}
	return appCatalogue[catalog.English]
}

// fillIn replaces each {key} in s with its value; pairs alternate key and
// value. It replaces in one pass, so a value (a rep's name) that holds
// "{key}" is kept as it is.
func fillIn(s string, pairs ...string) string {
	oldNew := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		oldNew = append(oldNew, "{"+pairs[i]+"}", pairs[i+1])
	}
	return strings.NewReplacer(oldNew...).Replace(s)
}

// number formats x with the given decimals and the language's decimal
// separator.
func (tx appTexts) number(x float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', decimals, 64), ".", tx.Decimal, 1)
}

// count formats a response count in at most three digits, to fit a
// trend's column on a phone: exact below 1,000, then 1.2k, 12k, 0.1M,
// 1.2M, 12M, rounded down so that n is never overstated. Tooltips and
// tables give it exactly.
func (tx appTexts) count(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10)
	case n < 10_000:
		return tx.number(float64(n/100)/10, 1) + "k"
	case n < 100_000:
		return strconv.FormatInt(n/1000, 10) + "k"
	case n < 10_000_000:
		return tx.number(float64(n/100_000)/10, 1) + "M"
	}
	return strconv.FormatInt(n/1_000_000, 10) + "M"
}

// date formats a day as "1 Oct 2026" (de "1. Okt 2026"); withMonth and
// withYear leave out the parts a range's first day shares with its last.
func (tx appTexts) date(d time.Time, withMonth, withYear bool) string {
	day := strconv.Itoa(d.Day())
	if tx.DayDot {
		day += "."
	}
	parts := []string{day}
	if withMonth {
		parts = append(parts, tx.Months[d.Month()-1])
	}
	if withYear {
		parts = append(parts, strconv.Itoa(d.Year()))
	}
	return strings.Join(parts, " ")
}

// monthName is a calendar month as "Mar 2026".
func (tx appTexts) monthName(m time.Time) string {
	return tx.Months[m.Month()-1] + " " + strconv.Itoa(m.Year())
}

// rangeLabel names the days from to to, both included, as briefly as is
// clear: "1 Oct – 31 Dec 2026", "1 – 15 Dec 2026", "3 Mar 2026" or
// "1 Nov 2025 – 31 Jan 2026".
func (tx appTexts) rangeLabel(from, to time.Time) string {
	sameYear := from.Year() == to.Year()
	sameMonth := sameYear && from.Month() == to.Month()
	if sameMonth && from.Day() == to.Day() {
		return tx.date(to, true, true)
	}
	return tx.date(from, !sameMonth, !sameYear) + " – " + tx.date(to, true, true)
}
