package mail_test

import (
	"reflect"
	"strings"
	"testing"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
	"trustcard/surveys/mail"
)

const testBaseURL = "https://trust.example.com"

// newOutgoing returns an invitation ready to render, in locale.
func newOutgoing(tb testing.TB, locale string) *surveys.Outgoing {
	tb.Helper()
	settings := surveys.DefaultSettings()
	settings.Sender = surveys.Sender{Name: "Acme Surveys", Email: "surveys@acme.test", ReplyTo: "help@acme.test",
		Footer: "Acme Inc.\n1 Main Street\nSpringfield"}
	return &surveys.Outgoing{
		Org:        &surveys.Org{ID: 7, Name: "Acme", Settings: settings, Secret: "org-secret"},
		Invitation: &surveys.Invitation{ID: 42, OrgID: 7, Locale: locale},
		Rep:        &surveys.Rep{ID: 3, OrgID: 7, Name: "Ann Smith"},
		Buyer:      &surveys.Buyer{ID: 5, OrgID: 7, Email: "buyer@example.org", Name: "Jane Doe", Locale: locale},
		Template:   &surveys.TemplateVersion{ID: 1, OrgID: 7, Version: 1, Questions: surveys.DefaultQuestions(catalog.Default.QuestionTexts())},
		Token:      "sTOKEN-abc_123",
	}
}

// mustRender renders o and fails the test on error.
func mustRender(tb testing.TB, o *surveys.Outgoing) *mail.Message {
	tb.Helper()
	m, err := mail.Invitation(o, testBaseURL)
	if err != nil {
		tb.Fatalf("Invitation: %v", err)
	}
	return m
}

// assertContains fails for each want that s lacks.
func assertContains(tb testing.TB, what, s string, wants ...string) {
	tb.Helper()
	for _, want := range wants {
		if !strings.Contains(s, want) {
			tb.Errorf("%s lacks %q", what, want)
		}
	}
}

// assertLacks fails for each unwanted string that s contains.
func assertLacks(tb testing.TB, what, s string, unwanted ...string) {
	tb.Helper()
	for _, u := range unwanted {
		if strings.Contains(s, u) {
			tb.Errorf("%s contains %q", what, u)
		}
	}
}

func TestInvitationLanguages(t *testing.T) {
	tests := []struct {
		locale        string
		subject       string
		reminder      string
		body          []string // in both parts
		otherLanguage string   // a phrase of the English email that must not appear
	}{
		{"en", "Acme asks: how was your conversation with Ann?", "A quick reminder: Acme asks: how was your conversation with Ann?",
			[]string{"Hello Jane Doe,", "Ann understood what I actually needed.", "strongly disagree", "strongly agree", "Open the survey", "Unsubscribe"}, "Guten Tag"},
		{"de", "Acme fragt: Wie war Ihr Gespräch mit Ann?", "Kurze Erinnerung: Acme fragt: Wie war Ihr Gespräch mit Ann?",
			[]string{"Guten Tag Jane Doe,", "Ann hat verstanden, was ich wirklich brauchte.", "stimme überhaupt nicht zu", "stimme voll und ganz zu", "Zur Umfrage", "Abmelden"}, "Hello"},
		{"fr", "Acme vous demande\u202f: comment s'est passé votre échange avec Ann\u202f?", "Petit rappel\u202f: Acme vous demande\u202f: comment s'est passé votre échange avec Ann\u202f?",
			[]string{"Bonjour Jane Doe,", "tout à fait d", "Ouvrir le questionnaire", "Se désabonner"}, "Hello"},
		{"es", "Acme pregunta: ¿qué tal fue su conversación con Ann?", "Un breve recordatorio: Acme pregunta: ¿qué tal fue su conversación con Ann?",
			[]string{"Hola, Jane Doe:", "Ann entendió lo que realmente necesitaba.", "totalmente en desacuerdo", "totalmente de acuerdo", "Abrir la encuesta", "Darse de baja"}, "Hello"},
		{"de-AT", "Acme fragt: Wie war Ihr Gespräch mit Ann?", "Kurze Erinnerung: Acme fragt: Wie war Ihr Gespräch mit Ann?", []string{"Guten Tag"}, "Hello"},
		{"it", "Acme asks: how was your conversation with Ann?", "A quick reminder: Acme asks: how was your conversation with Ann?", []string{"Hello Jane Doe,"}, "Guten Tag"},
		{"", "Acme asks: how was your conversation with Ann?", "A quick reminder: Acme asks: how was your conversation with Ann?", []string{"Hello Jane Doe,"}, "Guten Tag"},
	}
	for _, tt := range tests {
		t.Run("Locale_"+tt.locale, func(t *testing.T) {
			o := newOutgoing(t, tt.locale)
			m := mustRender(t, o)
			if got, want := m.Subject, tt.subject; got != want {
				t.Errorf("subject = %q, want %q", got, want)
			}
			// html/template escapes apostrophes; compare the text part as is.
			assertContains(t, "text", m.Text, tt.body...)
			assertContains(t, "html", unescape(m.HTML), tt.body...)
			assertLacks(t, "text", m.Text, tt.otherLanguage)
			assertLacks(t, "html", m.HTML, tt.otherLanguage)

			o.Reminder = true
			r := mustRender(t, o)
			if got, want := r.Subject, tt.reminder; got != want {
				t.Errorf("reminder subject = %q, want %q", got, want)
			}
		})
	}
}

