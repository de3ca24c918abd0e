package api

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// Imports from CSV, one mechanism for reps and for interactions: an admin
// uploads a file, which is kept under the hash of its bytes
// (Directory.KeepUpload), and sees a preview of what it would do with
// every bad row named by its line; nothing is written until they confirm
// that same file by its hash, and then every row is written in one
// transaction, or none.

// maxImportBytes is the largest file an import takes: 10,000 rows of
// interactions fit with room to spare.
const maxImportBytes = 3 << 20

// maxShownProblems bounds the problems a preview lists.
const maxShownProblems = 200

// importer is one kind of import.
type importer struct {
	Kind    string // surveys.UploadReps, …
	Title   string
	Path    string // its page, under the admin console
	Noun    string // what a row is, plural: "reps"
	Columns []importColumn
	Example string // a small file in that format
	// run checks recs (and writes them when commit) through the domain.
	run func(s *Server, ctx context.Context, recs []csvRecord, commit bool) (*surveys.ImportReport, error)
}

// importPage is the view model of an import's page: the form, the
// preview of an uploaded file, or what the import did.
type importPage struct {
	*importer
	MaxRows  string // "10,000"
	MaxSize  string
	Confirm  string // the confirm button's words: "Import 3 rows"
	Hash     string // the previewed file
	Report   *surveys.ImportReport
	Problems []surveys.ImportProblem // the first maxShownProblems
	More     int                     // problems left out
	Header   []string
	Sample   [][]string // the first rows, as read
	Notice   string
	Error    string
}

// fileHash is what a kept file's hash looks like.
var fileHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// showImport shows imp's form, or the preview of the file ?file= names.
func (s *Server) showImport(imp *importer) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := newImportPage(imp)
		if n := c.Query("created"); n != "" {
			p.Notice = fmt.Sprintf("Imported: %s created, %s updated, %s already as the file says.", n, c.Query("updated", "0"), c.Query("unchanged", "0"))
		}
		hash := c.Query("file")
		if hash == "" {
			return renderApp(s, c, "app_import", imp.Title, imp.Path, p)
		}
		status, err := s.previewImport(c, imp, hash, false, &p)
		if err != nil {
			return err
		}
		return s.renderImport(c, status, p)
	}
}

// uploadImport keeps the uploaded file and shows its preview.
func (s *Server) uploadImport(imp *importer) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := newImportPage(imp)
		body, status, msg := readUpload(c)
		if msg != "" {
			p.Error = msg
			return s.renderImport(c, status, p)
		}
		hash, err := s.Directory.KeepUpload(c.UserContext(), imp.Kind, body)
		if err != nil {
			return err
		}
		return c.Redirect(imp.Path+"?file="+hash, fiber.StatusSeeOther)
	}
}

// confirmImport writes the previewed file, all rows or none; when it has
// problems now (the stored data changed since), the preview again.
func (s *Server) confirmImport(imp *importer) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := newImportPage(imp)
		status, err := s.previewImport(c, imp, c.FormValue("file"), true, &p)
		if err != nil {
			return err
		}
		if p.Report == nil || !p.Report.Written {
			if status == fiber.StatusOK {
				status = fiber.StatusConflict
			}
			return s.renderImport(c, status, p)
		}
		r := p.Report
		q := url.Values{"created": {fmt.Sprint(r.Created)}, "updated": {fmt.Sprint(r.Updated)}, "unchanged": {fmt.Sprint(r.Unchanged)}}
		return c.Redirect(imp.Path+"?"+q.Encode(), fiber.StatusSeeOther)
	}
}

