package faults_test

import (
	"testing"
	"time"
)

// kill -9 of a worker process while it sends a batch: the jobs it claimed
// are sent by the other process once their lease runs out. What the SMTP
// server accepted from the killed worker and it had not recorded is sent
// again: at most a batch and the emails in flight.
func TestKillWorkerDuringBatch(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.slowSink(10 * time.Millisecond)
	web := w.start("web", "all")
	c := newClient(web.URL, w.key)
	w.mustSetUp(c)
	worker := w.start("worker", "worker")
	acked := w.mustPost(c, "kill", 150)
	w.sink.WaitCount(t, 20, time.Minute)
	worker.Kill()
	w.waitSent(lease + time.Minute)
	w.check(acked, rules{maxDuplicates: batch + senders})
}
