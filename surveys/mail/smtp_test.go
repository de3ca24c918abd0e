package mail_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
)

// mustNewSMTP returns a sender for rawURL, closed when the test ends.
func mustNewSMTP(tb testing.TB, rawURL string, opts mail.SMTPOptions) *mail.SMTP {
	tb.Helper()
	s, err := mail.NewSMTP(rawURL, opts)
	if err != nil {
		tb.Fatalf("NewSMTP: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// mustSend sends m and fails the test on error.
func mustSend(tb testing.TB, s mail.Sender, m *mail.Message) {
	tb.Helper()
	if err := s.Send(context.Background(), m); err != nil {
		tb.Fatalf("Send: %v", err)
	}
}

// testMessage is a rendered invitation to to.
func testMessage(tb testing.TB, to string) *mail.Message {
	tb.Helper()
	o := newOutgoing(tb, "de")
	o.Buyer.Email = to
	return mustRender(tb, o)
}

func TestSMTPDeliversInvitation(t *testing.T) {
	snk := mailtest.MustStart(t, mailtest.Options{})
	o := newOutgoing(t, "de")
	o.Rep.Name = "Bob\r\nBcc: x@evil.test"
	o.Org.Settings.Sender.Name = "Acme\r\nBcc: y@evil.test"
	m := mustRender(t, o)
	mustSend(t, mustNewSMTP(t, snk.URL("smtp", ""), mail.SMTPOptions{}), m)

	msgs := snk.Snapshot().Messages
	if got, want := len(msgs), 1; got != want {
		t.Fatalf("sink received %d messages, want %d", got, want)
	}
	if got, want := fmt.Sprintf("%s %v", msgs[0].From, msgs[0].To), "surveys@acme.test [buyer@example.org]"; got != want {
		t.Errorf("envelope = %s, want %s", got, want)
	}
	p := mailtest.MustParse(t, msgs[0].Data)
	headers := map[string]string{
		"From":                  `"Acme  Bcc: y@evil.test" <surveys@acme.test>`,
		"To":                    "<buyer@example.org>",
		"Reply-To":              "<help@acme.test>",
		"Message-ID":            m.MessageID,
		"List-Unsubscribe":      "<https://trust.example.com/u/sTOKEN-abc_123>, <mailto:surveys@acme.test?subject=unsubscribe-sTOKEN-abc_123>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Bcc":                   "",
	}
	for name, want := range headers {
		got := p.Header.Get(name)
		if name == "From" {
			a, err := p.Header.AddressList("From")
			if err != nil || len(a) != 1 {
				t.Fatalf("From %q: %v", got, err)
			}
			got = a[0].String()
		}
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got, want := p.Subject, "Acme fragt: Wie war Ihr Gespräch mit Bob  Bcc:?"; got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}
	if raw := p.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
		t.Errorf("raw Subject = %q, want RFC 2047 encoded", raw)
	}
	assertLacks(t, "message", string(msgs[0].Data), "evil.test>", "\r\nBcc:", "User-Agent", "X-Mailer")
	link := "https://trust.example.com/s/sTOKEN-abc_123?understood="
	assertContains(t, "text part", p.Text, link+"1", link+"5", "Guten Tag Jane Doe,")
	assertContains(t, "html part", p.HTML, link+"1", link+"5", "https://trust.example.com/u/sTOKEN-abc_123", "<table")
}

func TestSMTPReusesConnections(t *testing.T) {
	tests := []struct {
		name         string
		connections  int
		messages     int
		concurrent   bool
		wantSessions int // at most
	}{
		{"OneConnectionSequential", 1, 3, false, 1},
		{"OneConnectionConcurrent", 1, 8, true, 1},
		{"TwoConnectionsConcurrent", 2, 12, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snk := mailtest.MustStart(t, mailtest.Options{})
			s := mustNewSMTP(t, snk.URL("smtp", ""), mail.SMTPOptions{Connections: tt.connections})
			var wg sync.WaitGroup
			for i := range tt.messages {
				m := testMessage(t, fmt.Sprintf("buyer%d@example.org", i))
				if !tt.concurrent {
					mustSend(t, s, m)
					continue
				}
				wg.Go(func() {
					if err := s.Send(context.Background(), m); err != nil {
						t.Errorf("Send: %v", err)
					}
				})
			}
			wg.Wait()
			snap := snk.Snapshot()
			if got, want := len(snap.Messages), tt.messages; got != want {
				t.Errorf("sink received %d messages, want %d", got, want)
			}
			if snap.Sessions < 1 || snap.Sessions > tt.wantSessions {
				t.Errorf("%d connections, want 1 to %d", snap.Sessions, tt.wantSessions)
			}
		})
	}
}

func TestSMTPRedialsDroppedConnection(t *testing.T) {
	snk := mailtest.MustStart(t, mailtest.Options{})
	s := mustNewSMTP(t, snk.URL("smtp", ""), mail.SMTPOptions{})
	mustSend(t, s, testMessage(t, "a@example.org"))
	snk.HangUp() // as a server does with a connection left idle too long
	mustSend(t, s, testMessage(t, "b@example.org"))
	snap := snk.Snapshot()
	if got, want := fmt.Sprint(snap.Sessions, len(snap.Messages)), "2 2"; got != want {
		t.Errorf("connections and messages = %s, want %s", got, want)
	}
}

func TestSMTPErrors(t *testing.T) {
	tests := []struct {
		name          string
		setup         func(t *testing.T) (url string, opts mail.SMTPOptions, heal func())
		wantPermanent bool
	}{
		{"TemporaryRecipientReply", failingSink("RCPT", mailtest.ErrTryLater), false},
		{"PermanentRecipientReply", failingSink("RCPT", mailtest.ErrNoSuchUser), true},
		{"PermanentDataReply", failingSink("DATA",
			&smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "rejected"}), true},
		{"TemporaryDataReply", failingSink("DATA",
			&smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 3, 1}, Message: "disk full"}), false},
		// A refused sender is a configuration problem, not the buyer's
		// address: the mail waits instead of bouncing the buyer.
		{"RefusedSender", failingSink("MAIL",
			&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "sender not allowed"}), false},
		{"WrongPassword", func(t *testing.T) (string, mail.SMTPOptions, func()) {
			snk := mailtest.MustStart(t, mailtest.Options{User: "ann", Pass: "right"})
			return snk.URL("smtp", "ann:wrong"), mail.SMTPOptions{}, nil
		}, false},
		{"RefusedConnection", func(t *testing.T) (string, mail.SMTPOptions, func()) {
			return mailtest.MustReserve(t, mailtest.Options{}).URL("smtp", ""), mail.SMTPOptions{Timeout: 2 * time.Second}, nil
		}, false},
		{"StalledServer", func(t *testing.T) (string, mail.SMTPOptions, func()) {
			return "smtp://" + silentAddr(t), mail.SMTPOptions{Timeout: 300 * time.Millisecond}, nil
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, opts, heal := tt.setup(t)
			s := mustNewSMTP(t, url, opts)
			err := sendWithin(t, s, testMessage(t, "buyer@example.org"), time.Minute)
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			assertLacks(t, "error", err.Error(), "buyer@example.org")
			if got, want := mail.IsPermanent(err), tt.wantPermanent; got != want {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, got, want)
			}
			if heal != nil { // the sender works again once the server does
				heal()
				mustSend(t, s, testMessage(t, "buyer@example.org"))
			}
		})
	}
}

// sendWithin sends m and returns Send's error, and fails the test if Send
// has not returned within d: whatever the server does, Send gives up.
func sendWithin(t *testing.T, s mail.Sender, m *mail.Message, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.Send(context.Background(), m) }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("Send has not returned after %v", d)
		return nil
	}
}

// failingSink starts a sink that answers err to every cmd until healed.
func failingSink(cmd string, err error) func(t *testing.T) (string, mail.SMTPOptions, func()) {
	return func(t *testing.T) (string, mail.SMTPOptions, func()) {
		snk := mailtest.MustStart(t, mailtest.Options{})
		snk.SetReply(mailtest.Refuse(cmd, err))
		return snk.URL("smtp", ""), mail.SMTPOptions{}, func() { snk.SetReply(nil) }
	}
}

// silentAddr is a loopback address that accepts connections and never
// says a word.
func silentAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	tb.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	return ln.Addr().String()
}
