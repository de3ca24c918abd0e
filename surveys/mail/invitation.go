package mail

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strconv"
	"strings"
	texttemplate "text/template"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

//go:embed templates
var templateFS embed.FS

// emailTemplate is one email: the shared layout plus the email's own
// "content" block, once as HTML (auto-escaped) and once as plain text.
type emailTemplate struct {
	html *htmltemplate.Template
	text *texttemplate.Template
}

// emails are parsed when the package loads, so a broken template fails
// every test and the binary's start, never a send.
var emails = map[string]emailTemplate{
	"invitation": mustParse("invitation"),
	"signin":     mustParse("signin"),
	"check":      mustParse("check"),
	"alert":      mustParse("alert"),
	"digest":     mustParse("digest"),
	"promise":    mustParse("promise"),
}

func mustParse(name string) emailTemplate {
	return emailTemplate{
		html: htmltemplate.Must(htmltemplate.New(name).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")),
		text: texttemplate.Must(texttemplate.New(name).ParseFS(templateFS, "templates/layout.txt", "templates/"+name+".txt")),
	}
}

func (t emailTemplate) render(data any) (html, text string, err error) {
	var h, x bytes.Buffer
	if err := t.html.ExecuteTemplate(&h, "layout", data); err != nil {
		return "", "", err
	}
	if err := t.text.ExecuteTemplate(&x, "layout", data); err != nil {
		return "", "", err
	}
	return h.String(), x.String(), nil
}

// layoutData is what templates/layout.* use.
type layoutData struct {
	Lang           string
	Subject        string
	Accent         string // the org's colour, #rrggbb; "" for the product's
	LogoURL        string // the org's logo, absolute; "" without one
	Company        string // the logo's text
	Preheader      string
	Unsubscribe    string
	UnsubscribeAct string
	UnsubscribeURL string
	Footer         []string // the org's postal address, line by line
}

// Colour is the accent the email draws buttons and links in.
func (d layoutData) Colour() string {
	if d.Accent == "" {
		return surveys.DefaultAccent
	}
	return d.Accent
}

// brandLayout is the layout's company, logo and accent for org.
func brandLayout(org *surveys.Org, base string) layoutData {
	d := layoutData{Company: headerSafe(org.Name), Accent: org.Settings.Accent}
	if org.LogoRef != "" {
		d.LogoURL = base + "/logo/" + org.LogoRef + ".png"
	}
	return d
}

// invitationData is what templates/invitation.* use.
type invitationData struct {
	layoutData
	Heading    string // the email's first line: the subject, without a reminder's prefix
	Greeting   string
	Reminder   string // empty in the first email
	Intro      string
	Question   string // empty when the template has no "understood"
	TapHint    string
	Scale      []scalePoint
	Low, High  string
	FullSurvey string
	SurveyURL  string
}

// Action is the email's main button: the whole survey.
func (d invitationData) Action() action {
	return action{URL: d.SurveyURL, Label: d.FullSurvey, Colour: d.Colour()}
}

// action is an email's main button (the layout's "button").
type action struct{ URL, Label, Colour string }

// scalePoint is one tappable answer. Opening it only pre-selects the
// answer on the survey page: a GET never records one.
type scalePoint struct {
	N     int
	Label string
	URL   string
}

// Invitation renders the survey email for o, or its reminder when
// o.Reminder, in the buyer's language. baseURL is the public http(s) URL
// that links point to.
func Invitation(o *surveys.Outgoing, baseURL string) (*Message, error) {
	if o == nil || o.Org == nil || o.Invitation == nil || o.Rep == nil || o.Buyer == nil || o.Template == nil {
		return nil, errors.New("mail: invitation: incomplete outgoing invitation")
	}
	if o.Token == "" || o.Buyer.Email == "" || o.Org.Settings.Sender.Email == "" {
		return nil, fmt.Errorf("mail: invitation %d: token, buyer email and sender email are required", o.Invitation.ID)
	}
	base, host, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: invitation %d: %w", o.Invitation.ID, err)
	}
	lang, tx := textsFor(o.Invitation.Locale)
	rep := headerSafe(o.Rep.FirstName()) // a name is one line, in the subject and in the body
	name := strings.Join(strings.Fields(headerSafe(o.Buyer.Name)), " ")
	token := url.PathEscape(o.Token)
	// The email is rendered once per language, wording and footer with marks
	// in place of the names and the token, which are then put in, escaped
	// for HTML in the HTML part.
	named := name != ""
	question := "-" // the template has no "understood" question
	if q, ok := o.Template.Question(surveys.QUnderstood); ok {
		question = catalog.Default.Question(q, lang, "{rep}")
	}
	key := strings.Join([]string{lang, base, o.Org.Settings.Sender.Footer, question,
		strconv.FormatBool(o.Reminder), strconv.FormatBool(named), o.Org.Name, o.Org.Settings.Accent, o.Org.LogoRef}, "\x00")
	sk, err := skeletons.get(key, func() invitationData { return invitationView(o, tx, lang, base, named) })
	if err != nil {
		return nil, fmt.Errorf("mail: invitation %d: render: %w", o.Invitation.ID, err)
	}
	raw := values{rep, name, token}
	html := sk.html.with(values{htmltemplate.HTMLEscapeString(rep), htmltemplate.HTMLEscapeString(name), token})
	text, subject := sk.text.with(raw), sk.subject.with(raw)
	sender := o.Org.Settings.Sender
	m := &Message{
		OrgID:     o.Org.ID,
		MessageID: invitationMessageID(o, host),
		From:      headerSafe(sender.Email),
		FromName:  headerSafe(sender.Name),
		ReplyTo:   headerSafe(sender.ReplyTo),
		To:        headerSafe(o.Buyer.Email),
		Subject:   headerSafe(subject),
		HTML:      html,
		Text:      text,
	}
	setUnsubscribe(m, base+"/u/"+token, "mailto:"+sender.Email+"?subject=unsubscribe-"+token)
	return m, nil
}

