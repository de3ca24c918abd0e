package api

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// The captured-mail viewer, /app/admin/mail: the mail Trustcard keeps
// instead of sending it while no SMTP server is configured, paged and
// searched by recipient or subject; a message shows its HTML in a
// sandboxed frame beside its text, and its files for download.

// mailListPage is the view model of the list.
type mailListPage struct {
	Query string
	Total int
	Mail  []*surveys.CapturedMail
	Pager pager
}

// showMail lists the captured mail, newest first.
func (s *Server) showMail(c *fiber.Ctx) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	q := c.Query("q")
	msgs, total, err := s.Delivery.FindCapturedMail(c.UserContext(), surveys.MailFilter{Query: q, Page: page})
	if err != nil {
		return err
	}
	p := mailListPage{Query: q, Total: total, Mail: msgs, Pager: newPager("Messages", "/app/admin/mail", queryValues(c), page, total)}
	return renderApp(s, c, "app_mail", "Captured mail", "/app/admin/mail", p)
}

// mailMessagePage is the view model of one message.
type mailMessagePage struct {
	Mail  *surveys.CapturedMail
	HTML  string     // the address of its sandboxed HTML
	Text  []textPart // its text, with links
	Files []mailFileLink
}

// mailFileLink is an attached file to download.
type mailFileLink struct {
	Name, Type, Size, URL string
}

// textPart is a run of a message's text: plain, or a link.
type textPart struct {
	Text string
	Link bool
}

// showMailMessage shows one message: its HTML beside its text, its files.
func (s *Server) showMailMessage(c *fiber.Ctx) error {
	m, err := s.mailMessage(c)
	if err != nil {
		return err
	}
	base := "/app/admin/mail/" + strconv.FormatInt(m.ID, 10)
	p := mailMessagePage{Mail: m, HTML: base + "/html", Text: linkify(m.Text)}
	for i, f := range m.Files {
		p.Files = append(p.Files, mailFileLink{Name: f.Name, Type: f.ContentType, Size: byteSize(int64(f.Size)),
			URL: base + "/files/" + strconv.Itoa(i+1)})
	}
	return renderApp(s, c, "app_mail_message", m.Subject, "/app/admin/mail", p)
}

// mailPolicy sandboxes a message's HTML: no script, no form, nothing
// loaded from anywhere (images only as data: URLs, styles only inline);
// links open in a new tab outside the sandbox; only the app may frame it.
const mailPolicy = "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"

// showMailHTML is a message's HTML for its sandboxed frame, its links
// made to open in a new tab.
func (s *Server) showMailHTML(c *fiber.Ctx) error {
	m, err := s.mailMessage(c)
	if err != nil {
		return err
	}
	c.Set("Content-Security-Policy", mailPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(newTabLinks(m.HTML))
}

// downloadMailFile sends a message's nth file (from 1) as a download.
func (s *Server) downloadMailFile(c *fiber.Ctx) error {
	m, err := s.mailMessage(c)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 || n > len(m.Files) {
		return fiber.NewError(fiber.StatusNotFound, "That message has no such file.")
	}
	f := m.Files[n-1]
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	if f.ContentType == "application/pdf" || strings.HasPrefix(f.ContentType, "text/csv") {
		c.Set(fiber.HeaderContentType, f.ContentType)
	}
	c.Set(fiber.HeaderContentDisposition, attachment(f.Name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(f.Data)
}

// mailMessage is the message the path's :id names, or 404.
func (s *Server) mailMessage(c *fiber.Ctx) (*surveys.CapturedMail, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	return s.Delivery.CapturedMessage(c.UserContext(), id)
}

// headTag is where a message's head starts.
var headTag = regexp.MustCompile(`(?i)<head(\s[^>]*)?>`)

// newTabLinks makes every link of an HTML message open in a new tab,
// sending no referrer.
func newTabLinks(html string) string {
	const base = `<base target="_blank"><meta name="referrer" content="no-referrer">`
	if loc := headTag.FindStringIndex(html); loc != nil {
		return html[:loc[1]] + base + html[loc[1]:]
	}
	return base + html
}

// textLink finds web links in a text part.
var textLink = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)\]]`)

// linkify splits text into plain runs and links.
func linkify(text string) []textPart {
	var out []textPart
	last := 0
	for _, loc := range textLink.FindAllStringIndex(text, -1) {
		if loc[0] > last {
			out = append(out, textPart{Text: text[last:loc[0]]})
		}
		out = append(out, textPart{Text: text[loc[0]:loc[1]], Link: true})
		last = loc[1]
	}
	if last < len(text) {
		out = append(out, textPart{Text: text[last:]})
	}
	return out
}
