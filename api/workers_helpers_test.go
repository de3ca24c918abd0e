package api_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"trustcard/api/apitest"
	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
)

// workers are several outboxes over one database, as several processes
// run them, sending to one loopback SMTP sink.
type workers struct {
	env  *apitest.Env
	sink *mailtest.Sink
	all  []*outbox.Outbox
}

// mustStartWorkers makes n outboxes of env that send to a new sink.
func mustStartWorkers(t *testing.T, env *apitest.Env, n int) *workers {
	t.Helper()
	w := &workers{env: env, sink: mailtest.MustStart(t, mailtest.Options{})}
	for range n {
		w.add(t)
	}
	return w
}

// add starts one more outbox, as a restarted process does.
func (w *workers) add(t *testing.T) {
	t.Helper()
	sender, err := mail.NewSMTP("smtp://"+w.sink.Addr(), mail.SMTPOptions{Timeout: 30 * time.Second, HELO: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sender.Close() })
	w.all = append(w.all, outbox.New(w.env.Services.Worker, sender, slog.New(slog.DiscardHandler),
		outbox.Options{BaseURL: w.env.URL, Concurrency: 2, Batch: 10, Lease: time.Minute}))
}

// mustRun runs every outbox at once, round after round, until none claims
// anything more.
func (w *workers) mustRun(t *testing.T) {
	t.Helper()
	for range 20 {
		var claimed sync.WaitGroup
		counts := make([]int, len(w.all))
		errs := make([]error, len(w.all))
		for i, ob := range w.all {
			claimed.Go(func() {
				if err := ob.Worker.ScheduleDigests(context.Background()); err != nil {
					errs[i] = err
					return
				}
				counts[i], errs[i] = ob.RunOnce(context.Background())
			})
		}
		claimed.Wait()
		total := 0
		for i := range w.all {
			if errs[i] != nil {
				t.Fatalf("worker %d: %v", i, errs[i])
			}
			total += counts[i]
		}
		if total == 0 {
			return
		}
	}
	t.Fatal("the workers still claim jobs after 20 rounds")
}

// to returns the messages the sink received for address, parsed.
func (w *workers) to(t *testing.T, address string) []mailtest.Mail {
	t.Helper()
	var out []mailtest.Mail
	for _, m := range w.sink.Snapshot().Messages {
		if strings.Join(m.To, ",") == address {
			out = append(out, mailtest.MustParse(t, m.Data))
		}
	}
	return out
}
