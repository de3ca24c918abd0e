package outbox_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
	"trustcard/surveys/outbox"
	"trustcard/surveys/store"
	"trustcard/surveys/store/storetest"
)

// benchConnections is the SMTP connection pool size, and the number of
// messages in flight, of both the outbox and the baseline: serve's
// defaults, so that the figures measure what runs.
var benchConnections = outbox.DefaultOptions.Concurrency

// BenchmarkDispatch measures the outbox's throughput (one unit is one
// message claimed, rendered, sent to a loopback SMTP server and recorded)
// and, right after in the same run, a baseline that sends as many
// pre-rendered messages through the same SMTP sender with no database; it
// reports both rates and their ratio, which a noisy machine disturbs less
// than either rate.
//
//	go test ./surveys/outbox/ -run '^$' -bench Dispatch -benchtime 20000x -count 3
func BenchmarkDispatch(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchOutbox(b, store.SQLite) })
	b.Run("postgres", func(b *testing.B) { benchOutbox(b, store.Postgres) })
}

func benchOutbox(b *testing.B, driver string) {
	e := benchNewEnv(b, storetest.MustOpen(b, driver))
	sk := mailtest.MustStart(b, mailtest.Options{})
	opts := outboxOptions
	opts.Concurrency, opts.Batch = benchConnections, outbox.DefaultOptions.Batch
	ob := outbox.New(e.svc.Worker, benchSender(b, sk.Addr()), slog.New(slog.DiscardHandler), opts)
	benchPostN(b, e, b.N)

	b.ResetTimer()
	ob.Start()
	sk.WaitCount(b, b.N, time.Hour)
	if err := ob.Shutdown(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()

	sent := surveys.InvitationSent
	_, total, err := e.db.FindInvitations(e.ctx, surveys.InvitationFilter{OrgID: e.org.ID, Status: &sent})
	if err != nil || sk.Count() != b.N || total != b.N {
		b.Fatalf("the sink accepted %d messages and %d invitations are recorded sent (%v), want %d", sk.Count(), total, err, b.N)
	}
	rate := float64(b.N) / b.Elapsed().Seconds()
	base := baselineRate(b, b.N)
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(base, "baseline-msgs/s")
	b.ReportMetric(rate/base, "x-baseline")
}

// baselineRate sends n copies of a real invitation email with go-mail over
// benchConnections connections and returns the messages per second.
func baselineRate(tb testing.TB, n int) float64 {
	msg := benchMessage(tb)
	sk := mailtest.MustStart(tb, mailtest.Options{})
	sender := benchSender(tb, sk.Addr())
	work := make(chan *mail.Message, n)
	for i := range n {
		m := *msg
		m.To = fmt.Sprintf("buyer%d@buyer.test", i)
		m.MessageID = fmt.Sprintf("<bench-%d@trust.example.test>", i)
		work <- &m
	}
	close(work)
	ctx := context.Background()

	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, benchConnections)
	for range benchConnections {
		wg.Go(func() {
			for m := range work {
				if err := sender.Send(ctx, m); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		tb.Fatalf("send: %v", err)
	}
	if got := sk.Count(); got != n {
		tb.Fatalf("sink accepted %d messages, want %d", got, n)
	}
	return float64(n) / elapsed.Seconds()
}

// benchMessage renders one real invitation email from a real Outgoing.
func benchMessage(tb testing.TB) *mail.Message {
	tb.Helper()
	e := benchNewEnv(tb, storetest.MustOpen(tb, store.SQLite))
	benchPostN(tb, e, 1)
	ctx := context.Background()
	jobs, err := e.db.ClaimJobs(ctx, e.clock.Now(), 1, time.Minute)
	if err != nil || len(jobs) != 1 {
		tb.Fatalf("claim: %d jobs, %v", len(jobs), err)
	}
	outs, err := e.svc.Worker.Outgoing(ctx, jobs)
	if err != nil || outs[0] == nil {
		tb.Fatalf("outgoing: %v, %v", outs, err)
	}
	msg, err := mail.Invitation(outs[0], baseURL)
	if err != nil {
		tb.Fatal(err)
	}
	return msg
}

// benchSender is the real SMTP sender to addr, as newOutbox's but with
// benchConnections connections.
func benchSender(tb testing.TB, addr string) *mail.SMTP {
	tb.Helper()
	sender, err := mail.NewSMTP("smtp://"+addr, mail.SMTPOptions{Connections: benchConnections, Timeout: 5 * time.Second, HELO: "localhost"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = sender.Close() })
	return sender
}

// benchNewEnv is newEnv with the org's send rate at its maximum
// (surveys.MaxSendPerMinute, about 167,000 a second, fifty times what this
// machine sends), so that the rate limit is not what is measured.
func benchNewEnv(tb testing.TB, db *store.DB) *env {
	tb.Helper()
	e := newEnv(tb, db, nil)
	if _, err := e.svc.Directory.PatchSettings(e.ctx, func(s *surveys.Settings) { s.Delivery.SendPerMinute = surveys.MaxSendPerMinute }); err != nil {
		tb.Fatal(err)
	}
	return e
}

// benchPostN is env.postN for a testing.TB, posting from 8 goroutines so
// that setting up 20,000 messages on PostgreSQL takes minutes, not half an
// hour.
func benchPostN(tb testing.TB, e *env, n int) {
	tb.Helper()
	const workers = 8
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				email := fmt.Sprintf("buyer%d@buyer.test", i)
				res, err := e.svc.Delivery.RecordInteraction(e.ctx, surveys.NewInteraction{ExternalID: fmt.Sprintf("i%d", i), Rep: "r1",
					Buyer: surveys.Buyer{Email: email}, OccurredAt: e.clock.Now(), Kind: "meeting"})
				if err == nil && res.Invitation.Status != surveys.InvitationScheduled {
					err = fmt.Errorf("invitation %s/%q, want %s", res.Invitation.Status, res.Invitation.Reason, surveys.InvitationScheduled)
				}
				if err != nil {
					errs <- fmt.Errorf("post %d: %w", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		tb.Fatal(err)
	}
}
