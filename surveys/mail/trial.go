package mail

import (
	"fmt"
	"net/url"
	"strings"

	"trustcard/surveys"
)

// TrialPrefix starts the subject of a test survey email.
const TrialPrefix = "[Test] "

// PreviewPath is where a preview of the survey page in lang is, for the
// signed-in admin: the links of a test email and of the email's preview
// lead there, where nothing is saved.
func PreviewPath(lang string) string {
	return "/app/admin/survey/preview/" + url.PathEscape(lang) + "/page"
}

// TrialInvitation renders o, the survey email of no invitation
// (surveys.TrialEmail), as the editor previews it and a test email carries
// it: the real email, whose survey and unsubscribe links open the preview
// of the survey page instead of a survey, without unsubscribe headers, and
// with "[Test]" before the subject. ref tells one test email's Message-ID
// from another's.
func TrialInvitation(o *surveys.Outgoing, baseURL, ref string) (*Message, error) {
	m, err := Invitation(o, baseURL)
	if err != nil {
		return nil, err
	}
	base, host, _ := parseBaseURL(baseURL) // Invitation checked it
	token := url.PathEscape(o.Token)
	preview := base + PreviewPath(o.Invitation.Locale)
	links := strings.NewReplacer(base+"/s/"+token, preview, base+"/u/"+token, preview)
	m.HTML, m.Text = links.Replace(m.HTML), links.Replace(m.Text)
	m.Subject = TrialPrefix + m.Subject
	m.MessageID = fmt.Sprintf("<survey-test-%s@%s>", headerSafe(ref), host)
	delete(m.Headers, "List-Unsubscribe")
	delete(m.Headers, "List-Unsubscribe-Post")
	return m, nil
}
