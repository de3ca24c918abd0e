package api

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"mime"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"trustcard/reports"
	"trustcard/surveys"
)

// The same reports are served to API keys under /api/v1/reports and to
// signed-in users (a leader's teams, a rep's own card) under /reports.

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

// attachment names a download; a non-ASCII name is encoded as RFC 2231
// asks: filename*, UTF-8, percent-encoded.
func attachment(name string) string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

func (s *Server) getRepReport(ctx context.Context, in *reportInput) (*pdfOutput, error) {
	return s.pdf(ctx, in.WindowParams, func(w surveys.Window, buf *bytes.Buffer) (string, error) {
		c, err := s.Scores.RepCard(ctx, in.ID, w)
		if err != nil {
			return "", err
		}
		return reports.CardName(c), reports.RepCard(buf, c)
	})
}

func (s *Server) getTeamReport(ctx context.Context, in *reportInput) (*pdfOutput, error) {
	return s.pdf(ctx, in.WindowParams, func(w surveys.Window, buf *bytes.Buffer) (string, error) {
		r, err := s.Scores.TeamReport(ctx, in.ID, w)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("team-%d.pdf", in.ID), reports.TeamReport(buf, r)
	})
}

// pdf draws one report for the window the query asks for.
func (s *Server) pdf(ctx context.Context, q WindowParams, draw func(surveys.Window, *bytes.Buffer) (string, error)) (*pdfOutput, error) {
	w, err := s.window(ctx, q)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	name, err := draw(w, &buf)
	if err != nil {
		return nil, err
	}
	return &pdfOutput{ContentType: "application/pdf", ContentDisposition: attachment(name), Body: buf.Bytes()}, nil
}

func (s *Server) getTeamCards(ctx context.Context, in *reportInput) (*zipOutput, error) {
	return s.cardsZip(ctx, in.ID, in.WindowParams)
}

func (s *Server) getOrgCards(ctx context.Context, in *struct{ WindowParams }) (*zipOutput, error) {
	return s.cardsZip(ctx, 0, in.WindowParams)
}

func (s *Server) cardsZip(ctx context.Context, teamID int64, q WindowParams) (*zipOutput, error) {
	stream, err := s.streamCards(ctx, teamID, q)
	if err != nil {
		return nil, err
	}
	return &zipOutput{Body: func(hc huma.Context) { stream(humafiber.Unwrap(hc)) }}, nil
}

// streamCards checks the request, then returns what answers it with a
// ZIP of the cards written to the connection as each is drawn. A failure
// once the answer has started can only cut the archive short; it is logged.
func (s *Server) streamCards(ctx context.Context, teamID int64, q WindowParams) (func(*fiber.Ctx), error) {
	w, err := s.window(ctx, q)
	if err != nil {
		return nil, err
	}
	ids, err := s.Scores.CardRepIDs(ctx, teamID)
	if err != nil {
		return nil, err
	}
	name := "cards.zip"
	if teamID != 0 {
		name = fmt.Sprintf("team-%d-cards.zip", teamID)
	}
	return func(c *fiber.Ctx) {
		c.Set("Content-Type", "application/zip")
		c.Set("Content-Disposition", attachment(name))
		// The cards are read and drawn after the handler returned, which
		// ends the request's database deadline: the stream has the
		// response's write timeout instead.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cmp.Or(s.limits.WriteTimeout, DefaultLimits.WriteTimeout))
		c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
			defer cancel()
			if err := reports.Zip(bw, s.Scores.RepCards(ctx, ids, w)); err != nil {
				s.Logger.Error("stream report cards", "err", err)
			}
		})
	}, nil
}

// downloadReport serves a PDF report to a signed-in user.
func (s *Server) downloadReport(get func(context.Context, *reportInput) (*pdfOutput, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := strconv.ParseInt(c.Params("id"), 10, 64)
		if err != nil {
			return fiber.ErrNotFound
		}
		out, err := get(c.UserContext(), &reportInput{ID: id, WindowParams: WindowParams{From: c.Query("from"), To: c.Query("to")}})
		if err != nil {
			return err
		}
		c.Set("Content-Disposition", out.ContentDisposition)
		c.Set("Content-Type", out.ContentType)
		return c.Send(out.Body)
	}
}

// downloadCards serves a ZIP of a team's cards (the org's with no id) to
// a signed-in user.
func (s *Server) downloadCards(c *fiber.Ctx) error {
	var id int64
	if p := c.Params("id"); p != "" {
		var err error
		if id, err = strconv.ParseInt(p, 10, 64); err != nil {
			return fiber.ErrNotFound
		}
	}
	stream, err := s.streamCards(c.UserContext(), id, WindowParams{From: c.Query("from"), To: c.Query("to")})
	if err != nil {
		return err
	}
	stream(c)
	return nil
}

// requireUser lets signed-in users through and sends others to sign in.
func (s *Server) requireUser(c *fiber.Ctx) error {
	if surveys.ActorFromContext(c.UserContext()) == nil {
		return fiber.NewError(fiber.StatusUnauthorized, "Sign in to download reports: ask for a sign-in link at /signin.")
	}
	return c.Next()
}

// describeDownloads tells the OpenAPI document that the report operations
// answer with PDF and ZIP files, not JSON.
func (s *Server) describeDownloads() {
	for path, typ := range map[string]string{"/reports/reps/{id}.pdf": "application/pdf", "/reports/teams/{id}.pdf": "application/pdf",
		"/reports/teams/{id}/cards.zip": "application/zip", "/reports/org/cards.zip": "application/zip",
		"/settings/logo": "image/png"} {
		if item := s.api.OpenAPI().Paths[path]; item != nil && item.Get != nil && item.Get.Responses["200"] != nil {
			item.Get.Responses["200"].Content = map[string]*huma.MediaType{typ: {Schema: &huma.Schema{Type: "string", Format: "binary"}}}
		}
	}
}
