package mail

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// promiseData is what templates/promise.* use.
type promiseData struct {
	layoutData
	Heading  string
	Greeting string
	Intro    string
	Button   string
	URL      string
}

// Action is the email's main button: the follow-up page.
func (d promiseData) Action() action { return action{URL: d.URL, Label: d.Button, Colour: d.Colour()} }

// Promise renders the promise follow-up email in the buyer's language:
// two questions on whether what the rep said held, behind one link, with
// the unsubscribe headers and link every survey email has.
func Promise(o *surveys.PromiseOutgoing, baseURL string) (*Message, error) {
	if o == nil || o.Org == nil || o.FollowUp == nil || o.Rep == nil || o.Buyer == nil {
		return nil, errors.New("mail: promise: incomplete follow-up")
	}
	sender := o.Org.Settings.Sender
	if o.Token == "" || o.Buyer.Email == "" || sender.Email == "" {
		return nil, fmt.Errorf("mail: promise %d: token, buyer email and sender email are required", o.FollowUp.ID)
	}
	base, host, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: promise %d: %w", o.FollowUp.ID, err)
	}
	lang, tx := textsFor(o.FollowUp.Locale)
	text := func(key string) string { return catalog.Default.Text(lang, "promise."+key) }
	rep, company := headerSafe(o.Rep.FirstName()), headerSafe(o.Org.Name)
	name := strings.Join(strings.Fields(headerSafe(o.Buyer.Name)), " ")
	token := url.PathEscape(o.Token)
	layout := brandLayout(o.Org, base)
	layout.Lang, layout.Subject = lang, fill(text("email_subject"), rep, "", company)
	layout.Unsubscribe, layout.UnsubscribeAct = tx.Unsubscribe, tx.UnsubscribeAct
	layout.UnsubscribeURL, layout.Footer = base+"/u/"+token, footerLines(sender.Footer)
	d := promiseData{layoutData: layout, Heading: layout.Subject, Greeting: tx.GreetingNoName,
		Intro: fill(text("email_intro"), rep, "", company), Button: text("email_action"), URL: base + "/p/" + token}
	if name != "" {
		d.Greeting = fill(tx.Greeting, "", name, "")
	}
	d.Preheader = d.Intro
	html, plain, err := emails["promise"].render(d)
	if err != nil {
		return nil, fmt.Errorf("mail: promise %d: render: %w", o.FollowUp.ID, err)
	}
	m := &Message{OrgID: o.Org.ID, MessageID: messageID(o.Org.Secret, fmt.Sprintf("promise-%d", o.FollowUp.ID), host),
		From: headerSafe(sender.Email), FromName: headerSafe(sender.Name), ReplyTo: headerSafe(sender.ReplyTo),
		To: headerSafe(o.Buyer.Email), Subject: headerSafe(d.Subject), HTML: html, Text: plain}
	setUnsubscribe(m, base+"/u/"+token, "mailto:"+sender.Email+"?subject=unsubscribe-"+token)
	return m, nil
}
