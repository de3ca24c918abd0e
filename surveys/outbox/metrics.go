package outbox

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"trustcard/surveys"
)

// counters count what the workers did with the jobs they ran.
type counters struct {
	sent, retried, bounced, failed, recordRetried prometheus.Counter
}

// newCounters returns the workers' counters, registered on reg unless it
// is nil, with the gauge of accepted emails not recorded yet, which
// unrecorded reads.
func newCounters(reg prometheus.Registerer, unrecorded func() float64) counters {
	c := counters{
		sent:    newCounter("sent", "Emails the mail server accepted."),
		retried: newCounter("retried", "Jobs that failed for now and were made due again after a backoff."),
		bounced: newCounter("bounced", "Survey emails whose address the mail server refused for good."),
		failed:  newCounter("failed", "Jobs given up for good for a cause other than the address."),
		recordRetried: newCounter("record_retried",
			"Attempts to record accepted emails that the database could not take, each tried again after a backoff."),
	}
	if reg != nil {
		reg.MustRegister(c.sent, c.retried, c.bounced, c.failed, c.recordRetried,
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "trustcard", Subsystem: "outbox", Name: "unrecorded",
				Help: "Emails the mail server accepted whose outcome waits in memory to be stored."}, unrecorded))
	}
	return c
}

func newCounter(name, help string) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Namespace: "trustcard", Subsystem: "outbox", Name: name + "_total", Help: help})
}

// backlogTimeout bounds the database read of one scrape.
const backlogTimeout = 2 * time.Second

// backlog reads the queue's backlog each time it is collected.
type backlog struct {
	worker      *surveys.Worker
	due, oldest *prometheus.Desc
}

// NewBacklogCollector returns a collector that reads, at each scrape, how
// many jobs are due (trustcard_outbox_due_jobs) and how long the oldest of
// them has waited (trustcard_outbox_oldest_due_seconds). The queue is the
// database's, so any process may report it, workers or not.
func NewBacklogCollector(w *surveys.Worker) prometheus.Collector {
	return &backlog{worker: w,
		due: prometheus.NewDesc("trustcard_outbox_due_jobs",
			"Jobs due now and not done, those being worked on included.", nil, nil),
		oldest: prometheus.NewDesc("trustcard_outbox_oldest_due_seconds",
			"How long the longest-waiting due job has waited; 0 when none is due.", nil, nil),
	}
}

func (b *backlog) Describe(ch chan<- *prometheus.Desc) {
	ch <- b.due
	ch <- b.oldest
}

// Collect reads the backlog; when the database does not answer in time,
// the scrape reports the error and goes on without these gauges.
func (b *backlog) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), backlogTimeout)
	defer cancel()
	bl, err := b.worker.Backlog(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(b.due, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(b.due, prometheus.GaugeValue, float64(bl.Due))
	ch <- prometheus.MustNewConstMetric(b.oldest, prometheus.GaugeValue, bl.Oldest.Seconds())
}
