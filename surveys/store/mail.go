package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

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

func (r *mailRow) toMail() *surveys.CapturedMail {
	m := &surveys.CapturedMail{ID: r.ID, OrgID: r.OrgID, MessageID: r.MessageID, To: r.Recipient, Subject: r.Subject,
		HTML: r.HTML, Text: r.Text, CreatedAt: r.CreatedAt.UTC()}
	_ = json.Unmarshal([]byte(r.Headers), &m.Headers)
	return m
}

type mailFileRow struct {
	ID          int64
	MailID      int64
	Name        string
	ContentType string
	Data        []byte
	Size        int `gorm:"->;-:migration"` // read only: LENGTH(data)
}

func (mailFileRow) TableName() string { return "mail_files" }

// CaptureMail stores an email and its files.
func (db *DB) CaptureMail(ctx context.Context, m *surveys.CapturedMail) error {
	headers, err := json.Marshal(m.Headers)
	if err != nil {
		return err
	}
	row := mailRow{OrgID: m.OrgID, MessageID: m.MessageID, Recipient: m.To, Subject: m.Subject, HTML: m.HTML,
		Text: m.Text, Headers: string(headers), CreatedAt: m.CreatedAt.UTC()}
	err = db.q(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for _, f := range m.Files {
			file := mailFileRow{MailID: row.ID, Name: f.Name, ContentType: f.ContentType, Data: f.Data}
			if err := tx.Omit("Size").Create(&file).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return translate("capture mail", err)
	}
	m.ID = row.ID
	return nil
}

// FindCapturedMail returns the matching mail, newest first, with its
// files' names and sizes.
func (db *DB) FindCapturedMail(ctx context.Context, f surveys.MailFilter) ([]*surveys.CapturedMail, int, error) {
	g := db.q(ctx).Model(&mailRow{}).Where("org_id = ?", f.OrgID)
	if f.Query != "" {
		like := likePattern(f.Query)
		g = g.Where(`LOWER(recipient) LIKE ? ESCAPE '\' OR LOWER(subject) LIKE ? ESCAPE '\'`, like, like)
	}
	rows, total, err := findPage[mailRow](g, f.Page, "id DESC", "mail")
	if err != nil {
		return nil, 0, err
	}
	out := make([]*surveys.CapturedMail, len(rows))
	byID := map[int64]*surveys.CapturedMail{}
	ids := make([]int64, len(rows))
	for i := range rows {
		out[i] = rows[i].toMail()
		byID[rows[i].ID], ids[i] = out[i], rows[i].ID
	}
	var files []mailFileRow
	err = db.q(ctx).Model(&mailFileRow{}).Select("id, mail_id, name, content_type, LENGTH(data) AS size").
		Where("mail_id IN ?", emptyGuard(ids)).Order("id").Find(&files).Error
	if err != nil {
		return nil, 0, translate("find mail files", err)
	}
	for _, file := range files {
		m := byID[file.MailID]
		m.Files = append(m.Files, surveys.MailFile{Name: file.Name, ContentType: file.ContentType, Size: file.Size})
	}
	return out, total, nil
}

// FindCapturedMailByID returns one message with its files.
func (db *DB) FindCapturedMailByID(ctx context.Context, orgID, id int64) (*surveys.CapturedMail, error) {
	var row mailRow
	if err := db.q(ctx).Where("org_id = ? AND id = ?", orgID, id).Take(&row).Error; err != nil {
		return nil, translate("find mail", err)
	}
	m := row.toMail()
	var files []mailFileRow
	if err := db.q(ctx).Omit("Size").Where("mail_id = ?", id).Order("id").Find(&files).Error; err != nil {
		return nil, translate("find mail files", err)
	}
	for _, f := range files {
		m.Files = append(m.Files, surveys.MailFile{Name: f.Name, ContentType: f.ContentType, Size: len(f.Data), Data: f.Data})
	}
	return m, nil
}
