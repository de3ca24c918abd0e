package mail

import (
	"errors"
	"fmt"
	"strconv"

	"trustcard/surveys"
)

// AlertPath is where a leader acts on an alert in the web app.
func AlertPath(id int64) string { return "/app/alerts/" + strconv.FormatInt(id, 10) }

// alertData is what templates/alert.* use.
type alertData struct {
	layoutData
	Greeting string
	Intro    string
	Why      string
	Reasons  []string
	Button   string
	OrOpen   string
	AlertURL string
	WhyYou   string
}

// Action is the email's main button: the alert in the inbox.
func (d alertData) Action() action { return action{URL: d.AlertURL, Label: d.Button} }

// Alert renders the email that tells a leader an alert opened. Its link
// opens the alert in the web app, where acting takes a signed-in form:
// opening the link changes nothing. It carries neither the buyer's name
// nor their comment, which the inbox shows to whoever may see them.
func Alert(m *surveys.AlertMail, baseURL string) (*Message, error) {
	if m == nil || m.Org == nil || m.Leader == nil || m.Alert == nil {
		return nil, errors.New("mail: alert: incomplete alert email")
	}
	sender := m.Org.Settings.Sender
	if m.Leader.Email == "" || sender.Email == "" {
		return nil, fmt.Errorf("mail: alert %s: leader email and sender email are required", m.Ref)
	}
	base, host, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: alert %s: %w", m.Ref, err)
	}
	rep := headerSafe(m.RepName)
	met := rep
	if m.TeamName != "" {
		met += " (" + headerSafe(m.TeamName) + ")"
	}
	d := alertData{
		layoutData: layoutData{Lang: "en", Subject: "Alert: a buyer of " + rep + " answered low",
			Preheader: "Follow it up while the buyer remembers the call", Footer: footerLines(sender.Footer)},
		Greeting: "Hello,",
		Intro:    "A buyer who met " + met + " just answered the Trustcard survey in a way that needs a follow-up.",
		Why:      "Why this alert opened:",
		Reasons:  m.Reasons,
		Button:   "Open the alert",
		OrOpen:   "Or open this link:",
		AlertURL: base + AlertPath(m.Alert.ID),
		WhyYou:   "You get this email because you lead " + rep + "'s team at " + headerSafe(m.Org.Name) + ".",
	}
	if !m.Due.IsZero() {
		d.remind(m, rep)
	}
	if m.Leader.Name != "" {
		d.Greeting = "Hello " + headerSafe(m.Leader.Name) + ","
	}
	html, text, err := emails["alert"].render(d)
	if err != nil {
		return nil, fmt.Errorf("mail: alert %s: render: %w", m.Ref, err)
	}
	return &Message{OrgID: m.Org.ID, MessageID: messageID(m.Org.Secret, m.Ref, host), From: headerSafe(sender.Email),
		FromName: headerSafe(sender.Name), ReplyTo: headerSafe(sender.ReplyTo), To: headerSafe(m.Leader.Email),
		Subject: headerSafe(d.Subject), HTML: html, Text: text}, nil
}
