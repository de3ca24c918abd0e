package faults_test

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The SMTP server goes away for two seconds while emails go out: the
// failed ones are retried after the backoff (30 s) and all arrive. An
// email the server took whole while going down, without saying so, is
// sent again: at most the emails in flight.
func TestSMTPDownAndUp(t *testing.T) {
	t.Parallel()
	w, c, _ := sendingWorld(t, 10*time.Millisecond)
	acked := w.mustPost(c, "smtp", 100)
	w.sink.WaitCount(t, 20, time.Minute)
	w.sink.Stop()
	time.Sleep(2 * time.Second)
	w.sink.MustListen(t)
	w.waitSent(90 * time.Second)
	w.check(acked, rules{maxDuplicates: senders})
}

// kill -9 of a worker process while it sends a batch: the jobs it claimed
// are sent by the other process once their lease runs out. What the SMTP
// server accepted from the killed worker and it had not recorded is sent
// again: at most a batch and the emails in flight.
func TestKillWorkerDuringBatch(t *testing.T) {
	t.Parallel()
	w, c, _ := sendingWorld(t, 10*time.Millisecond)
	worker := w.start("worker", "worker")
	acked := w.mustPost(c, "kill", 150)
	w.sink.WaitCount(t, 20, time.Minute)
	worker.Kill()
	w.waitSent(lease + time.Minute)
	w.check(acked, rules{maxDuplicates: batch + senders})
}

// PostgreSQL restarts while emails go out: what the SMTP server accepted
// is recorded once the database is back, and nothing is sent twice.
func TestRestartPostgresDuringSending(t *testing.T) {
	t.Parallel()
	w, c, p := sendingWorld(t, 20*time.Millisecond)
	acked := w.mustPost(c, "send", 150)
	w.sink.WaitCount(t, 20, time.Minute)
	w.pg.Restart()
	w.waitSent(time.Minute)
	w.check(acked, rules{})
	t.Logf("tries to record that the database refused: %s", scrape(t, p, "trustcard_outbox_record_retried_total"))
}

// PostgreSQL restarts while the CRM posts interactions and buyers answer:
// requests in the gap get 503 with Retry-After, every one acknowledged is
// stored, and every survey goes out once.
func TestRestartPostgresDuringIngest(t *testing.T) {
	t.Parallel()
	w, c, warm, tokens := ingestWorld(t)
	l := drive(c, "load", 4, tokens)
	time.Sleep(time.Second)
	w.pg.Restart()
	time.Sleep(time.Second)
	results := l.stop()
	wantUnavailable(t, results)
	w.waitSent(time.Minute)
	w.check(append(warm, results...), rules{})
}

// PostgreSQL stops answering (SIGSTOP) for longer than the bound during ingest:
// requests answer 503 with Retry-After within the bound instead of
// hanging, and the service resumes by itself once it answers again.
func TestFreezePostgresDuringIngest(t *testing.T) {
	t.Parallel()
	w, c, warm, tokens := ingestWorld(t)
	l := drive(c, "load", 4, tokens)
	time.Sleep(time.Second)
	w.pg.Freeze()
	time.Sleep(freeze)
	w.pg.Thaw()
	time.Sleep(time.Second)
	results := l.stop()
	wantUnavailable(t, results)
	w.waitSent(time.Minute)
	w.check(append(warm, results...), rules{})
}

// SIGTERM while the CRM posts and buyers answer: requests in flight are
// answered, the process records what it sent and exits 0; the next
// process sends the rest, nothing twice.
func TestSIGTERMDuringLoad(t *testing.T) {
	t.Parallel()
	w, c, warm, tokens := ingestWorld(t)
	p := w.procs[0]
	l := drive(c, "load", 4, tokens)
	time.Sleep(time.Second)
	took, err := p.Terminate()
	results := l.stop()
	if err != nil {
		t.Errorf("trustcard ended with %v after SIGTERM, want exit status 0", err)
	}
	t.Logf("trustcard stopped %v after SIGTERM", took.Round(time.Millisecond))
	w.start("next", "all")
	w.waitSent(lease + time.Minute)
	w.check(append(warm, results...), rules{refusedOK: true})
}

// sendingWorld starts a world with one process and an SMTP server that
// takes perMail over each email.
func sendingWorld(t *testing.T, perMail time.Duration) (*world, *client, *proc) {
	t.Helper()
	w := newWorld(t)
	w.slowSink(perMail)
	p := w.start("trustcard", "all")
	c := newClient(p.URL, w.key)
	w.mustSetUp(c)
	return w, c, p
}

// ingestWorld starts a world with one process, posts 20 interactions and
// waits for their surveys, whose tokens the load answers.
func ingestWorld(t *testing.T) (*world, *client, []result, map[string]string) {
	t.Helper()
	w, c, _ := sendingWorld(t, 0)
	warm := w.mustPost(c, "warm", 20)
	w.waitSent(time.Minute)
	return w, c, warm, w.tokens()
}

// scrape reads one metric's value from p's /metrics.
func scrape(t *testing.T, p *proc, name string) string {
	t.Helper()
	res, err := http.Get(p.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	for sc := bufio.NewScanner(res.Body); sc.Scan(); {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			return v
		}
	}
	t.Fatalf("no metric %s", name)
	return ""
}
