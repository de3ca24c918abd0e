package api

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// alertsPageSize is how many alerts the inbox lists at a time.
const alertsPageSize = 20

// alertAges are the inbox's age filter: alerts opened at least this many
// days ago.
var alertAges = []int{1, 2, 7}

// alertsQuery is what the inbox's address asks for, checked:
// ?status=, ?team=, ?age= (days) and ?page=.
type alertsQuery struct {
	Status string
	Team   int64
	Age    int
	Page   int // from 1
}

// showAlerts shows the alert inbox: the alerts the signed-in person may
// see, filtered, newest first, each with the forms to move it on.
func (s *Server) showAlerts(c *fiber.Ctx) error {
	q, err := parseAlertsQuery(c)
	if err != nil {
		return err
	}
	f := surveys.AlertFilter{Team: q.Team, Page: surveys.Page{Offset: (q.Page - 1) * alertsPageSize, Limit: alertsPageSize}}
	if q.Status != "" {
		st := surveys.AlertStatus(q.Status)
		f.Status = &st
	}
	if q.Age > 0 {
		f.OpenedBefore = time.Now().UTC().AddDate(0, 0, -q.Age)
	}
	return s.renderAlerts(c, fiber.StatusOK, q, f, "")
}

// showAlert shows one alert, where its email links to.
func (s *Server) showAlert(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return s.renderAlerts(c, fiber.StatusOK, alertsQuery{Page: 1}, surveys.AlertFilter{IDs: []int64{id}}, "")
}

// moveAlert takes one step of an alert's follow-up from the inbox's form,
// and shows the alert again: moved, or with why it could not be.
func (s *Server) moveAlert(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	t := surveys.AlertTransition{To: surveys.AlertStatus(strings.Clone(c.FormValue("to"))),
		Note: strings.Clone(c.FormValue("note")), Outcome: surveys.AlertOutcome(strings.Clone(c.FormValue("outcome")))}
	_, err = s.Alerts.Transition(c.UserContext(), id, t)
	if err == nil {
		return c.Redirect(fmt.Sprintf("/app/alerts/%d", id), fiber.StatusSeeOther)
	}
	if _, status, ok := refusedBy(err); ok {
		return s.renderAlerts(c, status, alertsQuery{Page: 1}, surveys.AlertFilter{IDs: []int64{id}}, errorText(err))
	}
	return err
}

// renderAlerts writes the inbox of f with status; problem says why the
// last step was refused.
func (s *Server) renderAlerts(c *fiber.Ctx, status int, q alertsQuery, f surveys.AlertFilter, problem string) error {
	ctx := c.UserContext()
	views, total, err := s.Alerts.Inbox(ctx, f)
	if err != nil {
		return err
	}
	if len(f.IDs) == 1 && len(views) == 0 {
		return fiber.NewError(fiber.StatusNotFound, "There is no such alert.")
	}
	teams, _, err := s.Directory.FindTeams(ctx, surveys.TeamFilter{Page: surveys.Page{Limit: -1}})
	if err != nil {
		return err
	}
	org, err := s.Directory.Settings(ctx)
	if err != nil {
		return err
	}
	in := alertsInput{Views: views, Total: total, Query: q, Teams: teams, Org: org, One: len(f.IDs) == 1, Problem: problem}
	page := newAlertsView(in)
	return renderRefused(s, c, status, "app_alerts", page.Heading, "/app/alerts", page)
}

// parseAlertsQuery reads and checks the inbox's parameters; EINVALID names
// the one that is wrong.
func parseAlertsQuery(c *fiber.Ctx) (alertsQuery, error) {
	q := alertsQuery{Status: c.Query("status"), Page: 1}
	if q.Status != "" && !slices.Contains(surveys.AlertStatuses, surveys.AlertStatus(q.Status)) {
		return q, surveys.Errorf(surveys.EINVALID, "status", "must be open, acknowledged, contacted or resolved")
	}
	for name, dst := range map[string]*int{"age": &q.Age, "page": &q.Page} {
		v := c.Query(name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 1 || n > 100_000:
			return q, surveys.Errorf(surveys.EINVALID, name, "must be a whole number from 1")
		case name == "age" && !slices.Contains(alertAges, n):
			return q, surveys.Errorf(surveys.EINVALID, "age", "must be 1, 2 or 7 (days)")
		}
		*dst = n
	}
	if t := c.Query("team"); t != "" {
		var err error
		if q.Team, err = strconv.ParseInt(t, 10, 64); err != nil || q.Team < 1 {
			return q, surveys.Errorf(surveys.EINVALID, "team", "must be a team's id")
		}
	}
	return q, nil
}

// values are the query's parameters; page is left out when it is the first.
func (q alertsQuery) values() url.Values {
	v := url.Values{}
	if q.Status != "" {
		v.Set("status", q.Status)
	}
	if q.Team != 0 {
		v.Set("team", strconv.FormatInt(q.Team, 10))
	}
	if q.Age != 0 {
		v.Set("age", strconv.Itoa(q.Age))
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	return v
}

// feedAlerts are the alerts of a rep's feed, by response.
func (s *Server) feedAlerts(c *fiber.Ctx, feed []*surveys.ResponseView) (map[int64]*surveys.AlertView, error) {
	ids := make([]int64, len(feed))
	for i, r := range feed {
		ids[i] = r.ID
	}
	alerts, _, err := s.Alerts.Inbox(c.UserContext(), surveys.AlertFilter{ResponseIDs: ids, Page: surveys.Page{Limit: -1}})
	out := map[int64]*surveys.AlertView{}
	for _, a := range alerts {
		out[a.ResponseID] = a
	}
	return out, err
}
