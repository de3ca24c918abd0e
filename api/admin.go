package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// adminSection is one part of the admin console, on its index and in its
// navigation.
type adminSection struct {
	navLink
	About string // one sentence on what it is for
}

// adminSections are the admin console's parts, in the order an admin sets
// up Trustcard.
var adminSections = []adminSection{
	{navLink{Label: "Overview", URL: "/app/admin"}, "Where to set up and run Trustcard."},
	{navLink{Label: "Settings", URL: "/app/admin/settings"}, "Your company's name, logo and colour, the sender, the delivery rules and how scores are computed; a test email."},
	{navLink{Label: "Teams", URL: "/app/admin/teams"}, "How reps are grouped, which team sits inside which, and who leads each."},
	{navLink{Label: "Reps", URL: "/app/admin/reps"}, "Everyone whose buyers are surveyed: add, edit, move between teams, deactivate."},
	{navLink{Label: "Import reps", URL: "/app/admin/reps/import"}, "Create or update many reps at once from a CSV file, checked row by row before anything is saved."},
	{navLink{Label: "Users", URL: "/app/admin/users"}, "Who signs in: invite people, set their role, send a new link, deactivate."},
	{navLink{Label: "Interactions", URL: "/app/admin/interactions"}, "Recent interactions from your CRM, and what became of each one's survey."},
	{navLink{Label: "Import interactions", URL: "/app/admin/interactions/import"}, "Record interactions from a CSV file, for a CRM without an integration yet."},
	{navLink{Label: "API keys", URL: "/app/admin/keys"}, "Keys for your CRM and scripts to call the API, each with what it may do."},
	{navLink{Label: "Webhooks", URL: "/app/admin/webhooks"}, "Tell your CRM and chat tools about answers, alerts and suppressed surveys as they happen, signed."},
	{navLink{Label: "Mail", URL: "/app/admin/mail"}, "The email kept instead of sent while no SMTP server is configured."},
	{navLink{Label: "Survey", URL: "/app/admin/survey"}, "The questions buyers answer, in every language, with previews of the page and the email."},
	{navLink{Label: "Integrity", URL: "/app/admin/integrity"}, "Your own email domains, which flagged responses leave the scores, reinstating one, and excluding an interaction from surveying."},
	{navLink{Label: "Single sign-on", URL: "/app/admin/sso"}, "People sign in with their company account through your identity provider."},
	{navLink{Label: "Audit log", URL: "/app/admin/audit"}, "Every change an admin or API key made: who, when, before and after."},
}

// adminNav is the admin console's navigation with current marked; none
// outside the console.
func adminNav(current string) []navLink {
	if !strings.HasPrefix(current, "/app/admin") {
		return nil
	}
	out := make([]navLink, len(adminSections))
	for i, s := range adminSections {
		out[i] = s.navLink
		out[i].Current = s.URL == current
	}
	return out
}

// adminIndexPage is the console's index: every section with what it is for.
type adminIndexPage struct {
	Sections []adminSection
}

// showAdmin is the admin console's index.
func (s *Server) showAdmin(c *fiber.Ctx) error {
	return renderApp(s, c, "app_admin", "Admin", "/app/admin", adminIndexPage{Sections: adminSections[1:]})
}
