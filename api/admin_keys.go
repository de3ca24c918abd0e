package api

import (
	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// The API keys page, /app/admin/keys: the org's keys with their scopes and
// last use, a form to create one (its secret shown once, on the page the
// form answers, with a copy button), and revoking.

// keysPage is the view model of the page.
type keysPage struct {
	Keys   []*surveys.APIKey
	Scopes []scopeChoice
	Name   string // as typed, when the form was refused
	Secret string // the key just created, shown this once
	Notice string
	Error  string
}

// scopeChoice is one scope's checkbox.
type scopeChoice struct {
	Scope   surveys.Scope
	About   string
	Checked bool
}

// scopeAbout says what each scope lets a key do.
var scopeAbout = map[surveys.Scope]string{
	surveys.ScopeManage:       "reps, teams, users, keys, settings and the audit log",
	surveys.ScopeInteractions: "post interactions from a CRM",
	surveys.ScopeRead:         "read reps, teams, scores, responses and reports",
}

// showKeys lists the keys and the form to create one.
func (s *Server) showKeys(c *fiber.Ctx) error {
	p := keysPage{Scopes: scopeChoices(nil)}
	if c.Query("revoked") != "" {
		p.Notice = "Revoked: that key no longer works."
	}
	return s.renderKeys(c, fiber.StatusOK, p)
}

// createKey creates a key and shows its secret once; the answer is not
// kept by the browser's cache.
func (s *Server) createKey(c *fiber.Ctx) error {
	k := &surveys.APIKey{Name: c.FormValue("name")}
	for _, sc := range surveys.AllScopes {
		if c.FormValue("scope_"+string(sc)) != "" {
			k.Scopes = append(k.Scopes, sc)
		}
	}
	if len(k.Scopes) == 0 {
		p := keysPage{Scopes: scopeChoices(nil), Name: k.Name, Error: "Choose at least one scope."}
		return s.renderKeys(c, fiber.StatusUnprocessableEntity, p)
	}
	token, err := s.Directory.CreateAPIKey(c.UserContext(), k)
	if surveys.ErrorCode(err) == surveys.EINVALID {
		_, msg := surveys.ErrorDetail(err)
		p := keysPage{Scopes: scopeChoices(k.Scopes), Name: k.Name, Error: "Not created: the name " + msg + "."}
		return s.renderKeys(c, fiber.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return s.renderKeys(c, fiber.StatusCreated, keysPage{Scopes: scopeChoices(nil), Secret: token,
		Notice: "Created the key “" + k.Name + "”. Copy it now: it is shown only this once."})
}

// revokeKey revokes the key the path names.
func (s *Server) revokeKey(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Directory.RevokeAPIKey(c.UserContext(), id); err != nil {
		return err
	}
	return c.Redirect("/app/admin/keys?revoked=1", fiber.StatusSeeOther)
}

func (s *Server) renderKeys(c *fiber.Ctx, status int, p keysPage) error {
	keys, err := s.Directory.FindAPIKeys(c.UserContext())
	if err != nil {
		return err
	}
	p.Keys = keys
	return renderRefused(s, c, status, "app_keys", "API keys", "/app/admin/keys", p)
}

// scopeChoices are the scope checkboxes, checked as given (all when none).
func scopeChoices(checked surveys.Scopes) []scopeChoice {
	out := make([]scopeChoice, len(surveys.AllScopes))
	for i, sc := range surveys.AllScopes {
		out[i] = scopeChoice{Scope: sc, About: scopeAbout[sc], Checked: checked == nil || checked.Has(sc)}
	}
	return out
}
