package store_test

import (
	"slices"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// Every read of every service applies the one Visibility rule: who sees
// the rep Ann (in East North, a sub-team of East) and the team East.
func TestVisibility(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := newScopeWorld(t, newPipeline(t, storetest.MustOpen(t, driver)))
			for _, r := range scopedReads(w) {
				t.Run(r.name, func(t *testing.T) {
					for _, who := range scopeActors {
						saw, err := r.read(w.as(who))
						if err != nil && !slices.Contains([]string{surveys.ENOTFOUND, surveys.EFORBIDDEN}, surveys.ErrorCode(err)) {
							t.Errorf("%s: %v", who, err)
						}
						if want := slices.Contains(r.seenBy, who); saw != want {
							t.Errorf("%s sees Ann's or East's data: %v, want %v (err %v)", who, saw, want, err)
						}
					}
				})
			}
		})
	}
}

// The actors of the visibility table.
const (
	admin       = "admin"
	leader      = "leader of East"
	otherLeader = "leader of West"
	theRep      = "Ann herself"
	otherRep    = "Bob, another rep"
	otherOrg    = "another org"
)

var scopeActors = []string{admin, leader, otherLeader, theRep, otherRep, otherOrg}

// scopeBaseURL is the public URL the org's server records.
const scopeBaseURL = "https://trust.acme.test"

// scopeIssuer is the org's identity provider.
const scopeIssuer = "https://login.acme.test"

// scopeWorld is an org with East (led by one leader) and its sub-team East
// North, where Ann works; West, where Bob works, led by another; an answer
// for each rep; and a second org.
type scopeWorld struct {
	*pipeline
	actors        map[string]surveys.Actor
	ann, bob      *surveys.Rep
	east          *surveys.Team
	annUser       *surveys.User
	interactionID int64
	key           *surveys.APIKey
	mailID        int64
	upload        string // a kept file's hash
	window        surveys.Window
}

func newScopeWorld(t *testing.T, p *pipeline) *scopeWorld {
	t.Helper()
	w := &scopeWorld{pipeline: p, window: surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")}}
	leadEast, leadWest := w.user(t, "east@acme.test", surveys.RoleLeader, 0), w.user(t, "west@acme.test", surveys.RoleLeader, 0)
	w.east = w.team(t, "East", 0, leadEast.ID)
	w.team(t, "East North", w.east.ID, 0)
	w.team(t, "West", 0, leadWest.ID)
	w.ann, w.bob = p.newRep(t, "anna", "East North"), p.newRep(t, "bob", "West")
	w.annUser, w.key = w.user(t, "anna.user@acme.test", surveys.RoleRep, w.ann.ID), &surveys.APIKey{Name: "crm"}
	bobUser := w.user(t, "bob.user@acme.test", surveys.RoleRep, w.bob.ID)
	annLink, err := p.svc.Directory.IssueSignInLink(p.ctx, w.annUser.Email)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.svc.Access.SignIn(ctx, annLink, "Ann's browser"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Directory.CreateAPIKey(p.ctx, w.key); err != nil {
		t.Fatal(err)
	}
	// Both answers say "fine", which the org's alert rules watch for.
	if _, err := p.svc.Directory.PatchSettings(p.ctx, func(s *surveys.Settings) { s.Alerts.Keywords = []string{"Fine"} }); err != nil {
		t.Fatal(err)
	}
	w.interactionID = w.answer(t, "anna")
	w.answer(t, "bob")
	m := &surveys.CapturedMail{OrgID: p.org.ID, To: "x@b.test", Subject: "s", CreatedAt: p.clock.now,
		Files: []surveys.MailFile{{Name: "card.pdf", ContentType: "application/pdf", Data: []byte("%PDF")}}}
	if err := p.db.CaptureMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	w.mailID = m.ID
	if w.upload, err = p.svc.Directory.KeepUpload(p.ctx, surveys.UploadReps, []byte("external_id\n")); err != nil {
		t.Fatal(err)
	}
	if err := p.svc.Directory.RecordBaseURL(p.ctx, scopeBaseURL); err != nil {
		t.Fatal(err)
	}
	if err := p.svc.SSO.Configure(p.ctx, surveys.SSOUpdate{Issuer: scopeIssuer, ClientID: "trustcard", ClientSecret: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := p.svc.Directory.SetLogo(p.ctx, mustLogo(t, 4, 2)); err != nil {
		t.Fatal(err)
	}
	other := mustOrg(t, p.db)
	org := p.org.ID
	w.actors = map[string]surveys.Actor{
		admin:       {OrgID: org, UserID: 90, Role: surveys.RoleAdmin, Name: "admin"},
		leader:      {OrgID: org, UserID: leadEast.ID, Role: surveys.RoleLeader},
		otherLeader: {OrgID: org, UserID: leadWest.ID, Role: surveys.RoleLeader},
		theRep:      {OrgID: org, UserID: w.annUser.ID, Role: surveys.RoleRep, RepID: w.ann.ID},
		otherRep:    {OrgID: org, UserID: bobUser.ID, Role: surveys.RoleRep, RepID: w.bob.ID},
		otherOrg:    {OrgID: other.ID, KeyID: 9, Role: surveys.RoleAdmin, Scopes: surveys.AllScopes, Name: "key:other"},
	}
	return w
}

func (w *scopeWorld) as(who string) *scopeCall {
	a := w.actors[who]
	return &scopeCall{w: w, ctx: surveys.NewContextWithActor(ctx, &a)}
}

func (w *scopeWorld) user(t *testing.T, email string, role surveys.Role, repID int64) *surveys.User {
	t.Helper()
	u := &surveys.User{Email: email, Role: role, RepID: repID}
	if _, err := w.svc.Directory.CreateUser(w.ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func (w *scopeWorld) team(t *testing.T, name string, parent, leader int64) *surveys.Team {
	t.Helper()
	tm := &surveys.Team{Name: name, ParentID: parent}
	if leader != 0 {
		tm.LeaderIDs = []int64{leader}
	}
	if err := w.svc.Directory.CreateTeam(w.ctx, tm); err != nil {
		t.Fatal(err)
	}
	return tm
}

// answer posts an interaction of rep, sends its survey and answers it; it
// returns the interaction's id.
func (w *scopeWorld) answer(t *testing.T, rep string) int64 {
	t.Helper()
	w.clock.now = day("2026-03-05").Add(time.Duration(10+w.posted) * time.Hour)
	w.posted++
	res, err := w.svc.Delivery.RecordInteraction(w.ctx, surveys.NewInteraction{ExternalID: "i-" + rep, Rep: rep,
		Buyer: surveys.Buyer{Email: rep + "-buyer@b.test", Name: "Buyer of " + rep}, OccurredAt: w.clock.now.Add(-time.Hour), Kind: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	w.send(t, res.Invitation.ID)
	token := surveys.InvitationToken(w.org.Secret, res.Invitation.ID)
	if _, err := w.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: all(4), Comment: "fine"}); err != nil {
		t.Fatal(err)
	}
	return res.Interaction.ID
}