// previewImport reads the kept file hash and checks it, writing it when
// commit; what the page shows goes into p. The status is what the page
// answers: 200, 404 for an unknown file, 422 for one that cannot be read.
func (s *Server) previewImport(c *fiber.Ctx, imp *importer, hash string, commit bool, p *importPage) (int, error) {
	if !fileHash.MatchString(hash) {
		p.Error = "No file was named: upload one below."
		return fiber.StatusNotFound, nil
	}
	// Checking or writing 10,000 rows takes seconds: the import's database
	// work has the response's write timeout, not the request's deadline.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.UserContext()), cmp.Or(s.limits.WriteTimeout, DefaultLimits.WriteTimeout))
	defer cancel()
	body, err := s.Directory.Upload(ctx, imp.Kind, hash)
	if surveys.ErrorCode(err) == surveys.ENOTFOUND {
		p.Error = "That file is no longer kept (files wait a day for their confirmation): upload it again."
		return fiber.StatusNotFound, nil
	}
	if err != nil {
		return 0, err
	}
	recs, problems, err := parseImport(body, imp.Columns)
	if surveys.ErrorCode(err) == surveys.EINVALID {
		_, p.Error = surveys.ErrorDetail(err)
		p.Error = "This file cannot be imported: it " + p.Error
		return fiber.StatusUnprocessableEntity, nil
	}
	if err != nil {
		return 0, err
	}
	if len(problems) > 0 {
		commit = false // a row that cannot be read writes nothing
	}
	r, err := imp.run(s, ctx, recs, commit)
	if err != nil {
		return 0, err
	}
	r.Rows += len(problems)
	r.Problems = append(r.Problems, problems...)
	for i := range r.Problems {
		r.Problems[i].Field = strings.ReplaceAll(r.Problems[i].Field, ".", "_") // buyer.email is the column buyer_email
	}
	r.SortProblems()
	p.Hash, p.Report, p.Confirm = hash, r, "Import "+plural(int64(r.Rows), "row", "rows")
	p.Problems, p.More = r.Problems[:min(len(r.Problems), maxShownProblems)], max(0, len(r.Problems)-maxShownProblems)
	p.Header, p.Sample = sampleOf(imp, recs)
	return fiber.StatusOK, nil
}

// readUpload reads the form's file, or says what is wrong with it.
func readUpload(c *fiber.Ctx) (body []byte, status int, problem string) {
	fh, err := c.FormFile("file")
	switch {
	case err != nil:
		return nil, fiber.StatusUnprocessableEntity, "Choose a CSV file to upload."
	case fh.Size > maxImportBytes:
		return nil, fiber.StatusRequestEntityTooLarge, fmt.Sprintf("That file is %s; an import takes at most %s. Split it and import each part.",
			byteSize(fh.Size), byteSize(maxImportBytes))
	case fh.Size == 0:
		return nil, fiber.StatusUnprocessableEntity, "That file is empty."
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fiber.StatusUnprocessableEntity, "That file could not be read; upload it again."
	}
	defer f.Close()
	body, err = io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil || len(body) > maxImportBytes {
		return nil, fiber.StatusUnprocessableEntity, "That file could not be read; upload it again."
	}
	return body, fiber.StatusOK, ""
}

func newImportPage(imp *importer) importPage {
	return importPage{importer: imp, MaxRows: fmt.Sprintf("%d,%03d", surveys.MaxImportRows/1000, surveys.MaxImportRows%1000),
		MaxSize: byteSize(maxImportBytes)}
}

func (s *Server) renderImport(c *fiber.Ctx, status int, p importPage) error {
	return renderRefused(s, c, status, "app_import", p.Title, p.Path, p)
}

// sampleOf is the first rows of recs as the import reads them.
func sampleOf(imp *importer, recs []csvRecord) ([]string, [][]string) {
	header := []string{"line"}
	for _, col := range imp.Columns {
		header = append(header, col.Name)
	}
	var rows [][]string
	for _, r := range recs[:min(len(recs), 5)] {
		row := []string{fmt.Sprint(r.Line)}
		for _, col := range imp.Columns {
			row = append(row, r.Cells[col.Name])
		}
		rows = append(rows, row)
	}
	return header, rows
}

// byteSize is n in kB or MB.
func byteSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d kB", (n+1023)/1024)
}
