package api

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// userNotices say what a user's forms did; %s is the user's email.
var userNotices = map[string]string{
	"invited":     "Invited: a sign-in link is on its way to %s. It works for an hour; send a new one below when it runs out.",
	"saved":       "Saved. %s has the new role from their next click.",
	"link":        "A new sign-in link is on its way to %s. It works for an hour.",
	"deactivated": "Deactivated: %s is signed out everywhere, and their sign-in links no longer work.",
	"reactivated": "Reactivated: %s may sign in again. Send them a link below.",
}

// showAdminUser is an existing user's form and actions.
func (s *Server) showAdminUser(c *fiber.Ctx) error {
	u, p, err := s.existingUserPage(c, nil, refusal{})
	if err != nil {
		return err
	}
	if n, ok := userNotices[c.Query("saved")]; ok {
		p.Notice = fmt.Sprintf(n, u.Email)
	}
	return renderApp(s, c, "app_admin_user", u.Email, "/app/admin/users", p)
}

// existingUserPage reads the user of the page's {id} and builds their
// form, as typed when f is not nil.
func (s *Server) existingUserPage(c *fiber.Ctx, f *userForm, r refusal) (*surveys.User, adminUserPage, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, adminUserPage{}, err
	}
	users, _, err := s.Directory.FindUsers(c.UserContext(), surveys.UserFilter{IDs: []int64{id}})
	if err != nil {
		return nil, adminUserPage{}, err
	}
	if len(users) == 0 {
		return nil, adminUserPage{}, surveys.Errorf(surveys.ENOTFOUND, "id", "no user %d", id)
	}
	u := users[0]
	if f == nil {
		f = &userForm{Email: u.Email, Name: u.Name, Role: string(u.Role)}
		if u.RepID != 0 {
			rep, err := s.Directory.FindRepByID(c.UserContext(), u.RepID)
			if err != nil {
				return nil, adminUserPage{}, err
			}
			f.Rep = rep.ExternalID
		}
	}
	p := userPage(u, *f, r)
	p.Self = surveys.ActorFromContext(c.UserContext()).UserID == u.ID
	return u, p, nil
}

// saveUser changes a user's name, role and rep from the form.
func (s *Server) saveUser(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f := userForm{Name: c.FormValue("name"), Role: c.FormValue("role"), Rep: c.FormValue("rep")}
	up := surveys.UserUpdate{Name: &f.Name, Role: ptr(surveys.Role(f.Role)), RepID: new(int64)}
	err = s.formRep(c, f, up.RepID)
	if err == nil {
		_, err = s.Directory.UpdateUser(c.UserContext(), id, up)
	}
	return s.userChanged(c, id, err, &f, "saved")
}

// resendSignInLink has the workers email the user a new sign-in link.
func (s *Server) resendSignInLink(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	_, _, err = s.Directory.SendSignInLink(c.UserContext(), id)
	return s.userChanged(c, id, err, nil, "link")
}

// setUserActiveForm deactivates a user (signed out everywhere at once) or
// reactivates them.
func (s *Server) setUserActiveForm(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	active := c.FormValue("active") == "true"
	_, err = s.Directory.SetUserActive(c.UserContext(), id, active)
	saved := "deactivated"
	if active {
		saved = "reactivated"
	}
	return s.userChanged(c, id, err, nil, saved)
}

// userChanged sends the browser back to the user with notice saved, or
// shows the page again (as typed in f, when given) with why err refused
// the change.
func (s *Server) userChanged(c *fiber.Ctx, id int64, err error, f *userForm, saved string) error {
	if err == nil {
		return c.Redirect(fmt.Sprintf("/app/admin/users/%d?saved=%s", id, saved), fiber.StatusSeeOther)
	}
	r, status, ok := refusedBy(err)
	if !ok {
		return err
	}
	u, p, perr := s.existingUserPage(c, f, r)
	if perr != nil {
		return perr
	}
	return renderRefused(s, c, status, "app_admin_user", u.Email, "/app/admin/users", p)
}
