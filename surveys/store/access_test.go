package store_test

import (
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
)

// Sign-in links, sessions and who may sign in, against each database.
func TestAccess(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"LinksWorkOnceAndExpire", testLinksOnceAndExpire},
		{"SessionSlidesUpToMaxAge", testSessionSlides},
		{"LastSeenWrittenAtMostOnceAMinute", testSessionTouch},
		{"UserAgentKeptOnOneLine", testSessionUserAgent},
		{"DeactivatedRepSignedOutEverywhere", testDeactivatedRepSignedOut},
		{"RepMadeInactiveByUpsertSignedOut", testUpsertInactiveSignedOut},
		{"InactiveUserNeverAuthenticates", testInactiveUser},
		{"AccountSeesOnlyOwnSessions", testOwnSessions},
		{"SignInRequestsMailedByWorkers", testSignInRequests},
		{"EmailedLinkNotSentOnceExpired", testSignInRequestExpired},
		{"AdminSendsLinkToOneUser", testSendSignInLink},
	})
}

// mustUser creates a user and returns them with their first sign-in link.
func (p *pipeline) mustUser(t *testing.T, email string, role surveys.Role, repID int64) (*surveys.User, string) {
	t.Helper()
	u := &surveys.User{Email: email, Role: role, RepID: repID}
	token, err := p.svc.Directory.CreateUser(p.ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return u, token
}

// mustSignIn trades link for a session token.
func (p *pipeline) mustSignIn(t *testing.T, link string) string {
	t.Helper()
	token, _, err := p.svc.Access.SignIn(ctx, link, "test browser")
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	return token
}

func testLinksOnceAndExpire(t *testing.T, p *pipeline) {
	_, link := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	first := p.mustSignIn(t, link)
	_, _, err := p.svc.Access.SignIn(ctx, link, "")
	wantCode(t, "second use of a link", err, surveys.ENOTFOUND)
	if _, _, err := p.svc.Access.Authenticate(ctx, first); err != nil {
		t.Errorf("the first session: %v", err)
	}
	again, err := p.svc.Directory.IssueSignInLink(p.ctx, "ADA@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	p.clock.now = p.clock.now.Add(surveys.SignInLinkTTL)
	_, _, err = p.svc.Access.SignIn(ctx, again, "")
	wantCode(t, "a link at its expiry", err, surveys.ENOTFOUND)
}

func testSessionSlides(t *testing.T, p *pipeline) {
	_, link := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	used, idle := p.mustSignIn(t, link), ""
	link2, _ := p.svc.Directory.IssueSignInLink(p.ctx, "ada@acme.test")
	idle = p.mustSignIn(t, link2)
	start := p.clock.now
	for p.clock.now.Before(start.Add(surveys.SessionMaxAge - surveys.SessionTTL/2)) {
		p.clock.now = p.clock.now.Add(surveys.SessionTTL / 2)
		if _, _, err := p.svc.Access.Authenticate(ctx, used); err != nil {
			t.Fatalf("a session used every week, %v after sign-in: %v", p.clock.now.Sub(start), err)
		}
	}
	_, _, err := p.svc.Access.Authenticate(ctx, idle)
	wantCode(t, "a session unused for longer than SessionTTL", err, surveys.EUNAUTHORIZED)
	p.clock.now = start.Add(surveys.SessionMaxAge)
	_, _, err = p.svc.Access.Authenticate(ctx, used)
	wantCode(t, "a session at SessionMaxAge, though used", err, surveys.EUNAUTHORIZED)
}

func testSessionTouch(t *testing.T, p *pipeline) {
	_, link := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	token := p.mustSignIn(t, link)
	start := p.clock.now
	lastSeen := func() time.Time {
		_, s, err := p.svc.Access.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		return s.LastSeenAt
	}
	p.clock.now = start.Add(59 * time.Second)
	if got := lastSeen(); !got.Equal(start) {
		t.Errorf("last seen after 59 s = %v, want unchanged %v", got, start)
	}
	p.clock.now = start.Add(time.Minute)
	if got := lastSeen(); !got.Equal(start.Add(time.Minute)) {
		t.Errorf("last seen after a minute = %v, want %v", got, start.Add(time.Minute))
	}
	p.clock.now = start.Add(90 * time.Second)
	if got := lastSeen(); !got.Equal(start.Add(time.Minute)) {
		t.Errorf("last seen 30 s after the last write = %v, want still %v", got, start.Add(time.Minute))
	}
}

func testSessionUserAgent(t *testing.T, p *pipeline) {
	_, link := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	ua := "Mozilla/5.0\r\nX-Evil: 1 (Linux; Android 14)" + strings.Repeat(" é", 400)
	if _, _, err := p.svc.Access.SignIn(ctx, link, ua); err != nil {
		t.Fatal(err)
	}
	sessions := p.sessionsOf(t, "ada@acme.test")
	if len(sessions) != 1 {
		t.Fatalf("sessions = %d, want 1", len(sessions))
	}
	got := sessions[0].UserAgent
	if !strings.HasPrefix(got, "Mozilla/5.0 X-Evil: 1 (Linux; Android 14) é") || len(got) > 400 || strings.ContainsAny(got, "\r\n") {
		t.Errorf("user agent kept as %q (%d bytes)", got, len(got))
	}
}

// sessionsOf lists the sessions of the user with email, as they see them.
func (p *pipeline) sessionsOf(t *testing.T, email string) []*surveys.Session {
	t.Helper()
	users, _, err := p.svc.Directory.FindUsers(p.ctx, surveys.UserFilter{Email: &email})
	if err != nil || len(users) != 1 {
		t.Fatalf("user %s: %v, %v", email, users, err)
	}
	me := surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: users[0].OrgID, UserID: users[0].ID, Role: users[0].Role})
	sessions, err := p.svc.Access.Sessions(me)
	if err != nil {
		t.Fatal(err)
	}
	return sessions
}

