package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"trustcard/surveys"
)

// auditPage is the view model of /app/admin/audit: the org's changes,
// newest first, filtered by actor, kind and days, a page at a time.
type auditPage struct {
	Actor, From, To string
	Kinds           []option
	Entries         []auditView
	Pager           pager
	Refusal         refusal
}

// auditView is one change as the log shows it.
type auditView struct {
	When, Actor, Action, Target, Detail string
	Changes                             []fieldChange
	Unchanged                           bool // states were kept and none of their fields differ
}

// fieldChange is one field of a changed thing, before and after.
type fieldChange struct{ Field, Before, After string }

// auditKindNames are the kinds of change as the filter says them.
var auditKindNames = map[string]string{"apikey": "API keys", "buyer": "Buyers", "interaction": "Interactions", "rep": "Reps", "settings": "Settings",
	"sso": "Single sign-on", "survey": "Survey", "team": "Teams", "user": "Users"}

// showAudit shows the audit log: ?actor=, ?kind=, ?from= and ?to= (days in
// the org's time zone) filter it; ?page= pages it. A bad filter is shown
// with the reason.
func (s *Server) showAudit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := auditPage{Actor: c.Query("actor"), From: c.Query("from"), To: c.Query("to")}
	p.Kinds = []option{{Value: "", Label: "Every kind", Selected: c.Query("kind") == ""}}
	for _, k := range surveys.AuditKinds {
		p.Kinds = append(p.Kinds, option{Value: k, Label: auditKindNames[k], Selected: c.Query("kind") == k})
	}
	page, err := listPage(c)
	var entries []*surveys.AuditEntry
	var total int
	if err == nil {
		entries, total, err = s.Directory.FindAuditEntries(ctx, surveys.AuditFilter{Actor: p.Actor, Kind: c.Query("kind"),
			From: p.From, To: p.To, Page: page})
	}
	if err != nil {
		r, status, ok := refusedBy(err)
		if !ok {
			return err
		}
		p.Refusal = r
		return renderRefused(s, c, status, "app_admin_audit", "Audit log", "/app/admin/audit", p)
	}
	loc, err := s.orgZone(ctx)
	if err != nil {
		return err
	}
	p.Pager = newPager("Changes", "/app/admin/audit", queryValues(c), page, total)
	for _, e := range entries {
		v := auditView{When: when(e.CreatedAt, loc), Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail}
		v.Changes = changesOf(e.Before, e.After)
		v.Unchanged = e.After != "" && len(v.Changes) == 0
		p.Entries = append(p.Entries, v)
	}
	return renderApp(s, c, "app_admin_audit", "Audit log", "/app/admin/audit", p)
}

// changesOf lists the fields that differ between two audit states (JSON
// objects, "" for none), nested fields by dotted names, in name order.
func changesOf(before, after string) []fieldChange {
	b, a := flatState(before), flatState(after)
	var names []string
	for k := range a {
		names = append(names, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var out []fieldChange
	for _, k := range names {
		if b[k] != a[k] {
			out = append(out, fieldChange{Field: k, Before: orDash(b[k]), After: orDash(a[k])})
		}
	}
	return out
}

// flatState reads an audit state into its fields' texts.
func flatState(state string) map[string]string {
	out := map[string]string{}
	var v any
	if state == "" || json.Unmarshal([]byte(state), &v) != nil {
		return out
	}
	flatten("", v, out)
	return out
}

func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			if prefix != "" {
				k = prefix + "." + k
			}
			flatten(k, sub, out)
		}
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		out[prefix] = strings.Join(parts, ", ")
	case bool:
		out[prefix] = map[bool]string{true: "yes", false: "no"}[x]
	case nil:
		out[prefix] = ""
	default:
		out[prefix] = fmt.Sprint(x)
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
