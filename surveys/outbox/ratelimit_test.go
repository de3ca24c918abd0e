package outbox_test

import (
	"context"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// Each email waits for its turn under the org's send_per_minute. At one a
// minute, the second email's turn comes after the round's deadline, so it
// is not sent now but retried later, and only the first goes out. (How
// the turns are spaced is TestLimitsFor's.)
func TestSendRateLimit(t *testing.T) {
	e := newEnv(t, storetest.MustOpen(t, "sqlite"), nil)
	if _, err := e.svc.Directory.PatchSettings(e.ctx, func(s *surveys.Settings) { s.Delivery.SendPerMinute = 1 }); err != nil {
		t.Fatal(err)
	}
	sk := mailtest.MustStart(t, mailtest.Options{})
	ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
	invs := e.postN(t, 3)

	// Any deadline under a minute will do: the limiter refuses at once a
	// wait that would outlast it.
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	if n, err := ob.RunOnce(ctx); err != nil || n != 3 {
		t.Fatalf("RunOnce claimed %d jobs (%v), want 3", n, err)
	}
	if got := sk.Count(); got != 1 {
		t.Errorf("sent %d emails at one a minute, want 1", got)
	}
	scheduled := 0
	for _, inv := range invs {
		if e.invitation(t, inv.ID).Status == surveys.InvitationScheduled {
			scheduled++
		}
	}
	if scheduled != 2 {
		t.Errorf("%d invitations wait for their turn, want 2", scheduled)
	}
	if got := drain(t, ob); got != 0 {
		t.Errorf("claimed %d jobs before their retry was due, want 0", got)
	}
}
