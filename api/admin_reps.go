package api

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// repActions are the ways to add reps that the reps list offers, the
// first as its main button.
var repActions = []navLink{{Label: "Add a rep", URL: "/app/admin/reps/new"}, {Label: "Import from CSV", URL: "/app/admin/reps/import"}}

// adminRepsPage is the view model of /app/admin/reps: the org's reps,
// searched and filtered, a page at a time.
type adminRepsPage struct {
	Query   string
	Teams   []option // the team filter
	Active  []option // the status filter
	Actions []navLink
	Reps    []adminRepRow
	Pager   pager
	Total   int
}

// adminRepRow is one rep of the list.
type adminRepRow struct {
	Name, URL, Email, ExternalID, Team string
	Active                             bool
}

// showAdminReps lists the org's reps: ?q= searches names, emails and
// external ids; ?team= and ?active= filter; ?page= pages.
func (s *Server) showAdminReps(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p, err := listPage(c)
	if err != nil {
		return err
	}
	f := surveys.RepFilter{Search: c.Query("q"), Page: p}
	switch c.Query("active") {
	case "true", "false":
		f.Active = optionalBool(c.Query("active"))
	case "":
	default:
		return surveys.Errorf(surveys.EINVALID, "active", "must be true or false")
	}
	if v := c.Query("team"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return surveys.Errorf(surveys.EINVALID, "team", "must be a team's id")
		}
		f.TeamIDs = []int64{id}
	}
	reps, total, err := s.Directory.FindReps(ctx, f)
	if err != nil {
		return err
	}
	teams, _, err := s.Directory.FindTeams(ctx, surveys.TeamFilter{Page: surveys.Page{Limit: -1}})
	if err != nil {
		return err
	}
	page := adminRepsPage{Query: f.Search, Actions: repActions, Total: total,
		Active: options(c.Query("active"), "", "Active and deactivated", "true", "Active", "false", "Deactivated"),
		Teams:  teamOptions(teams, c.Query("team"), "Every team", func(t *surveys.Team) string { return fmt.Sprint(t.ID) }),
		Pager:  newPager("Reps", "/app/admin/reps", queryValues(c), p, total)}
	names := teamNames(teams)
	for _, r := range reps {
		page.Reps = append(page.Reps, adminRepRow{Name: r.Name, URL: fmt.Sprintf("/app/admin/reps/%d", r.ID), Email: r.Email,
			ExternalID: r.ExternalID, Team: names[r.TeamID], Active: r.Active})
	}
	return renderApp(s, c, "app_admin_reps", "Reps", "/app/admin/reps", page)
}

// teamOptions are the teams as a select's options with first (value "")
// before them; value says what each option sends.
func teamOptions(teams []*surveys.Team, chosen, first string, value func(*surveys.Team) string) []option {
	out := []option{{Value: "", Label: first, Selected: chosen == ""}}
	for _, t := range teams {
		out = append(out, option{Value: value(t), Label: t.Name, Selected: value(t) == chosen})
	}
	return out
}

// teamNames maps team ids to names.
func teamNames(teams []*surveys.Team) map[int64]string {
	out := make(map[int64]string, len(teams))
	for _, t := range teams {
		out[t.ID] = t.Name
	}
	return out
}

// adminRepPage is the view model of a rep's form: a new rep's at
// /app/admin/reps/new, an existing one's at /app/admin/reps/{id}.
type adminRepPage struct {
	ID      int64 // zero for a new rep
	Action  string
	Name    string
	Fields  []formField // external id, name, email
	Teams   []option
	Active  bool
	RepURL  string    // the rep's page in the web app
	Users   []navLink // who signs in as the rep, to their user pages
	Invite  string    // the invitation form for the rep's own address
	Notice  string
	Refusal refusal
}

// repNotices say what a rep's form did.
var repNotices = map[string]string{
	"created":     "Rep created. Interactions the CRM posts for them are surveyed from now on.",
	"saved":       "Saved. Answers already given keep counting toward the team of their time.",
	"deactivated": "Deactivated: their buyers are no longer surveyed, and whoever signs in as this rep is signed out everywhere.",
	"reactivated": "Reactivated: new interactions are surveyed again.",
}

// showNewRep is the form for a new rep.
func (s *Server) showNewRep(c *fiber.Ctx) error {
	p, err := s.repForm(c, &surveys.Rep{Active: true}, "", refusal{})
	if err != nil {
		return err
	}
	return renderApp(s, c, "app_admin_rep", "Add a rep", "/app/admin/reps", p)
}

