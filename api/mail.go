package api

import (
	"context"
	"time"
)

type mailResponse struct {
	ID        int64             `json:"id"`
	MessageID string            `json:"message_id"`
	To        string            `json:"to"`
	Subject   string            `json:"subject"`
	Headers   map[string]string `json:"headers"`
	Text      string            `json:"text"`
	HTML      string            `json:"html"`
	CreatedAt time.Time         `json:"created_at"`
}

// listMail shows the mail captured when no SMTP server is configured.
func (s *Server) listMail(ctx context.Context, in *PageParams) (*listOutput[mailResponse], error) {
	p := in.page()
	msgs, total, err := s.Delivery.FindCapturedMail(ctx, p)
	if err != nil {
		return nil, err
	}
	items := make([]mailResponse, len(msgs))
	for i, m := range msgs {
		items[i] = mailResponse{ID: m.ID, MessageID: m.MessageID, To: m.To, Subject: m.Subject, Headers: m.Headers,
			Text: m.Text, HTML: m.HTML, CreatedAt: m.CreatedAt}
	}
	return newList(items, total, p), nil
}
