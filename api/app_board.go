package api

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/sync/errgroup"

	"trustcard/surveys"
)

// boardQuery is what a board's address asks for, checked: ?from=&to= (the
// period), ?sort= (the table's order) and, on a team's board, ?page= (of
// the comments).
type boardQuery struct {
	Window surveys.Window
	Sort   boardSort
	Page   int // from 1
}

// values are the query's parameters; sort and page are left out at their
// defaults.
func (q boardQuery) values() url.Values {
	v := url.Values{"from": {dayText(q.Window.From)}, "to": {dayText(q.Window.To)}}
	if q.Sort != defaultBoardSort {
		v.Set("sort", q.Sort.String())
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	return v
}

// parseBoardQuery reads and checks a board's parameters. EINVALID names the
// one that is wrong.
func (s *Server) parseBoardQuery(c *fiber.Ctx) (boardQuery, error) {
	q := boardQuery{Page: 1}
	var err error
	if q.Window, err = s.Scores.ParseWindow(c.UserContext(), c.Query("from"), c.Query("to")); err != nil {
		return q, err
	}
	if q.Sort, err = parseBoardSort(c.Query("sort")); err != nil {
		return q, err
	}
	if p := c.Query("page"); p != "" {
		if q.Page, err = strconv.Atoi(p); err != nil || q.Page < 1 || q.Page > 100_000 {
			return q, surveys.Errorf(surveys.EINVALID, "page", "must be a whole number from 1")
		}
	}
	return q, nil
}

// showTeamBoard shows a team's board for the period asked: a leader of the
// team (or of a team above it) or an admin may open it; anyone else finds
// nothing there.
func (s *Server) showTeamBoard(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.NewError(fiber.StatusNotFound, "There is no such page.")
	}
	q, err := s.parseBoardQuery(c)
	if err != nil {
		return err
	}
	// The figures, the teams' names and the comments are read at once:
	// each is a few round trips to the database.
	var report *surveys.TeamReport
	var teams []*surveys.Team
	var feed boardFeedInput
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		report, err = s.Scores.TeamReport(gctx, id, q.Window)
		return err
	})
	g.Go(func() (err error) {
		teams, _, err = s.Directory.FindTeams(gctx, surveys.TeamFilter{Page: surveys.Page{Limit: -1}})
		return err
	})
	g.Go(func() (err error) {
		// One more than a page says whether there are older comments,
		// without counting them all.
		feed.Items, _, err = s.Scores.FindResponses(gctx, q.Window, surveys.ResponseFilter{TeamIDs: []int64{id},
			Comments: true, NoTotal: true, Page: surveys.Page{Offset: (q.Page - 1) * boardFeedSize, Limit: boardFeedSize + 1}})
		return err
	})
	in, err := s.boardInput(ctx, q, fmt.Sprintf("/app/teams/%d", id))
	if err := cmp.Or(g.Wait(), err); err != nil {
		return err
	}
	v := newTeamBoardView(in, report, teams, feed)
	return renderApp(s, c, "app_board", report.Detail.Team.Name, "/app", v)
}

// showOrgBoard shows the teams the person may see side by side: every team
// for an admin, the teams a leader leads with their sub-teams. Reps find
// nothing there.
func (s *Server) showOrgBoard(c *fiber.Ctx) error {
	q, err := s.parseBoardQuery(c)
	if err != nil {
		return err
	}
	board, err := s.Scores.OrgBoard(c.UserContext(), q.Window)
	if err != nil {
		return err
	}
	in, err := s.boardInput(c.UserContext(), q, "/app/org")
	if err != nil {
		return err
	}
	current := "/app/org"
	if in.Actor.Role == surveys.RoleLeader {
		current = "/app"
	}
	return renderApp(s, c, "app_board", board.OrgName, current, newOrgBoardView(in, board))
}

// boardInput gathers what both boards are drawn from besides their figures.
func (s *Server) boardInput(ctx context.Context, q boardQuery, path string) (boardInput, error) {
	org, err := s.Directory.Settings(ctx)
	if err != nil {
		return boardInput{}, err
	}
	today, err := s.Scores.DefaultWindow(ctx)
	if err != nil {
		return boardInput{}, err
	}
	return boardInput{Query: q, Org: org, Today: today.To, Path: path, Actor: surveys.ActorFromContext(ctx)}, nil
}
