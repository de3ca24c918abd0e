package api

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// adminTeamsPage is the view model of /app/admin/teams: the tree of teams
// and the form for a new one.
type adminTeamsPage struct {
	Tree    []teamNode
	Fields  []formField // the new team's name
	Parents []option
	Refusal refusal
}

// teamNode is a team in the tree, with the teams inside it.
type teamNode struct {
	Name, URL, RepsURL, Leaders string
	Children                    []teamNode
}

// showAdminTeams shows the tree of teams and the form for a new one.
func (s *Server) showAdminTeams(c *fiber.Ctx) error {
	p, err := s.teamsPage(c, "", "", refusal{})
	if err != nil {
		return err
	}
	return renderApp(s, c, "app_admin_teams", "Teams", "/app/admin/teams", p)
}

// teamsPage builds the tree, and the new team's form with name and parent
// as typed and refused for r.
func (s *Server) teamsPage(c *fiber.Ctx, name, parent string, r refusal) (adminTeamsPage, error) {
	teams, users, err := s.teamsAndLeaders(c)
	if err != nil {
		return adminTeamsPage{}, err
	}
	return adminTeamsPage{Tree: teamTree(teams, users, 0), Refusal: r,
		Fields:  []formField{field("name", "Name", "text", name, "", r)},
		Parents: teamOptions(teams, parent, "None: a top-level team", teamID)}, nil
}

// teamsAndLeaders reads every team and the users who may lead them.
func (s *Server) teamsAndLeaders(c *fiber.Ctx) ([]*surveys.Team, []*surveys.User, error) {
	teams, _, err := s.Directory.FindTeams(c.UserContext(), surveys.TeamFilter{Page: surveys.Page{Limit: -1}})
	if err != nil {
		return nil, nil, err
	}
	users, _, err := s.Directory.FindUsers(c.UserContext(), surveys.UserFilter{Page: surveys.Page{Limit: -1}})
	users = slices.DeleteFunc(users, func(u *surveys.User) bool { return u.Role == surveys.RoleRep })
	return teams, users, err
}

func teamID(t *surveys.Team) string { return strconv.FormatInt(t.ID, 10) }

// teamTree is the teams under parent, each with its own.
func teamTree(teams []*surveys.Team, users []*surveys.User, parent int64) []teamNode {
	var out []teamNode
	for _, t := range teams {
		if t.ParentID != parent {
			continue
		}
		out = append(out, teamNode{Name: t.Name, URL: fmt.Sprintf("/app/admin/teams/%d", t.ID),
			RepsURL: fmt.Sprintf("/app/admin/reps?team=%d", t.ID), Leaders: strings.Join(leaderNames(t, users), ", "),
			Children: teamTree(teams, users, t.ID)})
	}
	return out
}

// leaderNames are the emails of the team's leaders.
func leaderNames(t *surveys.Team, users []*surveys.User) []string {
	var out []string
	for _, u := range users {
		if slices.Contains(t.LeaderIDs, u.ID) {
			out = append(out, u.Email)
		}
	}
	return out
}

// createTeamForm creates a team from the form; a refused one is shown
// again with the reason.
func (s *Server) createTeamForm(c *fiber.Ctx) error {
	name, parent := c.FormValue("name"), c.FormValue("parent")
	t := &surveys.Team{Name: name}
	err := formTeamID(parent, &t.ParentID)
	if err == nil {
		err = s.Directory.CreateTeam(c.UserContext(), t)
	}
	if err == nil {
		return c.Redirect(fmt.Sprintf("/app/admin/teams/%d?saved=created", t.ID), fiber.StatusSeeOther)
	}
	r, status, ok := refusedBy(err)
	if !ok {
		return err
	}
	p, perr := s.teamsPage(c, name, parent, r)
	if perr != nil {
		return perr
	}
	return renderRefused(s, c, status, "app_admin_teams", "Teams", "/app/admin/teams", p)
}

// formTeamID reads a team picked in a form ("" for none) into id.
func formTeamID(v string, id *int64) error {
	if v == "" {
		*id = 0
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return surveys.Errorf(surveys.EINVALID, "parent", "pick a team from the list")
	}
	*id = n
	return nil
}