// showAdminRep is an existing rep's form.
func (s *Server) showAdminRep(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	rep, err := s.Directory.FindRepByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	p, err := s.repForm(c, rep, "", refusal{})
	if err != nil {
		return err
	}
	p.Notice = repNotices[c.Query("saved")]
	users, _, err := s.Directory.FindUsers(c.UserContext(), surveys.UserFilter{RepIDs: []int64{rep.ID}, Page: surveys.Page{Limit: -1}})
	if err != nil {
		return err
	}
	for _, u := range users {
		p.Users = append(p.Users, navLink{Label: u.Email, URL: fmt.Sprintf("/app/admin/users/%d", u.ID)})
	}
	p.Invite = "/app/admin/users/new?" + url.Values{"role": {"rep"}, "rep": {rep.ExternalID}, "email": {rep.Email}, "name": {rep.Name}}.Encode()
	return renderApp(s, c, "app_admin_rep", rep.Name, "/app/admin/reps", p)
}

// repForm is the form of rep, refused for r when it was; team is the
// team's name as chosen, or "" for the rep's own.
func (s *Server) repForm(c *fiber.Ctx, rep *surveys.Rep, team string, r refusal) (adminRepPage, error) {
	teams, _, err := s.Directory.FindTeams(c.UserContext(), surveys.TeamFilter{Page: surveys.Page{Limit: -1}})
	if err != nil {
		return adminRepPage{}, err
	}
	if team == "" {
		team = teamNames(teams)[rep.TeamID]
	}
	p := adminRepPage{ID: rep.ID, Action: "/app/admin/reps", Name: rep.Name, Active: rep.Active,
		Teams: teamOptions(teams, team, "No team", func(t *surveys.Team) string { return t.Name })}
	p.Fields = []formField{
		field("external_id", "External id", "text", rep.ExternalID, "The rep's id in your CRM, which it sends with each interaction.", r),
		field("name", "Name", "text", rep.Name, "Buyers read the first name in the survey.", r),
		field("email", "Email", "email", rep.Email, "", r),
	}
	if rep.ID != 0 {
		p.Action, p.RepURL = fmt.Sprintf("/app/admin/reps/%d", rep.ID), fmt.Sprintf("/app/reps/%d", rep.ID)
		p.Fields[0].ReadOnly, p.Fields[0].Note = true, "The rep's id in your CRM; it cannot change here."
	}
	p.Refusal = r
	return p, nil
}

// createRep creates a rep from the form; a refused one is shown again
// with the reason, and nothing is written.
func (s *Server) createRep(c *fiber.Ctx) error {
	in := surveys.RepInput{ExternalID: c.FormValue("external_id"), Name: c.FormValue("name"), Email: c.FormValue("email"),
		Team: c.FormValue("team"), Active: true}
	rep, err := s.Directory.CreateRep(c.UserContext(), in)
	if err == nil {
		return c.Redirect(fmt.Sprintf("/app/admin/reps/%d?saved=created", rep.ID), fiber.StatusSeeOther)
	}
	return s.refuseRep(c, err, &surveys.Rep{ExternalID: in.ExternalID, Name: in.Name, Email: in.Email, Active: true}, in.Team, "Add a rep")
}

// saveRep changes a rep's name, email and team from the form.
func (s *Server) saveRep(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	name, email, team := c.FormValue("name"), c.FormValue("email"), c.FormValue("team")
	rep, err := s.Directory.UpdateRep(c.UserContext(), id, surveys.RepUpdate{Name: &name, Email: &email, Team: &team})
	if err == nil {
		return c.Redirect(fmt.Sprintf("/app/admin/reps/%d?saved=saved", rep.ID), fiber.StatusSeeOther)
	}
	if _, _, ok := refusedBy(err); !ok {
		return err
	}
	before, ferr := s.Directory.FindRepByID(c.UserContext(), id)
	if ferr != nil {
		return ferr
	}
	typed := *before
	typed.Name, typed.Email = name, email
	return s.refuseRep(c, err, &typed, team, before.Name)
}

// refuseRep shows the rep's form again as typed, with why it was refused.
func (s *Server) refuseRep(c *fiber.Ctx, err error, typed *surveys.Rep, team, title string) error {
	r, status, ok := refusedBy(err)
	if !ok {
		return err
	}
	p, ferr := s.repForm(c, typed, team, r)
	if ferr != nil {
		return ferr
	}
	return renderRefused(s, c, status, "app_admin_rep", title, "/app/admin/reps", p)
}

// setRepActive deactivates a rep (their surveys stop, their user is signed
// out) or reactivates them.
func (s *Server) setRepActive(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	active := c.FormValue("active") == "true"
	if _, err := s.Directory.SetRepActive(c.UserContext(), id, active); err != nil {
		return err
	}
	saved := "deactivated"
	if active {
		saved = "reactivated"
	}
	return c.Redirect(fmt.Sprintf("/app/admin/reps/%d?saved=%s", id, saved), fiber.StatusSeeOther)
}
