package store_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"trustcard/surveys"
)

// scopedRead is one read method of one service: whether the actor of c
// saw Ann's or East's data through it, and who should.
type scopedRead struct {
	name   string // Service.Method
	seenBy []string
	read   func(c *scopeCall) (bool, error)
}

// scopeCall is one actor calling the services of a scopeWorld.
type scopeCall struct {
	w   *scopeWorld
	ctx context.Context
}

// The readers of each kind of data.
var (
	annReaders  = []string{admin, leader, theRep}
	eastReaders = []string{admin, leader}
	admins      = []string{admin}
	orgMembers  = []string{admin, leader, otherLeader, theRep, otherRep}
)

func scopedReads(w *scopeWorld) []scopedRead {
	d, dl, sc := w.svc.Directory, w.svc.Delivery, w.svc.Scores
	ann, east, win := w.ann.ID, w.east.ID, w.window
	return []scopedRead{
		{"Directory.FindReps", annReaders, func(c *scopeCall) (bool, error) {
			reps, _, err := d.FindReps(c.ctx, surveys.RepFilter{})
			return slices.ContainsFunc(reps, func(r *surveys.Rep) bool { return r.ID == ann }), err
		}},
		{"Directory.FindRepByID", annReaders, found(func(c *scopeCall) (any, error) { return d.FindRepByID(c.ctx, ann) })},
		{"Scores.DiagnosisPairs", annReaders, found(func(c *scopeCall) (any, error) {
			pairs, _, err := sc.DiagnosisPairs(c.ctx, ann, win, 5)
			return pairs, err
		})},
		{"Directory.FindTeams", eastReaders, func(c *scopeCall) (bool, error) {
			teams, _, err := d.FindTeams(c.ctx, surveys.TeamFilter{})
			return slices.ContainsFunc(teams, func(t *surveys.Team) bool { return t.ID == east }), err
		}},
		{"Directory.FindTeamByID", eastReaders, found(func(c *scopeCall) (any, error) { return d.FindTeamByID(c.ctx, east) })},
		{"Directory.FindUsers", admins, func(c *scopeCall) (bool, error) {
			users, _, err := d.FindUsers(c.ctx, surveys.UserFilter{})
			return slices.ContainsFunc(users, func(u *surveys.User) bool { return u.ID == w.annUser.ID }), err
		}},
		{"Directory.FindAPIKeys", admins, func(c *scopeCall) (bool, error) {
			keys, err := d.FindAPIKeys(c.ctx)
			return slices.ContainsFunc(keys, func(k *surveys.APIKey) bool { return k.ID == w.key.ID }), err
		}},
		{"Directory.Settings", orgMembers, func(c *scopeCall) (bool, error) {
			org, err := d.Settings(c.ctx)
			return err == nil && org.ID == w.org.ID, err
		}},
		{"Directory.Logo", admins, func(c *scopeCall) (bool, error) {
			l, err := d.Logo(c.ctx)
			return err == nil && l.OrgID == w.org.ID, err
		}},
		{"Access.Sessions", []string{theRep}, func(c *scopeCall) (bool, error) {
			sessions, err := w.svc.Access.Sessions(c.ctx)
			return slices.ContainsFunc(sessions, func(s *surveys.Session) bool { return s.UserID == w.annUser.ID }), err
		}},
		{"Directory.BaseURL", admins, func(c *scopeCall) (bool, error) {
			u, err := d.BaseURL(c.ctx)
			return u == scopeBaseURL, err
		}},
		{"Directory.FindAuditEntries", admins, func(c *scopeCall) (bool, error) {
			_, total, err := d.FindAuditEntries(c.ctx, surveys.AuditFilter{})
			return total > 0, err
		}},
		{"Editor.Survey", orgMembers, func(c *scopeCall) (bool, error) {
			tv, err := w.svc.Editor.Survey(c.ctx)
			return err == nil && tv.OrgID == w.org.ID, err
		}},
		{"Editor.Draft", admins, func(c *scopeCall) (bool, error) {
			d, err := w.svc.Editor.Draft(c.ctx)
			return err == nil && d.OrgID == w.org.ID, err
		}},
		{"SSO.Settings", admins, func(c *scopeCall) (bool, error) {
			set, err := w.svc.SSO.Settings(c.ctx)
			return err == nil && set.Issuer == scopeIssuer, err
		}},
		{"Delivery.FindInteraction", annReaders, found(func(c *scopeCall) (any, error) { return dl.FindInteraction(c.ctx, w.interactionID) })},
		{"Delivery.FindInvitations", annReaders, func(c *scopeCall) (bool, error) {
			invs, _, err := dl.FindInvitations(c.ctx, surveys.InvitationFilter{})
			return slices.ContainsFunc(invs, func(i *surveys.Invitation) bool { return i.RepID == ann }), err
		}},
		{"Delivery.FindCapturedMail", admins, func(c *scopeCall) (bool, error) {
			_, total, err := dl.FindCapturedMail(c.ctx, surveys.MailFilter{})
			return total > 0, err
		}},
		{"Delivery.CapturedMessage", admins, func(c *scopeCall) (bool, error) {
			m, err := dl.CapturedMessage(c.ctx, w.mailID)
			return err == nil && len(m.Files) == 1 && string(m.Files[0].Data) == "%PDF", err
		}},
		{"Delivery.FindInteractions", annReaders, func(c *scopeCall) (bool, error) {
			items, _, err := dl.FindInteractions(c.ctx, surveys.InteractionFilter{})
			return slices.ContainsFunc(items, func(i *surveys.InteractionListing) bool { return i.RepID == ann }), err
		}},
		{"Directory.Upload", admins, found(func(c *scopeCall) (any, error) { return d.Upload(c.ctx, surveys.UploadReps, w.upload) })},
		{"Scores.ScoreReps", annReaders, func(c *scopeCall) (bool, error) {
			_, reps, err := sc.ScoreReps(c.ctx, win)
			return slices.ContainsFunc(reps, func(r surveys.RepScore) bool { return r.Rep.ID == ann && r.Figures.N == 1 }), err
		}},
		{"Scores.ScoreRep", annReaders, found(func(c *scopeCall) (any, error) { return sc.ScoreRep(c.ctx, ann, win) })},
		{"Scores.ScoreTeam", eastReaders, found(func(c *scopeCall) (any, error) { return sc.ScoreTeam(c.ctx, east, win) })},
		{"Scores.ScoreOrg", orgMembers, func(c *scopeCall) (bool, error) {
			f, err := sc.ScoreOrg(c.ctx, win)
			return f.N == 2, err
		}},
		{"Scores.FindResponses", annReaders, func(c *scopeCall) (bool, error) {
			rs, _, err := sc.FindResponses(c.ctx, win, surveys.ResponseFilter{})
			return slices.ContainsFunc(rs, func(r *surveys.ResponseView) bool { return r.RepID == ann }), err
		}},
		{"Scores.RepPage", annReaders, found(func(c *scopeCall) (any, error) { return sc.RepPage(c.ctx, ann, win) })},
		{"Scores.OrgBoard", eastReaders, func(c *scopeCall) (bool, error) {
			b, err := sc.OrgBoard(c.ctx, win)
			return err == nil && slices.ContainsFunc(b.Teams, func(r surveys.TeamRow) bool { return r.Team.ID == east && r.Figures.N == 1 }), err
		}},
		{"Scores.RepCard", annReaders, found(func(c *scopeCall) (any, error) { return sc.RepCard(c.ctx, ann, win) })},
		{"Scores.TeamReport", eastReaders, found(func(c *scopeCall) (any, error) { return sc.TeamReport(c.ctx, east, win) })},
		{"Alerts.FindAlerts", annReaders, func(c *scopeCall) (bool, error) {
			alerts, _, err := w.svc.Alerts.FindAlerts(c.ctx, surveys.AlertFilter{})
			return slices.ContainsFunc(alerts, func(a *surveys.Alert) bool { return a.RepID == ann }), err
		}},
		{"Alerts.Inbox", annReaders, func(c *scopeCall) (bool, error) {
			views, _, err := w.svc.Alerts.Inbox(c.ctx, surveys.AlertFilter{})
			return slices.ContainsFunc(views, func(a *surveys.AlertView) bool {
				return a.RepID == ann && a.Response != nil && a.Response.RepID == ann
			}), err
		}},
		{"Alerts.FindAlertByID", annReaders, found(func(c *scopeCall) (any, error) {
			alerts, _, err := w.db.FindAlerts(ctx, surveys.AlertFilter{OrgID: w.org.ID, RepIDs: []int64{ann}, Page: surveys.Page{Limit: -1}})
			if err != nil || len(alerts) != 1 {
				return nil, fmt.Errorf("Ann's alerts: %d, %v", len(alerts), err)
			}
			return w.svc.Alerts.FindAlertByID(c.ctx, alerts[0].ID)
		})},
		{"Scores.CardRepIDs", annReaders, func(c *scopeCall) (bool, error) {
			ids, err := sc.CardRepIDs(c.ctx, 0)
			return slices.Contains(ids, ann), err
		}},
		{"Scores.CardRepIDs of East", eastReaders, func(c *scopeCall) (bool, error) {
			ids, err := sc.CardRepIDs(c.ctx, east)
			return slices.Contains(ids, ann), err
		}},
		{"Scores.RepCards", annReaders, func(c *scopeCall) (bool, error) {
			for card, err := range sc.RepCards(c.ctx, []int64{ann}, win) {
				return card != nil && card.Detail.Rep.ID == ann, err
			}
			return false, nil
		}},
	}
}