// setUnsubscribe is the one place that sets the unsubscribe headers: an
// https and a mailto link, and one-click unsubscribe by POST (RFC 8058).
func setUnsubscribe(m *Message, httpsURL, mailto string) {
	if m.Headers == nil {
		m.Headers = map[string]string{}
	}
	m.Headers["List-Unsubscribe"] = headerSafe("<" + httpsURL + ">, <" + mailto + ">")
	m.Headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
}

// invitationMessageID is stable per invitation and kind, so that a retried
// send carries the same Message-ID.
func invitationMessageID(o *surveys.Outgoing, host string) string {
	kind := ""
	if o.Reminder {
		kind = "-reminder"
	}
	return fmt.Sprintf("<inv-%d%s-%s@%s>", o.Invitation.ID, kind, keyedHash(o.Org.Secret, fmt.Sprintf("message-id:%d", o.Invitation.ID)), host)
}

// messageID is the Message-ID of the email ref (stable per email).
func messageID(secret, ref, host string) string {
	return fmt.Sprintf("<%s-%s@%s>", ref, keyedHash(secret, "message-id:"+ref), host)
}

// keyedHash keeps the Message-IDs of different deployments on one host
// apart without revealing anything of the org's secret or a link.
func keyedHash(secret, s string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// parseBaseURL checks that raw is an absolute http(s) URL and returns it
// without a trailing slash, and the host to name Message-IDs after.
func parseBaseURL(raw string) (base, host string, err error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", "", fmt.Errorf("base URL %q must be an http or https URL", raw)
	}
	host = u.Hostname()
	if strings.Contains(host, ":") { // an IPv6 literal
		host = "[" + host + "]"
	}
	return strings.TrimRight(raw, "/"), host, nil
}

// fill replaces {rep}, {name} and {company} in a catalogue string, in
// one pass: a value is not searched for placeholders.
func fill(s, rep, name, company string) string {
	return strings.NewReplacer("{rep}", rep, "{name}", name, "{company}", company).Replace(s)
}

// invitationView is the email's data with marks in place of the rep's
// first name, the buyer's name (when named) and the token.
func invitationView(o *surveys.Outgoing, tx texts, lang, base string, named bool) invitationData {
	heading := fill(tx.Subject, repMark, "", headerSafe(o.Org.Name))
	subject := heading
	if o.Reminder {
		subject = tx.ReminderPrefix + subject
	}
	surveyURL := base + "/s/" + tokenMark
	layout := brandLayout(o.Org, base)
	layout.Lang, layout.Subject, layout.Unsubscribe, layout.UnsubscribeAct = lang, subject, tx.Unsubscribe, tx.UnsubscribeAct
	layout.UnsubscribeURL, layout.Footer = base+"/u/"+tokenMark, footerLines(o.Org.Settings.Sender.Footer)
	d := invitationData{
		layoutData: layout,
		Heading:    heading,
		Greeting:   tx.GreetingNoName,
		Intro:      fill(tx.Intro, repMark, "", ""),
		TapHint:    tx.TapHint,
		Low:        tx.Scale[0],
		High:       tx.Scale[4],
		FullSurvey: tx.FullSurvey,
		SurveyURL:  surveyURL,
	}
	if named {
		d.Greeting = fill(tx.Greeting, "", nameMark, "")
	}
	if o.Reminder {
		d.Reminder = tx.Reminder
	}
	if q, ok := o.Template.Question(surveys.QUnderstood); ok {
		d.Question = catalog.Default.Question(q, lang, repMark)
		for n := 1; n <= 5; n++ {
			d.Scale = append(d.Scale, scalePoint{N: n, Label: tx.Scale[n-1], URL: surveyURL + "?understood=" + strconv.Itoa(n)})
		}
	}
	d.Preheader = d.Question
	return d
}

// footerLines splits the org's postal footer into non-empty lines.
func footerLines(footer string) []string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(footer, "\r", ""), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// headerSafe turns control characters (CR and LF above all) into spaces,
// so no value can end a header line and start another. The SMTP sender
// also encodes header values; this is the first of two fences.
func headerSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
