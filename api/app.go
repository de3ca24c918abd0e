package api

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// appChrome is what every web-app page shows around its content: whose
// company it is, who is signed in, where they can go.
type appChrome struct {
	Company string
	Brand   brandView // the company's logo and accent beside its name
	User    string    // the signed-in person's name, or their email
	Role    surveys.Role
	CSRF    string // for the sign-out form and every other form
	Nav     []navLink
	Section []navLink // the admin console's navigation, inside it
	Footer  []navLink
}

// navLink is one link of the navigation or the footer.
type navLink struct {
	Label, URL string
	Current    bool
}

// appView is a web-app page's view model: the chrome and the page's own.
type appView[T any] struct {
	Chrome appChrome
	Page   T
}

// developerLinks are the footer's links for integrators and operators.
var developerLinks = []navLink{{"How scores work", "/trust-score", false}, {"API", "/api/v1/docs", false},
	{"OpenAPI", "/api/v1/openapi.json", false}, {"Health", "/healthz", false}, {"Metrics", "/metrics", false}}

// renderApp writes the web-app page name with its view model page; the
// navigation marks the link to current.
func renderApp[T any](s *Server, c *fiber.Ctx, name, title, current string, page T) error {
	chrome, err := s.chrome(c, current)
	if err != nil {
		return err
	}
	return s.Pages.Render(c, fiber.StatusOK, name, title, appView[T]{Chrome: chrome, Page: page})
}

// chrome builds the page's surroundings for the signed-in actor.
func (s *Server) chrome(c *fiber.Ctx, current string) (appChrome, error) {
	a := surveys.ActorFromContext(c.UserContext())
	org, err := s.Directory.Settings(c.UserContext())
	if err != nil {
		return appChrome{}, err
	}
	csrf, _ := c.Locals("csrf").(string)
	ch := appChrome{Company: org.Name, Brand: newBrandView(org.Brand()), User: a.Name, Role: a.Role, CSRF: csrf, Footer: developerLinks}
	if a.UserName != "" {
		ch.User = a.UserName
	}
	switch a.Role {
	case surveys.RoleRep:
		ch.Nav = append(ch.Nav, navLink{Label: "My feedback", URL: fmt.Sprintf("/app/reps/%d", a.RepID)})
	case surveys.RoleLeader:
		ch.Nav = append(ch.Nav, navLink{Label: "My teams", URL: "/app"}, navLink{Label: "Alerts", URL: "/app/alerts"})
	default:
		ch.Nav = append(ch.Nav, navLink{Label: "Org board", URL: "/app/org"}, navLink{Label: "Alerts", URL: "/app/alerts"},
			navLink{Label: "Admin", URL: "/app/admin"})
	}
	ch.Nav = append(ch.Nav, navLink{Label: "Account", URL: "/app/account"})
	for i := range ch.Nav {
		ch.Nav[i].Current = ch.Nav[i].URL == current || ch.Nav[i].URL == "/app/admin" && strings.HasPrefix(current, "/app/admin")
	}
	ch.Section = adminNav(current)
	return ch, nil
}

// requireSignIn lets signed-in users through and sends others to the
// sign-in page, which remembers the page asked for (?next=) to land on.
func (s *Server) requireSignIn(c *fiber.Ctx) error {
	if surveys.ActorFromContext(c.UserContext()) == nil {
		if next := surveys.ReturnPath(c.OriginalURL()); next != "" && c.Method() == fiber.MethodGet {
			return c.Redirect("/signin?next="+url.QueryEscape(next), fiber.StatusSeeOther)
		}
		return c.Redirect("/signin", fiber.StatusSeeOther)
	}
	return c.Next()
}

// landing is where signing in lands: next when it is a page of the web
// app (surveys.ReturnPath), else the start.
func landing(next string) string {
	if next = surveys.ReturnPath(next); next != "" {
		return next
	}
	return "/app"
}

// showApp sends the signed-in person to what their role is for: a rep to
// their own page, a leader to the board of the team they lead (the org
// board when they lead several), an admin to the org board.
func (s *Server) showApp(c *fiber.Ctx) error {
	a := surveys.ActorFromContext(c.UserContext())
	switch a.Role {
	case surveys.RoleRep:
		return c.Redirect(fmt.Sprintf("/app/reps/%d", a.RepID), fiber.StatusSeeOther)
	case surveys.RoleLeader:
		teams, _, err := s.Directory.FindTeams(c.UserContext(), surveys.TeamFilter{Page: surveys.Page{Limit: -1}})
		if err != nil {
			return err
		}
		if roots := topTeams(teams); len(roots) == 1 {
			return c.Redirect(fmt.Sprintf("/app/teams/%d", roots[0].ID), fiber.StatusSeeOther)
		}
	}
	return c.Redirect("/app/org", fiber.StatusSeeOther)
}

// topTeams are the teams of visible whose parent is not among them.
func topTeams(visible []*surveys.Team) []*surveys.Team {
	var out []*surveys.Team
	for _, t := range visible {
		if !slices.ContainsFunc(visible, func(p *surveys.Team) bool { return p.ID == t.ParentID }) {
			out = append(out, t)
		}
	}
	return out
}
