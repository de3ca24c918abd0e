package main

import (
	"bytes"
	"fmt"

	"trustcard/reports"
	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// drawReports draws the PDFs a monthly report email carries: a rep's own
// card, or a leader's team reports.
func drawReports(m *surveys.ReportMail) ([]mail.Attachment, error) {
	var files []mail.Attachment
	add := func(name string, draw func(*bytes.Buffer) error) error {
		var buf bytes.Buffer
		if err := draw(&buf); err != nil {
			return err
		}
		files = append(files, mail.Attachment{Name: name, ContentType: "application/pdf", Data: buf.Bytes()})
		return nil
	}
	month := m.Month.From.Format("2006-01")
	if m.Card != nil {
		err := add(reports.CardName(m.Card), func(b *bytes.Buffer) error { return reports.RepCard(b, m.Card) })
		if err != nil {
			return nil, err
		}
	}
	for _, t := range m.Teams {
		name := fmt.Sprintf("team-%d-%s.pdf", t.Detail.Team.ID, month)
		if err := add(name, func(b *bytes.Buffer) error { return reports.TeamReport(b, t) }); err != nil {
			return nil, err
		}
	}
	return files, nil
}
