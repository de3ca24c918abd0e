package api

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// adminUserPage is the view model of a user's form: a new user's at
// /app/admin/users/new, an existing one's at /app/admin/users/{id}.
type adminUserPage struct {
	ID      int64 // zero for a new user
	Action  string
	Email   string
	Active  bool
	Self    bool        // the admin looking
	Fields  []formField // email, name, the rep
	Roles   []option
	Notice  string
	Refusal refusal
}

// userForm is what a user's form was given.
type userForm struct {
	Email, Name, Role, Rep string // Rep: a rep's external id or email
}

// showInviteUser is the form to invite someone, filled from ?email=,
// ?name=, ?role= and ?rep= when a rep's page links to it.
func (s *Server) showInviteUser(c *fiber.Ctx) error {
	f := userForm{Email: c.Query("email"), Name: c.Query("name"), Role: c.Query("role", "leader"), Rep: c.Query("rep")}
	return renderApp(s, c, "app_admin_user", "Invite a user", "/app/admin/users", userPage(&surveys.User{Active: true}, f, refusal{}))
}

// userPage is the form of u as typed in f, refused for r when it was.
func userPage(u *surveys.User, f userForm, r refusal) adminUserPage {
	p := adminUserPage{ID: u.ID, Action: "/app/admin/users", Email: u.Email, Active: u.Active, Refusal: r,
		Roles: roleOptions(f.Role, "Choose a role")[1:]}
	p.Fields = []formField{
		field("email", "Email", "email", f.Email, "A sign-in link goes to this address; it works for an hour.", r),
		field("name", "Name", "text", f.Name, "", r),
		field("rep", "For a rep: the rep they are", "text", f.Rep, "The rep's external id or email. A rep user reads only their own feedback.", r),
	}
	if u.ID != 0 {
		p.Action = fmt.Sprintf("/app/admin/users/%d", u.ID)
		p.Fields = p.Fields[1:]
	}
	return p
}

// inviteUser creates a user and has the workers email them a sign-in
// link; a refused invitation is shown again with the reason.
func (s *Server) inviteUser(c *fiber.Ctx) error {
	f := userForm{Email: c.FormValue("email"), Name: c.FormValue("name"), Role: c.FormValue("role"), Rep: c.FormValue("rep")}
	u := &surveys.User{Email: f.Email, Name: f.Name, Role: surveys.Role(f.Role)}
	err := s.formRep(c, f, &u.RepID)
	if err == nil {
		_, err = s.Directory.InviteUser(c.UserContext(), u)
	}
	if err == nil {
		return c.Redirect(fmt.Sprintf("/app/admin/users/%d?saved=invited", u.ID), fiber.StatusSeeOther)
	}
	r, status, ok := refusedBy(err)
	if !ok {
		return err
	}
	return renderRefused(s, c, status, "app_admin_user", "Invite a user", "/app/admin/users", userPage(&surveys.User{Active: true}, f, r))
}

// formRep reads the rep a rep user is, by external id or email, into id;
// other roles are no rep. EINVALID names "rep".
func (s *Server) formRep(c *fiber.Ctx, f userForm, id *int64) error {
	*id = 0
	if f.Role != string(surveys.RoleRep) || f.Rep == "" {
		return nil
	}
	for _, filter := range []surveys.RepFilter{{ExternalID: &f.Rep}, {Email: &f.Rep}} {
		reps, _, err := s.Directory.FindReps(c.UserContext(), filter)
		if err != nil || len(reps) > 0 {
			if err == nil {
				*id = reps[0].ID
			}
			return err
		}
	}
	return surveys.Errorf(surveys.EINVALID, "rep", "no rep has the external id or email %q", f.Rep)
}