// found turns a lookup into "saw it": it returned without error.
func found[T any](get func(c *scopeCall) (T, error)) func(c *scopeCall) (bool, error) {
	return func(c *scopeCall) (bool, error) {
		_, err := get(c)
		return err == nil, err
	}
}

// notReads are the methods that are not scoped reads, and why.
var notReads = map[string]string{
	"Directory.EnsureOrg": "start-up, no actor", "Directory.UpsertRep": "write, admins", "Directory.SetRepActive": "write, admins",
	"Directory.CreateTeam": "write, admins", "Directory.UpdateTeam": "write, admins", "Directory.CreateUser": "write, admins",
	"Directory.IssueSignInLink": "write, admins", "Directory.CreateAPIKey": "write, admins", "Directory.RevokeAPIKey": "write, admins",
	"Directory.PatchSettings": "write, admins", "Directory.RecordBaseURL": "write, admins",
	"Access.SignIn": "the credential is the link", "Access.Authenticate": "the credential is the session",
	"Access.SignOut": "the credential is the session", "Access.AuthenticateKey": "the credential is the key",
	"Access.RequestSignInLink": "the credential is the mailbox", "Access.EndSession": "write, own sessions only",
	"Access.SignOutEverywhere": "write, own sessions only", "Directory.SendSignInLink": "write, admins",
	"Directory.CreateRep": "write, admins", "Directory.UpdateRep": "write, admins", "Directory.InviteUser": "write, admins",
	"Directory.UpdateUser": "write, admins", "Directory.SetUserActive": "write, admins",
	"Delivery.RecordInteraction": "write, interactions scope", "Delivery.RecordInteractions": "write, interactions scope",
	"Delivery.SetOutcome":     "write, interactions scope",
	"Delivery.EnterDiagnosis": "write, only the rep who held the meeting (TestDiagnosis, TestDiagnosisForm)",
	"Delivery.RecentMeetings": "the signed-in rep's own meetings only; anyone else gets none",
	"Scores.ParseWindow":      "no data", "Scores.DefaultWindow": "no data", "Scores.RebuildRollups": "write, admins",
	"Buyers.OpenSurvey": "the credential is the link", "Buyers.MarkSurveyOpened": "the credential is the link",
	"Buyers.SubmitSurvey": "the credential is the link", "Buyers.SubmitResponse": "the credential is the link",
	"Buyers.InvitationForToken": "the credential is the link", "Buyers.Unsubscribe": "the credential is the link",
	"Editor.Languages": "no data", "Editor.SaveDraft": "write, admins", "Editor.DiscardDraft": "write, admins",
	"Editor.Publish": "write, admins", "Editor.SendTestSurvey": "write, admins",
	"SSO.Configure": "write, admins", "SSO.TurnOff": "write, admins", "SSO.UseClient": "wiring, no data",
	"SSO.Available": "the sign-in page: whether an org has single sign-on, and its name",
	"SSO.Begin":     "the credential is the company account", "SSO.Finish": "the credential is the company account",
	"Alerts.Transition": "write, the team's leaders and admins",
	"Buyers.Suppress":   "write, admins", "Buyers.EraseBuyer": "write, admins",
	"Buyers.BrandForToken": "the credential is the link",
	"Buyers.OpenPromise":   "the credential is the link", "Buyers.AnswerPromise": "the credential is the link",
	"Buyers.Logo":        "public: a company's logo, named by a hash of its bytes that only its pages and emails show",
	"Directory.PatchOrg": "write, admins", "Directory.SetLogo": "write, admins", "Directory.RemoveLogo": "write, admins",
	"Directory.KeepUpload": "write, admins", "Directory.ImportReps": "write, admins (its preview reads the org's reps and teams)",
	"Delivery.ImportInteractions": "write, interactions scope (its preview reads the org's reps and interactions)",
	"Digests.MyDigest":            "the signed-in person's own choice only", "Digests.ChooseDigest": "write, own choice only",
	"Webhooks.FindWebhookEndpoints": "admins and manage keys, the whole org", "Webhooks.FindWebhookEndpoint": "admins and manage keys, the whole org",
	"Webhooks.FindWebhookAttempts": "admins and manage keys, the whole org", "Webhooks.WebhookSettings": "admins and manage keys",
	"Webhooks.CreateWebhookEndpoint": "write, admins", "Webhooks.UpdateWebhookEndpoint": "write, admins",
	"Webhooks.DeleteWebhookEndpoint": "write, admins", "Webhooks.RotateWebhookSecret": "write, admins",
	"Webhooks.SendTestEvent": "write, admins", "Webhooks.SetAllowPrivate": "write, admins", "Webhooks.UseResolver": "wiring, no data",
	"Integrity.ReinstateResponse": "write, admins", "Integrity.ExcludeInteraction": "write, admins",
}

// Every exported method of every service is either a scoped read listed
// in the visibility table or named in notReads, so that a new read cannot
// be added without its row.
func TestEveryReadIsInTheVisibilityTable(t *testing.T) {
	listed := map[string]bool{}
	for _, r := range scopedReads(&scopeWorld{pipeline: &pipeline{svc: surveys.New(nil, nil)}, ann: &surveys.Rep{}, east: &surveys.Team{}}) {
		listed[r.name] = true
	}
	services := reflect.ValueOf(*surveys.New(nil, nil))
	for i := range services.NumField() {
		name := services.Type().Field(i).Name
		if name == "Worker" {
			continue // the workers' side: no actor, nothing to scope
		}
		typ := services.Field(i).Type()
		for j := range typ.NumMethod() {
			m := name + "." + typ.Method(j).Name
			if !listed[m] && notReads[m] == "" {
				t.Errorf("%s is neither in the visibility table nor in notReads", m)
			}
		}
	}
}
