package api

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// accountPage is the view model of /app/account: who the person is and
// where they are signed in.
type accountPage struct {
	Name, Email, Role string
	Rep               *accountRep // for a rep user: the rep they are
	Sessions          []sessionView
	Idle, MaxAge      string // how long sessions last
	Digest            bool   // a leader or admin, who may choose a digest
}

// accountRep is the rep a rep user is, linked to their page.
type accountRep struct{ Name, URL string }

// sessionView is one session as the account page lists it.
type sessionView struct {
	ID, Browser       string
	Started, LastSeen string // in the org's time zone
	Current           bool   // the session of this request
}

// showAccount shows the signed-in person's account and sessions.
func (s *Server) showAccount(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a := surveys.ActorFromContext(ctx)
	loc, err := s.orgZone(ctx)
	if err != nil {
		return err
	}
	sessions, err := s.Access.Sessions(ctx)
	if err != nil {
		return err
	}
	current, _ := c.Locals("session").(string)
	p := accountPage{Name: a.UserName, Email: a.Name, Role: roleNames[a.Role],
		Idle: durationText(surveys.SessionTTL), MaxAge: durationText(surveys.SessionMaxAge),
		Digest: a.Role == surveys.RoleLeader || a.Role == surveys.RoleAdmin}
	for _, sess := range sessions {
		p.Sessions = append(p.Sessions, sessionView{ID: sess.ID(), Browser: browserName(sess.UserAgent),
			Started: when(sess.CreatedAt, loc), LastSeen: when(sess.LastSeenAt, loc), Current: sess.ID() == current})
	}
	if a.Role == surveys.RoleRep {
		rep, err := s.Directory.FindRepByID(ctx, a.RepID)
		if err != nil {
			return err
		}
		p.Rep = &accountRep{Name: rep.Name, URL: fmt.Sprintf("/app/reps/%d", rep.ID)}
	}
	return renderApp(s, c, "app_account", "Your account", "/app/account", p)
}

// roleNames are the roles as the account page says them.
var roleNames = map[surveys.Role]string{surveys.RoleAdmin: "Admin", surveys.RoleLeader: "Leader", surveys.RoleRep: "Rep"}

// orgZone is the time zone of the actor's org, in which pages say when.
func (s *Server) orgZone(ctx context.Context) (*time.Location, error) {
	org, err := s.Directory.Settings(ctx)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(org.Settings.TimeZone)
	if err != nil {
		return time.UTC, nil
	}
	return loc, nil
}

// when is a moment on the account page, such as "3 Mar 2026, 14:05 CET".
func when(t time.Time, loc *time.Location) string { return t.In(loc).Format("2 Jan 2006, 15:04 MST") }

// endSession signs the person out of one of their sessions (another
// browser, usually); one already ended is no error.
func (s *Server) endSession(c *fiber.Ctx) error {
	if err := s.Access.EndSession(c.UserContext(), c.Params("id")); err != nil && surveys.ErrorCode(err) != surveys.ENOTFOUND {
		return err
	}
	return c.Redirect("/app/account", fiber.StatusSeeOther)
}

// signOutEverywhere ends every session of the person, this one included.
func (s *Server) signOutEverywhere(c *fiber.Ctx) error {
	if err := s.Access.SignOutEverywhere(c.UserContext()); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect("/", fiber.StatusSeeOther)
}
