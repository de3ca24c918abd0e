package mail

import (
	"html"
	"strings"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// An email built from a cached skeleton reads the same as the email
// rendered directly with the real values, whatever the names hold.
func TestSkeletonMatchesDirectRender(t *testing.T) {
	names := []string{"Ann", `<b>Bob</b> & "Co" 'x'`, "Zoë+Łukasiewicz", "Дмитрий", "{rep} {name}",
		repMark, "a\r\nBcc: x@evil.test"}
	for _, rep := range names {
		for _, buyer := range append(names, "") {
			for _, reminder := range []bool{false, true} {
				o := &surveys.Outgoing{
					Org:        &surveys.Org{ID: 1, Secret: "s", Settings: surveys.DefaultSettings()},
					Invitation: &surveys.Invitation{ID: 9, Locale: "fr"},
					Rep:        &surveys.Rep{Name: rep + " Smith"},
					Buyer:      &surveys.Buyer{Email: "b@example.org", Name: buyer},
					Template:   &surveys.TemplateVersion{Questions: surveys.DefaultQuestions(catalog.Default.QuestionTexts())},
					Token:      "tok_9-x",
					Reminder:   reminder,
				}
				o.Org.Settings.Sender = surveys.Sender{Email: "s@acme.test", Footer: "Acme <Inc>\nMain St"}
				got, err := Invitation(o, "https://t.example")
				if err != nil {
					t.Fatal(err)
				}
				wantHTML, wantText := directRender(t, o, "https://t.example")
				if html.UnescapeString(got.HTML) != html.UnescapeString(wantHTML) || got.Text != wantText {
					t.Errorf("rep %q, buyer %q, reminder %v: skeleton output differs from a direct render:\n%s\n---\n%s",
						rep, buyer, reminder, got.HTML, wantHTML)
				}
				if strings.Contains(got.HTML, "<b>") {
					t.Errorf("rep %q: unescaped markup in the HTML part", rep)
				}
			}
		}
	}
}

// directRender renders o's email with the real values in the data.
func directRender(t *testing.T, o *surveys.Outgoing, base string) (htmlPart, text string) {
	t.Helper()
	lang, tx := textsFor(o.Invitation.Locale)
	rep := headerSafe(o.Rep.FirstName())
	name := strings.Join(strings.Fields(headerSafe(o.Buyer.Name)), " ")
	d := invitationView(o, tx, lang, base, name != "")
	put := strings.NewReplacer(repMark, rep, nameMark, name, tokenMark, o.Token).Replace
	d.Subject, d.Heading, d.Preheader, d.UnsubscribeURL = put(d.Subject), put(d.Heading), put(d.Preheader), put(d.UnsubscribeURL)
	d.Greeting, d.Intro, d.Question, d.SurveyURL = put(d.Greeting), put(d.Intro), put(d.Question), put(d.SurveyURL)
	for i := range d.Scale {
		d.Scale[i].URL = put(d.Scale[i].URL)
	}
	h, x, err := emails["invitation"].render(d)
	if err != nil {
		t.Fatal(err)
	}
	return h, x
}
