package api

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// The integrity page, /app/admin/integrity: the org's own domains and
// which flags exclude a response, the flagged responses of the last 90
// days with a button to reinstate an excluded one, and a form to exclude
// an interaction from surveying, with its reason, within the cap.

// integrityPage is the view model of the page.
type integrityPage struct {
	OwnDomains string // one a line
	Rules      []flagChoice
	CapPercent int
	Responses  []flaggedResponse
	Notice     string
	Error      string
}

// flagChoice is one flag's checkbox: does it exclude?
type flagChoice struct {
	Flag, About string
	Checked     bool
}

// flaggedResponse is one flagged response as the page lists it.
type flaggedResponse struct {
	ID        int64
	Date, Rep string
	Flags     string
	Excluded  bool
	Status    string
}

// flagAbout says what each flag means, as a leader reads it.
var flagAbout = map[string]string{
	surveys.FlagOwnDomain:       "the buyer's address is in one of the company's own domains, or the rep's",
	surveys.FlagRepSignedIn:     "the survey was answered from a browser signed in to Trustcard as the rep rated",
	surveys.FlagSameClient:      "one browser answered for three or more of the rep's buyers within 30 days",
	surveys.FlagRepeatedComment: "the comment repeats another buyer's comment word for word",
}

func (s *Server) showIntegrity(c *fiber.Ctx) error {
	p := integrityPage{}
	switch {
	case c.Query("saved") != "":
		p.Notice = "Saved."
	case c.Query("reinstated") != "":
		p.Notice = "Reinstated: that response counts in the scores again."
	case c.Query("excluded") != "":
		p.Notice = "Excluded: that interaction's buyer will not be surveyed; the reason is on the record."
	}
	return s.renderIntegrity(c, fiber.StatusOK, p)
}

// saveIntegrity saves the own domains, the rules and the cap.
func (s *Server) saveIntegrity(c *fiber.Ctx) error {
	domains := strings.Fields(strings.NewReplacer(",", " ").Replace(c.FormValue("own_domains")))
	var exclude []string
	for _, f := range surveys.Flags {
		if c.FormValue("exclude_"+f) != "" {
			exclude = append(exclude, f)
		}
	}
	capPercent, err := strconv.Atoi(strings.TrimSpace(c.FormValue("exclusion_cap_percent")))
	if err != nil {
		capPercent = -1 // refused by the rules' validation, with the field named
	}
	_, err = s.Directory.PatchOrg(c.UserContext(), func(o *surveys.Org) {
		o.Settings.OwnDomains = domains
		o.Settings.Integrity = surveys.IntegrityRules{Exclude: exclude, ExclusionCapPercent: capPercent}
	})
	if surveys.ErrorCode(err) == surveys.EINVALID {
		field, msg := surveys.ErrorDetail(err)
		return s.renderIntegrity(c, fiber.StatusUnprocessableEntity, integrityPage{Error: "Not saved: " + field + " " + msg + "."})
	}
	if err != nil {
		return err
	}
	return c.Redirect("/app/admin/integrity?saved=1", fiber.StatusSeeOther)
}

// reinstateResponseForm puts an excluded response back into the scores.
func (s *Server) reinstateResponseForm(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.Integrity.ReinstateResponse(c.UserContext(), id); err != nil {
		return err
	}
	return c.Redirect("/app/admin/integrity?reinstated=1", fiber.StatusSeeOther)
}

// excludeInteractionForm excludes an interaction from surveying.
func (s *Server) excludeInteractionForm(c *fiber.Ctx) error {
	id, _ := strconv.ParseInt(strings.TrimSpace(c.FormValue("interaction_id")), 10, 64)
	_, _, err := s.Integrity.ExcludeInteraction(c.UserContext(), id, c.FormValue("reason"))
	if code := surveys.ErrorCode(err); code == surveys.EINVALID || code == surveys.ECONFLICT || code == surveys.ENOTFOUND {
		_, msg := surveys.ErrorDetail(err)
		status := map[string]int{surveys.EINVALID: 422, surveys.ECONFLICT: 409, surveys.ENOTFOUND: 404}[code]
		return s.renderIntegrity(c, status, integrityPage{Error: "Not excluded: " + msg + "."})
	}
	if err != nil {
		return err
	}
	return c.Redirect("/app/admin/integrity?excluded=1", fiber.StatusSeeOther)
}

func (s *Server) renderIntegrity(c *fiber.Ctx, status int, p integrityPage) error {
	org, err := s.Directory.Settings(c.UserContext())
	if err != nil {
		return err
	}
	st := org.Settings
	p.OwnDomains, p.CapPercent = strings.Join(st.OwnDomains, "\n"), st.Integrity.ExclusionCapPercent
	for _, f := range surveys.Flags {
		p.Rules = append(p.Rules, flagChoice{Flag: f, About: flagAbout[f], Checked: slices.Contains(st.Integrity.Exclude, f)})
	}
	w, err := s.Scores.DefaultWindow(c.UserContext())
	if err != nil {
		return err
	}
	views, _, err := s.Scores.FindResponses(c.UserContext(), w, surveys.ResponseFilter{Flagged: true, Page: surveys.Page{Limit: 100}})
	if err != nil {
		return err
	}
	for _, v := range views {
		var flags []string
		for _, f := range v.Flags {
			flags = append(flags, f+" ("+flagAbout[f]+")")
		}
		r := flaggedResponse{ID: v.ID, Date: v.SubmittedAt.Format("2006-01-02"), Rep: v.RepName, Flags: strings.Join(flags, "; "),
			Excluded: len(v.ExcludedBy) > 0, Status: "shown: counts in the scores"}
		switch {
		case r.Excluded:
			r.Status = "excluded as " + strings.Join(v.ExcludedBy, ", ")
		case v.Reinstated:
			r.Status = "reinstated by an admin"
		}
		p.Responses = append(p.Responses, r)
	}
	return renderRefused(s, c, status, "app_integrity", "Integrity", "/app/admin/integrity", p)
}
