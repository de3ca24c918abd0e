package mail_test

import (
	"context"
	"net"
	"strings"
	"testing"

	"trustcard/surveys/mail"
	"trustcard/surveys/mail/mailtest"
)

func TestSMTPAuthAndTLS(t *testing.T) {
	serverTLS, clientTLS := mailtest.MustTLS(t)
	tests := []struct {
		name     string
		sink     mailtest.Options
		scheme   string
		userinfo string
		opts     mail.SMTPOptions
		wantTLS  bool
		wantAuth bool
	}{
		{"PlainNoAuth", mailtest.Options{}, "smtp", "", mail.SMTPOptions{}, false, false},
		// PLAIN without TLS only because the host is loopback.
		{"PlainAuthOnLoopback", mailtest.Options{User: "ann", Pass: "s3cret"}, "smtp", "ann:s3cret", mail.SMTPOptions{}, false, true},
		{"StartTLSAuth", mailtest.Options{User: "ann", Pass: "p@ss:word", TLS: serverTLS}, "smtp", "ann:p%40ss%3Aword",
			mail.SMTPOptions{TLSConfig: clientTLS}, true, true},
		{"ImplicitTLSAuth", mailtest.Options{User: "ann", Pass: "s3cret", TLS: serverTLS, ImplicitTLS: true}, "smtps", "ann:s3cret",
			mail.SMTPOptions{TLSConfig: clientTLS}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snk := mailtest.MustStart(t, tt.sink)
			s := mustNewSMTP(t, snk.URL(tt.scheme, tt.userinfo), tt.opts)
			mustSend(t, s, testMessage(t, "buyer@example.org"))
			mustSend(t, s, testMessage(t, "other@example.org"))
			msgs := snk.Snapshot().Messages
			if got, want := len(msgs), 2; got != want {
				t.Fatalf("sink received %d messages, want %d", got, want)
			}
			for _, m := range msgs {
				if m.TLS != tt.wantTLS || m.Authed != tt.wantAuth {
					t.Errorf("tls, authed = %v, %v, want %v, %v", m.TLS, m.Authed, tt.wantTLS, tt.wantAuth)
				}
			}
		})
	}
}

func TestSMTPUntrustedCertificateFails(t *testing.T) {
	serverTLS, _ := mailtest.MustTLS(t)
	snk := mailtest.MustStart(t, mailtest.Options{TLS: serverTLS, ImplicitTLS: true})
	s := mustNewSMTP(t, snk.URL("smtps", ""), mail.SMTPOptions{})
	err := s.Send(context.Background(), testMessage(t, "buyer@example.org"))
	if err == nil || mail.IsPermanent(err) {
		t.Errorf("Send = %v, want a temporary error", err)
	}
}

// A password never crosses an unencrypted connection to a host that is
// not localhost. 127.0.0.2 is loopback on Linux but not "localhost" by name.
func TestSMTPNoPasswordInClear(t *testing.T) {
	if ln, err := net.Listen("tcp", "127.0.0.2:0"); err != nil {
		t.Skipf("127.0.0.2 is not available here: %v", err)
	} else {
		_ = ln.Close()
	}
	snk := mailtest.MustStart(t, mailtest.Options{Host: "127.0.0.2", User: "ann", Pass: "s3cret"})
	s := mustNewSMTP(t, snk.URL("smtp", "ann:s3cret"), mail.SMTPOptions{})
	err := s.Send(context.Background(), testMessage(t, "buyer@example.org"))
	if err == nil || mail.IsPermanent(err) {
		t.Errorf("Send = %v, want a temporary error", err)
	}
	if msgs := snk.Snapshot().Messages; len(msgs) != 0 {
		t.Errorf("sink received %d messages, want none", len(msgs))
	}
}

func TestNewSMTPURL(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // empty: valid
	}{
		{"smtp://mail.example.com", ""},
		{"smtp://user:pass@mail.example.com:2525", ""},
		{"smtps://mail.example.com", ""},
		{"smtps://user@mail.example.com:465/", ""},
		{"http://mail.example.com", "scheme must be smtp or smtps"},
		{"mail.example.com:587", "scheme must be smtp or smtps"},
		{"smtp://", "needs a host"},
		{"smtp://user:s3cret@mail.example.com:99999", "port must be"},
		{"smtp://user:s3cret@mail.example.com:x", "not a URL"},
		{"smtp://user:s3cret@mail.example.com/inbox", "takes no path or query"},
		{"smtp://user:s3cret@mail.example.com?tls=off", "takes no path or query"},
		{"smtp://user:s3cret%zz@mail.example.com", "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s, err := mail.NewSMTP(tt.url, mail.SMTPOptions{})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("NewSMTP: %v", err)
				}
				_ = s.Close()
				return
			}
			if err == nil {
				_ = s.Close()
				t.Fatalf("NewSMTP succeeded, want error %q", tt.wantErr)
			}
			if got := err.Error(); !strings.Contains(got, tt.wantErr) || strings.Contains(got, "s3cret") {
				t.Errorf("error = %q, want it to say %q and not show the password", got, tt.wantErr)
			}
		})
	}
}

func TestSMTPSendAfterClose(t *testing.T) {
	snk := mailtest.MustStart(t, mailtest.Options{})
	s := mustNewSMTP(t, snk.URL("smtp", ""), mail.SMTPOptions{})
	mustSend(t, s, testMessage(t, "buyer@example.org"))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Send(context.Background(), testMessage(t, "buyer@example.org")); err == nil || mail.IsPermanent(err) {
		t.Errorf("Send after Close = %v, want a temporary error", err)
	}
}

func TestSMTPSendRespectsContext(t *testing.T) {
	s := mustNewSMTP(t, "smtp://"+silentAddr(t), mail.SMTPOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Send(ctx, testMessage(t, "buyer@example.org")); err == nil || mail.IsPermanent(err) {
		t.Errorf("Send with a cancelled context = %v, want a temporary error", err)
	}
}
