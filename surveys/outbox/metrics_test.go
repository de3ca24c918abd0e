package outbox_test

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store/storetest"
)

// The workers' counters and the queue's backlog, read from a registry of
// the test's own as a scrape would.
func TestMetrics(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			t.Run("SentRetriedBounced", func(t *testing.T) {
				t.Parallel()
				testCountsOutcomes(t, driver)
			})
			t.Run("UnbuildableEmailFails", func(t *testing.T) {
				t.Parallel()
				testCountsFailure(t, driver)
			})
		})
	}
}

// metric returns the value of the unlabelled counter or gauge name as
// reg gathers it, failing the test when reg has no such metric.
func metric(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	for _, f := range families {
		if f.GetName() != name || len(f.GetMetric()) != 1 {
			continue
		}
		m := f.GetMetric()[0]
		if c := m.GetCounter(); c != nil {
			return c.GetValue()
		}
		return m.GetGauge().GetValue()
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// checkMetrics compares the registry's metrics with want.
func checkMetrics(t *testing.T, step string, reg *prometheus.Registry, want map[string]float64) {
	t.Helper()
	for name, w := range want {
		if got := metric(t, reg, name); got != w {
			t.Errorf("%s: %s = %g, want %g", step, name, got, w)
		}
	}
}

func testCountsOutcomes(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	reg := prometheus.NewRegistry()
	reg.MustRegister(outbox.NewBacklogCollector(e.svc.Worker))
	opts := outboxOptions
	opts.Metrics = reg
	sk := mailtest.MustStart(t, mailtest.Options{})
	const gone = "gone@buyer.test"
	tempFails := 1 // one 451 after DATA, then accept
	sk.SetReply(func(cmd, to string) error {
		switch {
		case cmd == "RCPT" && to == gone:
			return mailtest.ErrNoSuchUser
		case cmd == "DATA" && tempFails > 0:
			tempFails--
			return mailtest.ErrTryLater
		}
		return nil
	})
	ob := newOutbox(t, e.svc, sk.Addr(), opts)
	checkMetrics(t, "Empty", reg, map[string]float64{"trustcard_outbox_due_jobs": 0, "trustcard_outbox_oldest_due_seconds": 0})

	e.post(t, "i1", "ok1@buyer.test")
	e.clock.Advance(30 * time.Second)
	e.post(t, "i2", "ok2@buyer.test")
	e.post(t, "i3", gone)
	e.clock.Advance(90 * time.Second)
	checkMetrics(t, "Due", reg, map[string]float64{"trustcard_outbox_due_jobs": 3, "trustcard_outbox_oldest_due_seconds": 120})

	drain(t, ob)
	checkMetrics(t, "AfterSending", reg, map[string]float64{"trustcard_outbox_sent_total": 1, "trustcard_outbox_retried_total": 1,
		"trustcard_outbox_bounced_total": 1, "trustcard_outbox_failed_total": 0,
		"trustcard_outbox_due_jobs": 0, "trustcard_outbox_oldest_due_seconds": 0})

	e.clock.Advance(time.Minute) // past the 30 s backoff
	checkMetrics(t, "RetryDue", reg, map[string]float64{"trustcard_outbox_due_jobs": 1, "trustcard_outbox_oldest_due_seconds": 30})
	drain(t, ob)
	checkMetrics(t, "AfterRetry", reg, map[string]float64{"trustcard_outbox_sent_total": 2, "trustcard_outbox_retried_total": 1,
		"trustcard_outbox_due_jobs": 0})
}

func testCountsFailure(t *testing.T, driver string) {
	e := newEnv(t, storetest.MustOpen(t, driver), nil)
	reg := prometheus.NewRegistry()
	opts := outboxOptions
	opts.Metrics = reg
	opts.BaseURL = "ftp://no survey links here" // every render fails
	sk := mailtest.MustStart(t, mailtest.Options{})
	ob := newOutbox(t, e.svc, sk.Addr(), opts)
	e.post(t, "i1", "ann@buyer.test")
	drain(t, ob)
	checkMetrics(t, "Unbuildable", reg, map[string]float64{"trustcard_outbox_failed_total": 1, "trustcard_outbox_sent_total": 0})
}
