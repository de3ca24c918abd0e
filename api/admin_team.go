package api

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// adminTeamPage is the view model of /app/admin/teams/{id}: its name, the
// team it sits in, and its leaders.
type adminTeamPage struct {
	ID         int64
	Name       string
	Fields     []formField // its name
	Parents    []option    // every other team
	Leaders    []leaderRow
	Candidates []option // admins and leaders who do not lead it yet
	RepsURL    string
	Notice     string
	Refusal    refusal
}

// leaderRow is one leader of the team.
type leaderRow struct {
	ID          int64
	Email, Name string
}

// teamNotices say what a team's forms did.
var teamNotices = map[string]string{
	"created": "Team created. Add leaders below, and move reps into it from their own pages.",
	"saved":   "Saved.",
	"leaders": "Leaders saved: a leader sees this team and every team inside it.",
}

// showAdminTeam shows a team's form and leaders.
func (s *Server) showAdminTeam(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := s.teamPage(c, id, nil, refusal{})
	if err != nil {
		return err
	}
	p.Notice = teamNotices[c.Query("saved")]
	return renderApp(s, c, "app_admin_team", p.Name, "/app/admin/teams", p)
}

// teamPage builds team id's page; typed is its name and parent as the
// refused form had them (nil: as stored).
func (s *Server) teamPage(c *fiber.Ctx, id int64, typed *surveys.Team, r refusal) (adminTeamPage, error) {
	team, err := s.Directory.FindTeamByID(c.UserContext(), id)
	if err != nil {
		return adminTeamPage{}, err
	}
	teams, users, err := s.teamsAndLeaders(c)
	if err != nil {
		return adminTeamPage{}, err
	}
	if typed == nil {
		typed = team
	}
	others := slices.DeleteFunc(slices.Clone(teams), func(t *surveys.Team) bool { return t.ID == id })
	p := adminTeamPage{ID: id, Name: team.Name, RepsURL: fmt.Sprintf("/app/admin/reps?team=%d", id), Refusal: r,
		Fields:     []formField{field("name", "Name", "text", typed.Name, "", r)},
		Parents:    teamOptions(others, parentValue(typed.ParentID), "None: a top-level team", teamID),
		Candidates: []option{{Value: "", Label: "Choose a person", Selected: true}}}
	for _, u := range users {
		switch {
		case slices.Contains(team.LeaderIDs, u.ID):
			p.Leaders = append(p.Leaders, leaderRow{ID: u.ID, Email: u.Email, Name: u.Name})
		case u.Active:
			p.Candidates = append(p.Candidates, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Email})
		}
	}
	return p, nil
}

func parentValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// saveTeam renames a team or moves it under another; a move that would
// put it inside itself is refused with the reason.
func (s *Server) saveTeam(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	typed := &surveys.Team{Name: c.FormValue("name")}
	err = formTeamID(c.FormValue("parent"), &typed.ParentID)
	if err == nil {
		_, err = s.Directory.UpdateTeam(c.UserContext(), id, surveys.TeamUpdate{Name: &typed.Name, ParentID: &typed.ParentID})
	}
	return s.teamSaved(c, id, err, typed, "saved")
}

// changeLeaders adds a leader to a team or removes one.
func (s *Server) changeLeaders(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	team, err := s.Directory.FindTeamByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	user, err := strconv.ParseInt(c.FormValue("user"), 10, 64)
	leaders := slices.DeleteFunc(slices.Clone(team.LeaderIDs), func(l int64) bool { return l == user })
	switch {
	case err != nil || user <= 0:
		err = surveys.Errorf(surveys.EINVALID, "leaders", "choose a person to add as a leader")
	case c.FormValue("action") == "add":
		_, err = s.Directory.UpdateTeam(c.UserContext(), id, surveys.TeamUpdate{LeaderIDs: ptr(append(leaders, user))})
	default:
		_, err = s.Directory.UpdateTeam(c.UserContext(), id, surveys.TeamUpdate{LeaderIDs: &leaders})
	}
	return s.teamSaved(c, id, err, nil, "leaders")
}

// teamSaved sends the browser back to the team with notice saved, or
// shows the page again with why err refused the change.
func (s *Server) teamSaved(c *fiber.Ctx, id int64, err error, typed *surveys.Team, saved string) error {
	if err == nil {
		return c.Redirect(fmt.Sprintf("/app/admin/teams/%d?saved=%s", id, saved), fiber.StatusSeeOther)
	}
	r, status, ok := refusedBy(err)
	if !ok {
		return err
	}
	p, perr := s.teamPage(c, id, typed, r)
	if perr != nil {
		return perr
	}
	return renderRefused(s, c, status, "app_admin_team", p.Name, "/app/admin/teams", p)
}

func ptr[T any](v T) *T { return &v }
