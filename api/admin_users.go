package api

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// adminUsersPage is the view model of /app/admin/users: who signs in,
// searched and filtered, a page at a time.
type adminUsersPage struct {
	Query  string
	Roles  []option
	Active []option
	Users  []adminUserRow
	Pager  pager
}

// adminUserRow is one user of the list.
type adminUserRow struct {
	Email, Name, URL, Role, Rep string
	Active                      bool
}

// roleOptions are the roles of a select, first meaning none.
func roleOptions(chosen, first string) []option {
	return options(chosen, "", first, "admin", "Admin", "leader", "Leader", "rep", "Rep")
}

// showAdminUsers lists the org's users: ?q= searches names and emails;
// ?role= and ?active= filter; ?page= pages.
func (s *Server) showAdminUsers(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p, err := listPage(c)
	if err != nil {
		return err
	}
	f := surveys.UserFilter{Search: c.Query("q"), Page: p}
	switch v := c.Query("role"); v {
	case "":
	case "admin", "leader", "rep":
		f.Role = ptr(surveys.Role(v))
	default:
		return surveys.Errorf(surveys.EINVALID, "role", "must be admin, leader or rep")
	}
	switch v := c.Query("active"); v {
	case "":
	case "true", "false":
		f.Active = optionalBool(v)
	default:
		return surveys.Errorf(surveys.EINVALID, "active", "must be true or false")
	}
	users, total, err := s.Directory.FindUsers(ctx, f)
	if err != nil {
		return err
	}
	reps, err := s.repsOf(c, users)
	if err != nil {
		return err
	}
	page := adminUsersPage{Query: f.Search, Roles: roleOptions(c.Query("role"), "Every role"),
		Active: options(c.Query("active"), "", "Active and deactivated", "true", "Active", "false", "Deactivated"),
		Pager:  newPager("Users", "/app/admin/users", queryValues(c), p, total)}
	for _, u := range users {
		page.Users = append(page.Users, adminUserRow{Email: u.Email, Name: u.Name, URL: fmt.Sprintf("/app/admin/users/%d", u.ID),
			Role: roleNames[u.Role], Rep: reps[u.RepID], Active: u.Active})
	}
	return renderApp(s, c, "app_admin_users", "Users", "/app/admin/users", page)
}

// repsOf names the reps that users are, by rep id.
func (s *Server) repsOf(c *fiber.Ctx, users []*surveys.User) (map[int64]string, error) {
	ids := []int64{}
	for _, u := range users {
		if u.RepID != 0 {
			ids = append(ids, u.RepID)
		}
	}
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	reps, _, err := s.Directory.FindReps(c.UserContext(), surveys.RepFilter{IDs: ids, Page: surveys.Page{Limit: -1}})
	for _, r := range reps {
		out[r.ID] = r.Name + " (" + r.ExternalID + ")"
	}
	return out, err
}
