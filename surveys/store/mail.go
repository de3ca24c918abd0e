package store

import (
	"context"
	"encoding/json"
	"time"

	"trustcard/surveys"
)

type mailRow struct {
	ID        int64
	OrgID     int64
	MessageID string
	Recipient string
	Subject   string
	HTML      string
	Text      string
	Headers   string
	CreatedAt time.Time
}

func (mailRow) TableName() string { return "mail_messages" }

// CaptureMail stores an email.
func (db *DB) CaptureMail(ctx context.Context, m *surveys.CapturedMail) error {
	headers, err := json.Marshal(m.Headers)
	if err != nil {
		return err
	}
	row := mailRow{OrgID: m.OrgID, MessageID: m.MessageID, Recipient: m.To, Subject: m.Subject, HTML: m.HTML,
		Text: m.Text, Headers: string(headers), CreatedAt: m.CreatedAt.UTC()}
	if err := db.q(ctx).Create(&row).Error; err != nil {
		return translate("capture mail", err)
	}
	m.ID = row.ID
	return nil
}

// FindCapturedMail returns an org's captured mail, newest first.
func (db *DB) FindCapturedMail(ctx context.Context, orgID int64, p surveys.Page) ([]*surveys.CapturedMail, int, error) {
	g := db.q(ctx).Model(&mailRow{}).Where("org_id = ?", orgID)
	rows, total, err := findPage[mailRow](g, p, "id DESC", "mail")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.CapturedMail, len(rows))
	for i, r := range rows {
		out[i] = &surveys.CapturedMail{ID: r.ID, OrgID: r.OrgID, MessageID: r.MessageID, To: r.Recipient, Subject: r.Subject,
			HTML: r.HTML, Text: r.Text, CreatedAt: r.CreatedAt.UTC()}
		_ = json.Unmarshal([]byte(r.Headers), &out[i].Headers)
	}
	return out, total, nil
}
