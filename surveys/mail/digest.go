package mail

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/catalog"
)

// DigestPath is where a leader chooses their digest in the web app.
const DigestPath = "/app/account/digest"

// digestData is what templates/digest.* use.
type digestData struct {
	layoutData
	Greeting, Intro  string
	Answers, Alerts  string
	MoversTitle      string
	Movers           []string
	NoMovers         string
	Button, AppURL   string
	AlertsLabel      string
	AlertsURL        string
	Why, SettingsURL string
}

// Action is the email's main button: the web app.
func (d digestData) Action() action { return action{URL: d.AppURL, Label: d.Button} }

// Digest renders a leader's digest in the language they chose (the
// nearest the catalogue has), with links into the web app: its home, the
// alert inbox and the page where the digest is chosen or stopped.
func Digest(m *surveys.DigestMail, baseURL string) (*Message, error) {
	if m == nil || m.Org == nil || m.Leader == nil || m.Prefs == nil {
		return nil, errors.New("mail: digest: incomplete digest")
	}
	sender := m.Org.Settings.Sender
	if m.Leader.Email == "" || sender.Email == "" {
		return nil, fmt.Errorf("mail: digest %s: leader email and sender email are required", m.Ref)
	}
	base, host, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("mail: digest %s: %w", m.Ref, err)
	}
	d := newDigestData(m, base)
	html, text, err := emails["digest"].render(d)
	if err != nil {
		return nil, fmt.Errorf("mail: digest %s: render: %w", m.Ref, err)
	}
	return &Message{OrgID: m.Org.ID, MessageID: messageID(m.Org.Secret, m.Ref, host), From: headerSafe(sender.Email),
		FromName: headerSafe(sender.Name), ReplyTo: headerSafe(sender.ReplyTo), To: headerSafe(m.Leader.Email),
		Subject: headerSafe(d.Subject), HTML: html, Text: text}, nil
}

// newDigestData words m in the leader's language.
func newDigestData(m *surveys.DigestMail, base string) digestData {
	lang, _ := catalog.Default.Match(m.Prefs.Language)
	t := func(key string, pairs ...string) string {
		return strings.NewReplacer(pairs...).Replace(catalog.Default.Text(lang, "digest."+key))
	}
	loc, err := time.LoadLocation(m.Prefs.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	date := m.At.In(loc).Format("2006-01-02 15:04 MST")
	kind := string(m.Prefs.Frequency)
	d := digestData{
		layoutData: layoutData{Lang: lang, Subject: t("subject_"+kind, "{date}", date), Footer: footerLines(m.Org.Settings.Sender.Footer)},
		Greeting:   t("greeting_no_name"), Intro: t("intro_"+kind, "{date}", date),
		Answers: t("answers", "{count}", strconv.Itoa(m.Answers)),
		Alerts: t("alerts", "{open}", strconv.Itoa(m.Open[surveys.AlertOpen]),
			"{acknowledged}", strconv.Itoa(m.Open[surveys.AlertAcknowledged]), "{contacted}", strconv.Itoa(m.Open[surveys.AlertContacted])),
		MoversTitle: t("movers"), NoMovers: t("no_movers"),
		Button: t("open_app"), AppURL: base + "/app", AlertsLabel: t("open_alerts"), AlertsURL: base + "/app/alerts",
		Why: t("why"), SettingsURL: base + DigestPath,
	}
	d.Preheader = d.Answers + " · " + d.Alerts
	if m.Leader.Name != "" {
		d.Greeting = t("greeting", "{name}", headerSafe(m.Leader.Name))
	}
	for _, mv := range m.Movers {
		d.Movers = append(d.Movers, t("mover", "{rep}", headerSafe(mv.Rep),
			"{before}", strconv.Itoa(int(math.Round(mv.Before))), "{now}", strconv.Itoa(int(math.Round(mv.Now)))))
	}
	return d
}
