package outbox_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

const baseURL = "https://trust.example.test"

// The outbox against each real database, a real SMTP server and the real
// SMTP sender.
func TestOutbox(t *testing.T) {
	tests := []struct {
		name         string
		postgresOnly bool
		fn           func(*testing.T, string)
	}{
		{"DeliversOnceWithHeadersAndLinks", false, testDeliversOnce},
		{"SMTPDownThenUp", false, testSMTPDownThenUp},
		{"TemporaryFailureRetries", false, testTemporaryFailure},
		{"PermanentFailureBounces", false, testPermanentFailure},
		{"TwoWorkersSendEachOnce", true, testTwoWorkers},
		{"ShutdownDrains", false, testShutdownDrains},
		{"UnbuildableEmailFailsInvitation", false, testUnbuildableEmail},
	}
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			for _, tt := range tests {
				if tt.postgresOnly && driver != store.Postgres {
					continue
				}
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.fn(t, driver)
				})
			}
		})
	}
}

// testClock is a surveys.Clock that moves only when told.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is an org with immediate delivery and one rep.
type env struct {
	db    *store.DB
	svc   *surveys.Services
	clock *testClock
	org   *surveys.Org
	ctx   context.Context // carries an admin actor
}

func newEnv(tb testing.TB, db *store.DB, clock *testClock) *env {
	tb.Helper()
	if clock == nil {
		clock = &testClock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
	}
	svc := surveys.New(db, clock)
	org, err := svc.Directory.EnsureOrg(context.Background(), "Acme")
	if err != nil {
		tb.Fatal(err)
	}
	e := &env{db: db, svc: svc, clock: clock, org: org,
		ctx: surveys.NewContextWithActor(context.Background(), &surveys.Actor{OrgID: org.ID, KeyID: 1,
			Role: surveys.RoleAdmin, Scopes: surveys.AllScopes, Name: "key:test"})}
	if _, err := svc.Directory.PatchSettings(e.ctx, func(s *surveys.Settings) {
		s.Delivery.DelayMinutes = 0
		s.Delivery.QuietHours = false
	}); err != nil {
		tb.Fatal(err)
	}
	if _, _, err := svc.Directory.UpsertRep(e.ctx, surveys.RepInput{ExternalID: "r1", Name: "Ann Lee", Email: "ann@acme.test", Active: true}); err != nil {
		tb.Fatal(err)
	}
	return e
}

// post records an interaction that happened now and expects a scheduled
// invitation.
func (e *env) post(t *testing.T, ext, buyer string) *surveys.Invitation {
	t.Helper()
	res, err := e.svc.Delivery.RecordInteraction(e.ctx, surveys.NewInteraction{ExternalID: ext, Rep: "r1",
		Buyer: surveys.Buyer{Email: buyer}, OccurredAt: e.clock.Now(), Kind: "meeting"})
	if err != nil {
		t.Fatalf("post %s: %v", ext, err)
	}
	if got, want := res.Invitation.Status, surveys.InvitationScheduled; got != want {
		t.Fatalf("post %s: invitation %s/%q, want %s", ext, got, res.Invitation.Reason, want)
	}
	return res.Invitation
}

// postN posts n interactions with distinct buyers and returns the
// invitations by buyer email.
func (e *env) postN(t *testing.T, n int) map[string]*surveys.Invitation {
	t.Helper()
	invs := map[string]*surveys.Invitation{}
	for i := range n {
		email := fmt.Sprintf("buyer%d@buyer.test", i)
		invs[email] = e.post(t, fmt.Sprintf("i%d", i), email)
	}
	return invs
}

// invitation reloads an invitation.
func (e *env) invitation(t *testing.T, id int64) *surveys.Invitation {
	t.Helper()
	inv, err := e.db.FindInvitation(context.Background(), e.org.ID, id)
	if err != nil {
		t.Fatalf("find invitation %d: %v", id, err)
	}
	return inv
}

// buyer reloads an invitation's buyer.
func (e *env) buyer(t *testing.T, inv *surveys.Invitation) *surveys.Buyer {
	t.Helper()
	b, err := e.db.FindBuyerByID(context.Background(), e.org.ID, inv.BuyerID)
	if err != nil {
		t.Fatalf("find buyer %d: %v", inv.BuyerID, err)
	}
	return b
}

// outboxOptions deliver quickly in tests.
var outboxOptions = outbox.Options{BaseURL: baseURL, Concurrency: 4, Batch: 50, Poll: 10 * time.Millisecond, Lease: 2 * time.Minute}

// patience is how long a test waits for something the outbox does in the
// background before it fails.
const patience = 2 * time.Minute

