package api

import (
	"context"
	"time"

	"trustcard/surveys"
)

type mailResponse struct {
	ID        int64              `json:"id"`
	MessageID string             `json:"message_id"`
	To        string             `json:"to"`
	Subject   string             `json:"subject"`
	Headers   map[string]string  `json:"headers"`
	Text      string             `json:"text"`
	HTML      string             `json:"html"`
	Files     []mailFileResponse `json:"files"`
	CreatedAt time.Time          `json:"created_at"`
}

type mailFileResponse struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size" doc:"In bytes"`
}

type listMailInput struct {
	PageParams
	Query string `query:"q" maxLength:"200" doc:"Part of the recipient or the subject, any case"`
}

// listMail shows the mail captured when no SMTP server is configured.
func (s *Server) listMail(ctx context.Context, in *listMailInput) (*listOutput[mailResponse], error) {
	p := in.page()
	msgs, total, err := s.Delivery.FindCapturedMail(ctx, surveys.MailFilter{Query: in.Query, Page: p})
	if err != nil {
		return nil, err
	}
	items := make([]mailResponse, len(msgs))
	for i, m := range msgs {
		items[i] = mailResponse{ID: m.ID, MessageID: m.MessageID, To: m.To, Subject: m.Subject, Headers: m.Headers,
			Text: m.Text, HTML: m.HTML, Files: []mailFileResponse{}, CreatedAt: m.CreatedAt}
		for _, f := range m.Files {
			items[i].Files = append(items[i].Files, mailFileResponse{Name: f.Name, ContentType: f.ContentType, Size: f.Size})
		}
	}
	return newList(items, total, p), nil
}
