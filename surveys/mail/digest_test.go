package mail_test

import (
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/mail"
)

// The digest is written in the language the leader chose, in every
// language the catalogue ships, with its counts, movers and links, and
// names kept inert.
func TestDigestEmailLanguages(t *testing.T) {
	want := map[string][]string{
		"en": {"Your weekly Trustcard digest", "New answers: 12", "2 open, 1 acknowledged, 0 contacted", "Biggest movers"},
		"de": {"Ihr wöchentlicher Trustcard-Überblick", "Neue Antworten: 12", "2 offen, 1 angenommen, 0 kontaktiert", "Größte Veränderungen"},
		"fr": {"Votre résumé Trustcard de la semaine", "Nouvelles réponses\u202f: 12", "2 ouvertes, 1 prises en charge, 0 contactées", "Plus fortes variations"},
		"es": {"Su resumen semanal de Trustcard", "Respuestas nuevas: 12", "2 abiertas, 1 atendidas, 0 contactadas", "Mayores cambios"},
	}
	if got := catalog.Default.Languages(); len(got) != len(want) {
		t.Fatalf("the catalogue ships %v; this test knows %d languages", got, len(want))
	}
	for _, lang := range catalog.Default.Languages() {
		t.Run(lang, func(t *testing.T) {
			org := &surveys.Org{ID: 1, Name: "Acme", Secret: "s", Settings: surveys.DefaultSettings()}
			org.Settings.Sender.Email = "trust@acme.test"
			m := &surveys.DigestMail{Org: org, Leader: &surveys.User{Email: "lee@acme.test", Name: "Lee\r\nBcc: x@evil.test"},
				Prefs: &surveys.DigestPrefs{Frequency: surveys.DigestWeekly, TimeZone: "America/New_York", Language: lang},
				At:    time.Date(2026, 3, 30, 13, 0, 0, 0, time.UTC), Answers: 12,
				Open:   map[surveys.AlertStatus]int{surveys.AlertOpen: 2, surveys.AlertAcknowledged: 1},
				Movers: []surveys.DigestMover{{Rep: "Ada <b>", Before: 71.6, Now: 58.2}}, Ref: "digest-1"}
			msg, err := mail.Digest(m, "https://trust.acme.test")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range append(want[lang], "2026-03-30 09:00 EDT", "Ada <b>", "72 → 58", "https://trust.acme.test/app/account/digest") {
				if !strings.Contains(msg.Subject+msg.Text, w) {
					t.Errorf("the %s digest lacks %q:\n%s\n%s", lang, w, msg.Subject, msg.Text)
				}
			}
			if strings.Contains(msg.HTML, "<b>") || !strings.Contains(msg.HTML, "Ada &lt;b&gt;") || strings.ContainsAny(msg.Subject, "\r\n") {
				t.Errorf("names are not kept inert:\n%s", msg.HTML)
			}
		})
	}
}