// newOutbox returns an outbox sending through the real SMTP sender to addr.
func newOutbox(t *testing.T, svc *surveys.Services, addr string, opts outbox.Options) *outbox.Outbox {
	t.Helper()
	return outbox.New(svc.Worker, smtpSender(t, addr), slog.New(slog.DiscardHandler), opts)
}

// smtpSender is the real SMTP sender to addr, closed when the test ends.
func smtpSender(t *testing.T, addr string) *mail.SMTP {
	t.Helper()
	sender, err := mail.NewSMTP("smtp://"+addr, mail.SMTPOptions{Connections: 2, Timeout: patience, HELO: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sender.Close() })
	return sender
}

// countingSender counts the messages handed to its Sender.
type countingSender struct {
	mail.Sender
	n atomic.Int64
}

func (s *countingSender) Send(ctx context.Context, m *mail.Message) error {
	s.n.Add(1)
	return s.Sender.Send(ctx, m)
}

// shutdown stops ob and fails the test unless it drains in time.
func shutdown(t *testing.T, ob *outbox.Outbox) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := ob.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
}

// drain runs rounds until one claims nothing and returns how many jobs
// were claimed in all.
func drain(t *testing.T, ob *outbox.Outbox) int {
	t.Helper()
	total := 0
	for range 20 {
		n, err := ob.RunOnce(context.Background())
		if err != nil {
			t.Fatalf("RunOnce: %v", err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
	t.Fatalf("RunOnce still claims jobs after 20 rounds (%d claimed)", total)
	return total
}

// recipients counts the accepted messages per recipient.
func recipients(msgs []mailtest.Message) map[string]int {
	got := map[string]int{}
	for _, m := range msgs {
		for _, to := range m.To {
			got[strings.ToLower(to)]++
		}
	}
	return got
}

// checkSentOnce checks that each invitation's buyer got exactly one
// message, that no one else got one, and that each invitation is sent.
func checkSentOnce(t *testing.T, e *env, invs map[string]*surveys.Invitation, msgs []mailtest.Message) {
	t.Helper()
	if got, want := len(msgs), len(invs); got != want {
		t.Errorf("sink received %d messages, want %d", got, want)
	}
	byTo := recipients(msgs)
	for email, inv := range invs {
		if got, want := byTo[email], 1; got != want {
			t.Errorf("%s received %d messages, want %d", email, got, want)
		}
		if got, want := e.invitation(t, inv.ID).Status, surveys.InvitationSent; got != want {
			t.Errorf("invitation %d (%s) is %s, want %s", inv.ID, email, got, want)
		}
	}
	for to := range byTo {
		if invs[to] == nil {
			t.Errorf("unexpected message to %s", to)
		}
	}
}

func testDeliversOnce(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	sk := mailtest.MustStart(t, mailtest.Options{})
	ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
	invs := e.postN(t, 5)

	if got, want := drain(t, ob), 5; got != want {
		t.Errorf("claimed %d jobs, want %d", got, want)
	}
	msgs := sk.Snapshot().Messages
	checkSentOnce(t, e, invs, msgs)
	for _, m := range msgs {
		p := mailtest.MustParse(t, m.Data)
		if got, want := p.Header.Get("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click"; got != want {
			t.Errorf("List-Unsubscribe-Post = %q, want %q", got, want)
		}
		if got := p.Header.Get("List-Unsubscribe"); !strings.Contains(got, "<"+baseURL+"/u/") {
			t.Errorf("List-Unsubscribe = %q, want an https link to %s/u/", got, baseURL)
		}
		for _, link := range []string{baseURL + "/s/", baseURL + "/u/"} {
			if !strings.Contains(p.Text, link) || !strings.Contains(p.HTML, link) {
				t.Errorf("message to %v lacks a %s link in text or HTML:\n%s", m.To, link, p.Text)
			}
		}
		if p.Header.Get("Message-Id") == "" {
			t.Errorf("message to %v has no Message-ID", m.To)
		}
	}

	if got, want := drain(t, ob), 0; got != want {
		t.Errorf("second run claimed %d jobs, want %d", got, want)
	}
	if got, want := sk.Count(), 5; got != want {
		t.Errorf("after a second run the sink has %d messages, want %d", got, want)
	}
}

func testSMTPDownThenUp(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	sk := mailtest.MustReserve(t, mailtest.Options{}) // reserved, not listening: connections are refused
	ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
	invs := e.postN(t, 3)

	n, err := ob.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce with the server down: %v", err)
	}
	if got, want := n, 3; got != want {
		t.Errorf("claimed %d jobs, want %d", got, want)
	}
	for email, inv := range invs {
		if got, want := e.invitation(t, inv.ID).Status, surveys.InvitationScheduled; got != want {
			t.Errorf("invitation of %s is %s with the server down, want %s", email, got, want)
		}
		if got := e.buyer(t, inv).Status; got == surveys.BuyerBounced {
			t.Errorf("buyer %s bounced because the server was down", email)
		}
	}
	if got, want := drain(t, ob), 0; got != want {
		t.Errorf("claimed %d jobs before the backoff passed, want %d", got, want)
	}

	e.clock.Advance(surveys.RetryBackoff(1) + time.Second)
	sk.MustListen(t)
	if got, want := drain(t, ob), 3; got != want {
		t.Errorf("claimed %d jobs after the server came up, want %d", got, want)
	}
	checkSentOnce(t, e, invs, sk.Snapshot().Messages)
}

func testTemporaryFailure(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	sk := mailtest.MustStart(t, mailtest.Options{})
	tempFails := 1 // one 451 after DATA, then accept
	sk.SetReply(func(cmd, _ string) error {
		if cmd != "DATA" || tempFails == 0 {
			return nil
		}
		tempFails--
		return mailtest.ErrTryLater
	})
	ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
	invs := e.postN(t, 3)

	if got, want := drain(t, ob), 3; got != want {
		t.Errorf("claimed %d jobs, want %d", got, want)
	}
	if got, want := sk.Count(), 2; got != want {
		t.Fatalf("sink accepted %d messages with one 451, want %d", got, want)
	}
	var failed *surveys.Invitation
	accepted := recipients(sk.Snapshot().Messages)
	for email, inv := range invs {
		if accepted[email] == 0 {
			failed = inv
			if got, want := e.invitation(t, inv.ID).Status, surveys.InvitationScheduled; got != want {
				t.Errorf("invitation answered 451 is %s, want %s", got, want)
			}
		}
	}
	if failed == nil {
		t.Fatal("no invitation was left unsent by the 451")
	}

	e.clock.Advance(surveys.RetryBackoff(1) + time.Second)
	if got, want := drain(t, ob), 1; got != want {
		t.Errorf("claimed %d jobs after the backoff, want %d", got, want)
	}
	checkSentOnce(t, e, invs, sk.Snapshot().Messages)
	for email, inv := range invs {
		if got := e.buyer(t, inv).Status; got == surveys.BuyerBounced {
			t.Errorf("buyer %s bounced after a temporary failure", email)
		}
	}
}

func testPermanentFailure(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	sk := mailtest.MustStart(t, mailtest.Options{})
	const gone, ok = "gone@buyer.test", "ok@buyer.test"
	sk.SetReply(func(cmd, to string) error {
		if cmd == "RCPT" && strings.EqualFold(to, gone) {
			return mailtest.ErrNoSuchUser
		}
		return nil
	})
	ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
	goneInv := e.post(t, "i1", gone)
	okInv := e.post(t, "i2", ok)

	if got, want := drain(t, ob), 2; got != want {
		t.Errorf("claimed %d jobs, want %d", got, want)
	}
	checkSentOnce(t, e, map[string]*surveys.Invitation{ok: okInv}, sk.Snapshot().Messages)
	inv := e.invitation(t, goneInv.ID)
	if got, want := string(inv.Status)+"/"+inv.Reason, string(surveys.InvitationFailed)+"/"+surveys.ReasonBounced; got != want {
		t.Errorf("refused invitation is %s, want %s", got, want)
	}
	if got, want := e.buyer(t, goneInv).Status, surveys.BuyerBounced; got != want {
		t.Errorf("refused buyer is %s, want %s", got, want)
	}
	if got := e.buyer(t, okInv).Status; got == surveys.BuyerBounced {
		t.Errorf("accepted buyer is %s", got)
	}

	e.clock.Advance(time.Hour)
	res, err := e.svc.Delivery.RecordInteraction(e.ctx, surveys.NewInteraction{ExternalID: "i3", Rep: "r1",
		Buyer: surveys.Buyer{Email: gone}, OccurredAt: e.clock.Now(), Kind: "call"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.Invitation.Status)+"/"+res.Invitation.Reason, string(surveys.InvitationSuppressed)+"/"+surveys.ReasonBounced; got != want {
		t.Errorf("new invitation for a bounced buyer is %s, want %s", got, want)
	}
	e.clock.Advance(surveys.RetryBackoff(10))
	drain(t, ob)
	if got, want := sk.Count(), 1; got != want {
		t.Errorf("sink has %d messages after the bounced buyer's new interaction, want %d", got, want)
	}
	if got, want := sk.Snapshot().Refused, 1; got != want {
		t.Errorf("RCPT refusals = %d, want %d (a bounced address is tried once)", got, want)
	}
}

func testTwoWorkers(t *testing.T, driver string) {
	dsn := storetest.MustDSN(t, driver)
	open := func() *store.DB {
		t.Helper()
		db, err := store.Open(dsn, store.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return db
	}
	e := newEnv(t, open(), nil)
	svc2 := surveys.New(open(), e.clock)
	sk := mailtest.MustStart(t, mailtest.Options{})
	opts := outboxOptions
	opts.Batch = 5
	obs := []*outbox.Outbox{newOutbox(t, e.svc, sk.Addr(), opts), newOutbox(t, svc2, sk.Addr(), opts)}
	const n = 60
	invs := e.postN(t, n)

	for _, ob := range obs {
		ob.Start()
	}
	sk.WaitCount(t, n, patience)
	for _, ob := range obs {
		shutdown(t, ob)
	}

	msgs := sk.Snapshot().Messages
	ids := map[string]bool{}
	for _, m := range msgs {
		ids[mailtest.MustParse(t, m.Data).Header.Get("Message-Id")] = true
	}
	if got, want := len(ids), n; got != want {
		t.Errorf("%d distinct Message-IDs, want %d", got, want)
	}
	checkSentOnce(t, e, invs, msgs)
}

func testShutdownDrains(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	sk := mailtest.MustStart(t, mailtest.Options{})
	opts := outboxOptions
	opts.Batch, opts.Concurrency = 5, 2
	first := &countingSender{Sender: smtpSender(t, sk.Addr())}
	ob := outbox.New(e.svc.Worker, first, slog.New(slog.DiscardHandler), opts)
	ob.Start()
	const n = 20
	invs := e.postN(t, n)
	sk.WaitCount(t, 3, patience)
	shutdown(t, ob)
	countAtShutdown, sendsAtShutdown := sk.Count(), first.n.Load()

	t.Logf("%d of %d messages accepted before Shutdown returned", countAtShutdown, n)
	accepted := recipients(sk.Snapshot().Messages)
	sent := 0
	for email, inv := range invs {
		status := e.invitation(t, inv.ID).Status
		if status == surveys.InvitationSent {
			sent++
		}
		switch {
		case accepted[email] > 0 && status != surveys.InvitationSent:
			t.Errorf("%s: the server accepted its email but the invitation is %s after Shutdown", email, status)
		case accepted[email] == 0 && status != surveys.InvitationScheduled:
			t.Errorf("%s: no email accepted but the invitation is %s", email, status)
		}
	}
	if got := countAtShutdown; got < sent {
		t.Errorf("sink has %d messages, fewer than the %d sent invitations", got, sent)
	}

	// What Shutdown left (claimed jobs once their lease runs out, and the
	// unclaimed) is delivered by the next worker, each once; the stopped
	// outbox sends nothing more meanwhile.
	e.clock.Advance(opts.Lease + time.Second)
	if got, want := drain(t, newOutbox(t, e.svc, sk.Addr(), opts)), n-sent; got != want {
		t.Errorf("the next worker claimed %d jobs, want the %d left unsent", got, want)
	}
	checkSentOnce(t, e, invs, sk.Snapshot().Messages)
	if got := first.n.Load(); got != sendsAtShutdown {
		t.Errorf("the stopped outbox sent %d messages after Shutdown", got-sendsAtShutdown)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := ob.Shutdown(ctx); err != nil {
		t.Errorf("a second Shutdown: %v", err)
	}
}

func testUnbuildableEmail(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	sk := mailtest.MustStart(t, mailtest.Options{})
	opts := outboxOptions
	opts.BaseURL = "ftp://no survey links here" // every render fails
	ob := newOutbox(t, e.svc, sk.Addr(), opts)
	inv := e.post(t, "i1", "ann@buyer.test")

	if got, want := drain(t, ob), 1; got != want {
		t.Errorf("claimed %d jobs, want %d", got, want)
	}
	if got := sk.Count(); got != 0 {
		t.Errorf("the sink has %d messages, want none", got)
	}
	got := e.invitation(t, inv.ID)
	if got.Status != surveys.InvitationFailed || got.Reason != surveys.ReasonError {
		t.Errorf("invitation %s/%q, want failed/%q", got.Status, got.Reason, surveys.ReasonError)
	}
	if b := e.buyer(t, got); b.Status != surveys.BuyerActive {
		t.Errorf("buyer status %s, want %s: the address is not at fault", b.Status, surveys.BuyerActive)
	}
}
