package mail

import (
	"fmt"
	"strings"

	"trustcard/surveys"
)

// Report builds the monthly email of m carrying files, the PDFs drawn
// from it. Names reach the text as plain text, never as markup.
func Report(m *surveys.ReportMail, files []Attachment) *Message {
	month := m.Month.From.Format("January 2006")
	greeting := "Hello,"
	if m.Name != "" {
		greeting = "Hello " + m.Name + ","
	}
	subject := "Trustcard team reports for "
	if m.Card != nil {
		subject = "Your Trustcard report card for "
	}
	var body strings.Builder
	fmt.Fprintf(&body, "%s\n\n", greeting)
	if m.Card != nil {
		fmt.Fprintf(&body, "Attached is your Trustcard report card for %s: your trust score, what buyers said and where to focus next.\n", month)
	} else {
		fmt.Fprintf(&body, "Attached are the Trustcard reports of your teams for %s:\n", month)
		for _, t := range m.Teams {
			fmt.Fprintf(&body, "- %s\n", t.Detail.Team.Name)
		}
	}
	if m.Sender.Footer != "" {
		fmt.Fprintf(&body, "\n-- \n%s\n", m.Sender.Footer)
	}
	return &Message{OrgID: m.Org.ID, MessageID: fmt.Sprintf("<%s.%d@trustcard>", m.Ref, m.Org.ID),
		From: m.Sender.Email, FromName: m.Sender.Name, ReplyTo: m.Sender.ReplyTo, To: m.To,
		Subject: subject + month, Text: body.String(), Files: files}
}