func TestInvitationLinks(t *testing.T) {
	m := mustRender(t, newOutgoing(t, "en"))
	survey := testBaseURL + "/s/sTOKEN-abc_123"
	wants := []string{
		survey + "?understood=1", survey + "?understood=2", survey + "?understood=3",
		survey + "?understood=4", survey + "?understood=5",
		testBaseURL + "/u/sTOKEN-abc_123",
	}
	assertContains(t, "text", m.Text, append(wants, survey+"\n")...)
	assertContains(t, "html", m.HTML, append(wants, `href="`+survey+`"`, "height:48px", "#0f766e", "#1f2937",
		"Acme Inc.<br>1 Main Street<br>Springfield", `lang="en"`)...)
	assertLacks(t, "html", m.HTML, "<script", "<img")
	if got, want := strings.Count(m.HTML, "?understood="), 5; got != want {
		t.Errorf("html has %d rating links, want %d", got, want)
	}
}

func TestInvitationHeaders(t *testing.T) {
	m := mustRender(t, newOutgoing(t, "fr"))
	want := map[string]string{
		"List-Unsubscribe":      "<https://trust.example.com/u/sTOKEN-abc_123>, <mailto:surveys@acme.test?subject=unsubscribe-sTOKEN-abc_123>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	}
	if got := m.Headers; !reflect.DeepEqual(got, want) {
		t.Errorf("headers = %q, want %q", got, want)
	}
	got := []string{m.From, m.FromName, m.ReplyTo, m.To}
	if want := []string{"surveys@acme.test", "Acme Surveys", "help@acme.test", "buyer@example.org"}; !reflect.DeepEqual(got, want) {
		t.Errorf("from, name, reply-to, to = %q, want %q", got, want)
	}
	if got, want := m.OrgID, int64(7); got != want {
		t.Errorf("OrgID = %d, want %d", got, want)
	}
}

func TestInvitationMessageID(t *testing.T) {
	o := newOutgoing(t, "en")
	first, again := mustRender(t, o).MessageID, mustRender(t, o).MessageID
	if first != again {
		t.Errorf("Message-ID changed between renders: %q, %q", first, again)
	}
	if !strings.HasPrefix(first, "<inv-42-") || !strings.HasSuffix(first, "@trust.example.com>") {
		t.Errorf("Message-ID = %q, want <inv-42-…@trust.example.com>", first)
	}
	assertLacks(t, "Message-ID", first, o.Token, o.Org.Secret)

	o.Reminder = true
	reminder := mustRender(t, o).MessageID
	if reminder == first || !strings.HasPrefix(reminder, "<inv-42-reminder-") {
		t.Errorf("reminder Message-ID = %q, want <inv-42-reminder-…> and not %q", reminder, first)
	}

	other := newOutgoing(t, "en")
	other.Invitation.ID = 43
	if got := mustRender(t, other).MessageID; got == first {
		t.Errorf("two invitations share Message-ID %q", got)
	}
}

func TestInvitationEscaping(t *testing.T) {
	o := newOutgoing(t, "en")
	o.Rep.Name = "<b>Bob</b> Jones"
	o.Buyer.Name = `"><img src=x onerror=alert(1)>`
	o.Org.Settings.Sender.Footer = "Acme <!-- <script>alert(1)</script> -->\nMain St"
	m := mustRender(t, o)
	assertLacks(t, "html", m.HTML, "<b>Bob", "<script", "<img", "<!--")
	assertContains(t, "html", m.HTML, "&lt;b&gt;Bob&lt;/b&gt;", "&lt;script&gt;")
	// The text part is text/plain: it carries the name as written.
	assertContains(t, "text", m.Text, "<b>Bob</b> understood")
}

func TestInvitationHeaderInjection(t *testing.T) {
	o := newOutgoing(t, "en")
	o.Rep.Name = "Bob\r\nBcc: x@evil.test"
	o.Org.Settings.Sender.Name = "Acme\r\nBcc: y@evil.test"
	m := mustRender(t, o)
	for name, v := range map[string]string{"Subject": m.Subject, "FromName": m.FromName} {
		assertLacks(t, name, v, "\r", "\n")
	}
	for k, v := range m.Headers {
		assertLacks(t, k, k+v, "\r", "\n")
	}
}

func TestInvitationWithoutUnderstoodQuestion(t *testing.T) {
	o := newOutgoing(t, "en")
	o.Template.Questions = o.Template.Questions[1:]
	m := mustRender(t, o)
	assertLacks(t, "html", m.HTML, "?understood=")
	assertContains(t, "html", m.HTML, testBaseURL+"/s/sTOKEN-abc_123", testBaseURL+"/u/sTOKEN-abc_123")
}

func TestInvitationRejectsBadInput(t *testing.T) {
	tests := []struct {
		name    string
		change  func(o *surveys.Outgoing)
		baseURL string
	}{
		{"NoToken", func(o *surveys.Outgoing) { o.Token = "" }, testBaseURL},
		{"NoRep", func(o *surveys.Outgoing) { o.Rep = nil }, testBaseURL},
		{"NoSenderEmail", func(o *surveys.Outgoing) { o.Org.Settings.Sender.Email = "" }, testBaseURL},
		{"RelativeBaseURL", func(o *surveys.Outgoing) {}, "/relative"},
		{"JavascriptBaseURL", func(o *surveys.Outgoing) {}, "javascript:alert(1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOutgoing(t, "en")
			tt.change(o)
			if _, err := mail.Invitation(o, tt.baseURL); err == nil {
				t.Errorf("Invitation succeeded, want an error")
			}
		})
	}
}

// unescape undoes the entities html/template writes for quotes.
func unescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&amp;", "&").Replace(s)
}

// BenchmarkInvitation renders one invitation email, both parts.
//
//	go test ./surveys/mail/ -run '^$' -bench Invitation
func BenchmarkInvitation(b *testing.B) {
	o := newOutgoing(b, "de")
	for b.Loop() {
		if _, err := mail.Invitation(o, testBaseURL); err != nil {
			b.Fatal(err)
		}
	}
}
