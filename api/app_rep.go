package api

import (
	"cmp"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/sync/errgroup"

	"trustcard/surveys"
)

// feedPageSize is how many answers the rep's page lists at a time.
const feedPageSize = 20

// repQuery is what the rep page's address asks for, checked:
// ?from=&to= (the period), and for the feed ?page=, ?question=,
// ?rating=low|high and ?comments=1.
type repQuery struct {
	Window   surveys.Window
	Page     int // from 1
	Question string
	Band     surveys.Band
	Comments bool
}

// showRepPage shows a rep's page for the period asked: the rep, a leader
// of their team or an admin may open it; anyone else finds nothing there.
func (s *Server) showRepPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.NewError(fiber.StatusNotFound, "There is no such page.")
	}
	q, err := s.parseRepQuery(c)
	if err != nil {
		return err
	}
	// The figures and the page of answers are read at once.
	in := repInput{Query: q, Path: fmt.Sprintf("/app/reps/%d", id), Actor: surveys.ActorFromContext(ctx)}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		in.Page, err = s.Scores.RepPage(gctx, id, q.Window)
		return err
	})
	g.Go(func() (err error) {
		in.Feed, in.Total, err = s.Scores.FindResponses(gctx, q.Window, q.filter(id))
		return err
	})
	g.Go(func() (err error) {
		in.Diagnosis, err = s.readDiagnosis(gctx, id, q.Window)
		return err
	})
	in.Org, err = s.Directory.Settings(ctx)
	if err == nil {
		var today surveys.Window
		today, err = s.Scores.DefaultWindow(ctx)
		in.Today = today.To
	}
	if err := cmp.Or(g.Wait(), err); err != nil {
		return err
	}
	if in.Alerts, err = s.feedAlerts(c, in.Feed); err != nil {
		return err
	}
	return renderApp(s, c, "app_rep", in.Page.Detail.Rep.Name, in.Path, newRepView(in))
}

// parseRepQuery reads and checks the page's parameters. EINVALID names the
// one that is wrong; the domain checks ?question= and ?rating=.
func (s *Server) parseRepQuery(c *fiber.Ctx) (repQuery, error) {
	var q repQuery
	var err error
	if q.Window, err = s.Scores.ParseWindow(c.UserContext(), c.Query("from"), c.Query("to")); err != nil {
		return q, err
	}
	q.Page = 1
	if p := c.Query("page"); p != "" {
		if q.Page, err = strconv.Atoi(p); err != nil || q.Page < 1 || q.Page > 100_000 {
			return q, surveys.Errorf(surveys.EINVALID, "page", "must be a whole number from 1")
		}
	}
	switch c.Query("comments") {
	case "":
	case "1":
		q.Comments = true
	default:
		return q, surveys.Errorf(surveys.EINVALID, "comments", "must be 1 (only answers with a comment) or left out")
	}
	q.Question, q.Band = c.Query("question"), surveys.Band(c.Query("rating"))
	return q, nil
}

// filter selects one page of rep id's answers.
func (q repQuery) filter(id int64) surveys.ResponseFilter {
	return surveys.ResponseFilter{RepIDs: []int64{id}, Question: q.Question, Band: q.Band, Comments: q.Comments,
		Page: surveys.Page{Offset: (q.Page - 1) * feedPageSize, Limit: feedPageSize}}
}

// values are the query's parameters; page is left out when it is the first.
func (q repQuery) values() url.Values {
	v := url.Values{"from": {dayText(q.Window.From)}, "to": {dayText(q.Window.To)}}
	if q.Question != "" {
		v.Set("question", q.Question)
	}
	if q.Band != "" {
		v.Set("rating", string(q.Band))
	}
	if q.Comments {
		v.Set("comments", "1")
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	return v
}

// repInput is what the rep's page is drawn from.
type repInput struct {
	Page      *surveys.RepPage
	Feed      []*surveys.ResponseView
	Alerts    map[int64]*surveys.AlertView // by response: the feed's alerts
	Total     int
	Query     repQuery
	Org       *surveys.Org
	Today     time.Time // in the org's time zone
	Path      string    // the page's path, /app/reps/{id}
	Actor     *surveys.Actor
	Diagnosis diagnosisInput
}

// link is the page's address with q's parameters.
func (in repInput) link(q repQuery) string { return in.Path + "?" + q.values().Encode() }
