package outbox_test

import (
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/store/storetest"
)

// With send_per_minute at 60, three emails take at least two seconds.
func TestSendRateLimit(t *testing.T) {
	e := newEnv(t, storetest.MustOpen(t, "sqlite"), nil)
	if _, err := e.svc.Directory.PatchSettings(e.ctx, func(s *surveys.Settings) { s.Delivery.SendPerMinute = 60 }); err != nil {
		t.Fatal(err)
	}
	sk := mailtest.MustStart(t, mailtest.Options{})
	ob := newOutbox(t, e.svc, sk.Addr(), outboxOptions)
	e.postN(t, 3)
	start := time.Now()
	drain(t, ob)
	if got := sk.Count(); got != 3 {
		t.Fatalf("sent %d, want 3", got)
	}
	if took := time.Since(start); took < 1900*time.Millisecond {
		t.Errorf("3 emails at 60 a minute took %v, want at least 2 s", took)
	}
}
