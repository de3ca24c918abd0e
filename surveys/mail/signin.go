package mail

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"trustcard/surveys"
)

// signInData is what templates/signin.* use.
type signInData struct {
	layoutData
	Greeting  string
	Intro     string
	Button    string
	OrOpen    string
	SignInURL string
	Expires   string
	NotYou    string
}

// Action is the email's main button: the sign-in link.
func (d signInData) Action() action {
	return action{URL: d.SignInURL, Label: d.Button, Colour: d.Colour()}
}

// SignIn renders the email that carries a one-time sign-in link. It is
// mail a person asked for (or an admin sent them), so it carries no
// unsubscribe link. baseURL is the public http(s) URL that links point to.
func SignIn(m *surveys.SignInMail, baseURL string) (*Message, error) {
	if m == nil || m.Org == nil || m.User == nil || m.Token == "" {
		return nil, errors.New("mail: sign-in: incomplete sign-in email")
	}
	sender := m.Org.Settings.Sender
	if m.User.Email == "" || sender.Email == "" {
		return nil, fmt.Errorf("mail: sign-in %s: user email and sender email are required", m.Ref)
	}
	base, host, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: sign-in %s: %w", m.Ref, err)
	}
	company := headerSafe(m.Org.Name)
	layout := brandLayout(m.Org, base)
	layout.Lang, layout.Subject = "en", "Sign in to Trustcard at "+company
	layout.Preheader, layout.Footer = "Your one-time sign-in link", footerLines(sender.Footer)
	d := signInData{
		layoutData: layout,
		Greeting:   "Hello,",
		Intro:      "Someone asked to sign in to Trustcard at " + company + " with this email address. Press the button to sign in on this device.",
		Button:     "Sign in to Trustcard",
		OrOpen:     "Or open this link:",
		SignInURL:  signInURL(base, m.Token, m.ReturnTo),
		Expires:    "The link works once, until " + expiryText(m.ExpiresAt, m.Org.Settings.TimeZone) + ".",
		NotYou:     "If you did not ask to sign in, ignore this email: nobody can sign in without the link.",
	}
	if m.User.Name != "" {
		d.Greeting = "Hello " + headerSafe(m.User.Name) + ","
	}
	html, text, err := emails["signin"].render(d)
	if err != nil {
		return nil, fmt.Errorf("mail: sign-in %s: render: %w", m.Ref, err)
	}
	return &Message{OrgID: m.Org.ID, MessageID: messageID(m.Org.Secret, m.Ref, host), From: headerSafe(sender.Email),
		FromName: headerSafe(sender.Name), ReplyTo: headerSafe(sender.ReplyTo), To: headerSafe(m.User.Email),
		Subject: headerSafe(d.Subject), HTML: html, Text: text}, nil
}

// signInURL is the one-time link of token at base, leading on to the web
// app's page returnTo (a surveys.ReturnPath) when there is one.
func signInURL(base, token, returnTo string) string {
	link := base + "/signin/" + url.PathEscape(token)
	if returnTo = surveys.ReturnPath(returnTo); returnTo != "" {
		link += "?next=" + url.QueryEscape(returnTo)
	}
	return link
}

// expiryText says when a link expires in the org's time zone, such as
// "10:00 CET on Tuesday 10 March 2026".
func expiryText(at time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return at.In(loc).Format("15:04 MST on Monday 2 January 2006")
}
