package api

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// adminPageSize is how many rows a console list shows at a time.
const adminPageSize = 50

// refusal is a change a console form asked for and the domain refused:
// the field to mark and the reason to show beside it.
type refusal struct {
	Field, Message string
}

// refusedBy reads err as a form's refusal: bad input (422), a conflict
// (409) or a reference to something gone (404, for a team or rep picked
// in the form). ok is false for any other error, which the error page
// shows.
func refusedBy(err error) (r refusal, status int, ok bool) {
	switch surveys.ErrorCode(err) {
	case surveys.EINVALID, surveys.ECONFLICT:
		r.Field, r.Message = surveys.ErrorDetail(err)
		return r, codes[surveys.ErrorCode(err)], true
	}
	return r, 0, false
}

// renderRefused renders a console form page again with the status of its
// refusal.
func renderRefused[T any](s *Server, c *fiber.Ctx, status int, name, title, current string, page T) error {
	chrome, err := s.chrome(c, current)
	if err != nil {
		return err
	}
	return s.Pages.Render(c, status, name, title, appView[T]{Chrome: chrome, Page: page})
}

// pathID is the page's {id}, which the route's <int> constraint has
// checked is digits.
func pathID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.NewError(fiber.StatusNotFound, "There is no such page.")
	}
	return id, nil
}

// pager is a console list's position and its links to the pages beside.
type pager struct {
	Label      string // the list's pages, for screen readers: "Pages of reps"
	Text       string // "Reps 51–100 of 230"
	Prev, Next string
}

// listPage reads the ?page= of a console list: from 1. EINVALID names
// "page".
func listPage(c *fiber.Ctx) (surveys.Page, error) {
	n := 1
	if v := c.Query("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1_000_000 {
			return surveys.Page{}, surveys.Errorf(surveys.EINVALID, "page", "must be a page number from 1")
		}
	}
	return surveys.Page{Offset: (n - 1) * adminPageSize, Limit: adminPageSize}, nil
}

// newPager describes page p of total rows called what at path with the
// list's filters q.
func newPager(what, path string, q url.Values, p surveys.Page, total int) pager {
	n := p.Offset/adminPageSize + 1
	link := func(page int) string {
		v := url.Values{}
		for k, vs := range q {
			if len(vs) > 0 && vs[0] != "" && k != "page" {
				v.Set(k, vs[0])
			}
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	pg := pager{Label: "Pages of " + strings.ToLower(what), Text: fmt.Sprintf("%s %d–%d of %d", what, min(p.Offset+1, total), min(p.Offset+adminPageSize, total), total)}
	if n > 1 {
		pg.Prev = link(n - 1)
	}
	if p.Offset+adminPageSize < total {
		pg.Next = link(n + 1)
	}
	return pg
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// options marks the option whose value is chosen.
func options(chosen string, pairs ...string) []option {
	out := make([]option, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, option{Value: pairs[i], Label: pairs[i+1], Selected: pairs[i] == chosen})
	}
	return out
}

// queryValues is the request's query string, for a list's page links.
func queryValues(c *fiber.Ctx) url.Values {
	v := url.Values{}
	for k, x := range c.Queries() {
		v.Set(k, x)
	}
	return v
}

// formField is one text input of a console form, with the reason it was
// refused, if it was.
type formField struct {
	ID, Label, Type, Value, Note string
	Problem                      string // why the value was refused
	ReadOnly                     bool
}

// field is the input id of a form that r may have refused.
func field(id, label, typ, value, note string, r refusal) formField {
	f := formField{ID: id, Label: label, Type: typ, Value: value, Note: note}
	if r.Field == id {
		f.Problem = r.Message
	}
	return f
}
