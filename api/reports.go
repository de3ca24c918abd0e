package api

import (
	"bufio"
	"bytes"
	"context"
	"fmt"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"

	"trustcard/reports"
)

type reportInput struct {
	ID int64 `path:"id" doc:"The rep's or team's id"`
	WindowParams
}

type pdfOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type zipOutput struct {
	Body func(huma.Context)
}

func newPDF(name string, buf *bytes.Buffer) *pdfOutput {
	return &pdfOutput{ContentType: "application/pdf", ContentDisposition: attachment(name), Body: buf.Bytes()}
}

func attachment(name string) string { return fmt.Sprintf("attachment; filename=%q", name) }

func (s *Server) getRepReport(ctx context.Context, in *reportInput) (*pdfOutput, error) {
	w, err := s.window(ctx, in.WindowParams)
	if err != nil {
		return nil, err
	}
	c, err := s.Surveys.RepCard(ctx, in.ID, w)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := reports.RepCard(&buf, c); err != nil {
		return nil, err
	}
	return newPDF(reports.CardName(c), &buf), nil
}

func (s *Server) getTeamReport(ctx context.Context, in *reportInput) (*pdfOutput, error) {
	w, err := s.window(ctx, in.WindowParams)
	if err != nil {
		return nil, err
	}
	r, err := s.Surveys.TeamReport(ctx, in.ID, w)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := reports.TeamReport(&buf, r); err != nil {
		return nil, err
	}
	return newPDF(fmt.Sprintf("team-%d.pdf", in.ID), &buf), nil
}

func (s *Server) getTeamCards(ctx context.Context, in *reportInput) (*zipOutput, error) {
	return s.streamCards(ctx, in.ID, in.WindowParams, fmt.Sprintf("team-%d-cards.zip", in.ID))
}

func (s *Server) getOrgCards(ctx context.Context, in *struct{ WindowParams }) (*zipOutput, error) {
	return s.streamCards(ctx, 0, in.WindowParams, "cards.zip")
}

// streamCards checks the request, then answers with a ZIP of the cards
// written to the connection as each is drawn. A failure once the answer
// has started can only cut the archive short; it is logged.
func (s *Server) streamCards(ctx context.Context, teamID int64, q WindowParams, name string) (*zipOutput, error) {
	w, err := s.window(ctx, q)
	if err != nil {
		return nil, err
	}
	ids, err := s.Surveys.CardRepIDs(ctx, teamID)
	if err != nil {
		return nil, err
	}
	return &zipOutput{Body: func(hc huma.Context) {
		c := humafiber.Unwrap(hc)
		c.Set("Content-Type", "application/zip")
		c.Set("Content-Disposition", attachment(name))
		c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
			if err := reports.Zip(bw, s.Surveys.RepCards(ctx, ids, w)); err != nil {
				s.Logger.Error("stream report cards", "err", err)
			}
		})
	}}, nil
}