func testDeactivatedRepSignedOut(t *testing.T, p *pipeline) {
	_, link := p.mustUser(t, "ann@acme.test", surveys.RoleRep, p.rep.ID)
	session := p.mustSignIn(t, link)
	unused, err := p.svc.Directory.IssueSignInLink(p.ctx, "ann@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Directory.SetRepActive(p.ctx, p.rep.ID, false); err != nil {
		t.Fatal(err)
	}
	p.wantSignedOut(t, "ann@acme.test", session, unused)
	if _, err := p.svc.Directory.SetRepActive(p.ctx, p.rep.ID, true); err != nil {
		t.Fatal(err)
	}
	again, err := p.svc.Directory.IssueSignInLink(p.ctx, "ann@acme.test")
	if err != nil {
		t.Fatalf("a link once the rep is active again: %v", err)
	}
	p.mustSignIn(t, again)
}

// wantSignedOut checks that the session and link of the user with email
// no longer work, and no new link is issued or mailed for them.
func (p *pipeline) wantSignedOut(t *testing.T, email, session, link string) {
	t.Helper()
	_, _, err := p.svc.Access.Authenticate(ctx, session)
	wantCode(t, "the deactivated user's session", err, surveys.EUNAUTHORIZED)
	_, _, err = p.svc.Access.SignIn(ctx, link, "")
	wantCode(t, "the deactivated user's unused link", err, surveys.ENOTFOUND)
	_, err = p.svc.Directory.IssueSignInLink(p.ctx, email)
	wantCode(t, "a new link for the deactivated user", err, surveys.ECONFLICT)
	if _, err := p.svc.Access.RequestSignInLink(ctx, email, ""); err != nil {
		t.Fatal(err)
	}
	if m := p.runSignInJobs(t); len(m) != 0 {
		t.Errorf("a link was mailed to the deactivated user: %+v", m[0])
	}
}

// runSignInJobs claims the due jobs and returns the sign-in emails they
// would send, as the outbox does.
func (p *pipeline) runSignInJobs(t *testing.T) []*surveys.SignInMail {
	t.Helper()
	jobs, err := p.svc.Worker.ClaimJobs(ctx, 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var mails []*surveys.SignInMail
	for _, j := range jobs {
		if j.Kind != surveys.JobSignInLink {
			continue
		}
		m, err := p.svc.Worker.SignInMail(ctx, j)
		if err != nil {
			t.Fatal(err)
		}
		if m != nil {
			mails = append(mails, m)
		}
	}
	return mails
}

func testUpsertInactiveSignedOut(t *testing.T, p *pipeline) {
	_, link := p.mustUser(t, "ann@acme.test", surveys.RoleRep, p.rep.ID)
	session := p.mustSignIn(t, link)
	unused, _ := p.svc.Directory.IssueSignInLink(p.ctx, "ann@acme.test")
	in := surveys.RepInput{ExternalID: p.rep.ExternalID, Name: p.rep.Name, Email: p.rep.Email, Active: false}
	if _, _, err := p.svc.Directory.UpsertRep(p.ctx, in); err != nil {
		t.Fatal(err)
	}
	p.wantSignedOut(t, "ann@acme.test", session, unused)
}

func testInactiveUser(t *testing.T, p *pipeline) {
	_, link := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	session := p.mustSignIn(t, link)
	unused, _ := p.svc.Directory.IssueSignInLink(p.ctx, "ada@acme.test")
	if err := p.db.Gorm().Exec(`UPDATE users SET active = ? WHERE email = ?`, false, "ada@acme.test").Error; err != nil {
		t.Fatal(err)
	}
	_, _, err := p.svc.Access.Authenticate(ctx, session)
	wantCode(t, "an inactive user's session", err, surveys.EUNAUTHORIZED)
	_, _, err = p.svc.Access.SignIn(ctx, unused, "")
	wantCode(t, "an inactive user's link", err, surveys.ENOTFOUND)
}

func testOwnSessions(t *testing.T, p *pipeline) {
	ada, link := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	_, leeLink := p.mustUser(t, "lee@acme.test", surveys.RoleLeader, 0)
	phone := p.mustSignIn(t, link)
	second, _ := p.svc.Directory.IssueSignInLink(p.ctx, "ada@acme.test")
	p.clock.now = p.clock.now.Add(time.Hour)
	laptop := p.mustSignIn(t, second)
	lee := p.mustSignIn(t, leeLink)
	mine := p.sessionsOf(t, "ada@acme.test")
	if len(mine) != 2 || mine[0].TokenHash != surveys.HashSecret(laptop) || mine[1].TokenHash != surveys.HashSecret(phone) {
		t.Fatalf("Ada's sessions = %+v, want the laptop's then the phone's", mine)
	}
	me := surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: ada.OrgID, UserID: ada.ID, Role: ada.Role})
	leeSession := p.sessionsOf(t, "lee@acme.test")[0]
	wantCode(t, "ending another user's session", p.svc.Access.EndSession(me, leeSession.ID()), surveys.ENOTFOUND)
	if err := p.svc.Access.EndSession(me, mine[1].ID()); err != nil {
		t.Fatal(err)
	}
	_, _, err := p.svc.Access.Authenticate(ctx, phone)
	wantCode(t, "the ended phone session", err, surveys.EUNAUTHORIZED)
	if err := p.svc.Access.SignOutEverywhere(me); err != nil {
		t.Fatal(err)
	}
	_, _, err = p.svc.Access.Authenticate(ctx, laptop)
	wantCode(t, "the laptop after signing out everywhere", err, surveys.EUNAUTHORIZED)
	if _, _, err := p.svc.Access.Authenticate(ctx, lee); err != nil {
		t.Errorf("Lee's session after Ada signed out everywhere: %v", err)
	}
	_, err = p.svc.Access.Sessions(p.ctx)
	wantCode(t, "an API key's sessions", err, surveys.EFORBIDDEN)
}

func testSignInRequests(t *testing.T, p *pipeline) {
	other := mustOrg(t, p.db)
	p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	p.runSignInJobs(t) // nothing queued yet
	for _, email := range []string{" ADA@acme.test ", "nobody@acme.test"} {
		ttl, err := p.svc.Access.RequestSignInLink(ctx, email, "")
		if err != nil || ttl != surveys.EmailedSignInLinkTTL {
			t.Fatalf("request %q: %v, %v", email, ttl, err)
		}
	}
	_, err := p.svc.Access.RequestSignInLink(ctx, "not an address", "")
	wantCode(t, "a request for no address", err, surveys.EINVALID)
	mails := p.runSignInJobs(t)
	if len(mails) != 1 || mails[0].User.Email != "ada@acme.test" || mails[0].Org.ID != p.org.ID || mails[0].Org.ID == other.ID {
		t.Fatalf("mails = %+v, want one to Ada of her org", mails)
	}
	if want := p.clock.now.Add(surveys.EmailedSignInLinkTTL); !mails[0].ExpiresAt.Equal(want) {
		t.Errorf("expires at %v, want %v", mails[0].ExpiresAt, want)
	}
	if left := p.runSignInJobs(t); len(left) != 0 {
		t.Errorf("jobs left after a round: %d", len(left))
	}
	p.mustSignIn(t, mails[0].Token)
}

func testSignInRequestExpired(t *testing.T, p *pipeline) {
	p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	if _, err := p.svc.Access.RequestSignInLink(ctx, "ada@acme.test", ""); err != nil {
		t.Fatal(err)
	}
	p.clock.now = p.clock.now.Add(surveys.EmailedSignInLinkTTL)
	if mails := p.runSignInJobs(t); len(mails) != 0 {
		t.Errorf("a link was mailed after it expired: %+v", mails[0])
	}
}

func testSendSignInLink(t *testing.T, p *pipeline) {
	other := mustOrg(t, p.db)
	ada, _ := p.mustUser(t, "ada@acme.test", surveys.RoleAdmin, 0)
	theirs := &surveys.User{OrgID: other.ID, Email: "ada@acme.test", Role: surveys.RoleAdmin, Active: true, CreatedAt: p.clock.now}
	if err := p.db.CreateUser(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	u, expires, err := p.svc.Directory.SendSignInLink(p.ctx, ada.ID)
	if err != nil || u.ID != ada.ID || !expires.Equal(p.clock.now.Add(surveys.EmailedSignInLinkTTL)) {
		t.Fatalf("send: %+v, %v, %v", u, expires, err)
	}
	_, _, err = p.svc.Directory.SendSignInLink(p.ctx, theirs.ID)
	wantCode(t, "sending to another org's user", err, surveys.ENOTFOUND)
	mails := p.runSignInJobs(t)
	if len(mails) != 1 || mails[0].User.ID != ada.ID {
		t.Fatalf("mails = %+v, want one to Ada", mails)
	}
	p.mustSignIn(t, mails[0].Token)
}
