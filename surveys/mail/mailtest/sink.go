// Package mailtest is a real SMTP server on loopback for tests, and a
// parser for the messages it receives. Only test files import it: it fails
// tests itself and knows nothing of surveys or the outbox.
package mailtest

import (
	"bytes"
	"crypto/tls"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Replies for Reply hooks that tests share.
var (
	ErrTryLater   = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	ErrNoSuchUser = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
)

// Options configure a sink; the zero value is a plain server on 127.0.0.1.
type Options struct {
	Host        string // default 127.0.0.1
	User, Pass  string // with User: MAIL needs AUTH PLAIN with these first
	TLS         *tls.Config
	ImplicitTLS bool // with TLS: TLS from the first byte instead of STARTTLS
	// No8BitMIME hides the 8BITMIME extension from EHLO's answer, as an
	// older server that takes only 7-bit text.
	No8BitMIME bool
}

// ioTimeout bounds each read and write of the server, so that a stuck
// client cannot hold a test forever; tests that need a dropped connection
// call HangUp.
const ioTimeout = time.Minute

// Reply answers the MAIL, RCPT and DATA commands (cmd) of every session;
// arg is the sender, the recipient or empty. A non-nil error is the
// sink's answer instead of accepting. It runs under the sink's lock, so it
// may keep state of its own.
type Reply func(cmd, arg string) error

// Refuse is a Reply that answers err to every cmd command.
func Refuse(cmd string, err error) Reply {
	return func(c, _ string) error {
		if c == cmd {
			return err
		}
		return nil
	}
}

// Message is one accepted message.
type Message struct {
	From   string
	To     []string
	Data   []byte
	TLS    bool // the session was encrypted
	Authed bool // the session had authenticated
}

// Snapshot is what a sink has seen so far.
type Snapshot struct {
	Sessions int // one per connection, and one more after STARTTLS
	Refused  int // commands answered with the Reply's error
	Messages []Message
}

// Sink is a go-smtp server that keeps what it accepts.
type Sink struct {
	addr string
	opts Options

	mu       sync.Mutex
	reply    Reply
	seen     Snapshot
	arrived  chan struct{}           // closed and replaced when a message is accepted
	sessions map[*session]*smtp.Conn // open connections, for HangUp
	srv      *smtp.Server            // serving now; nil while stopped
}

// MustStart starts a sink that serves until the test ends.
func MustStart(tb testing.TB, o Options) *Sink {
	tb.Helper()
	s, ln := mustNewSink(tb, o)
	s.serve(tb, ln)
	return s
}

// MustReserve returns a sink with an address where nothing listens, so
// connections are refused, until MustListen.
func MustReserve(tb testing.TB, o Options) *Sink {
	tb.Helper()
	s, ln := mustNewSink(tb, o)
	if err := ln.Close(); err != nil {
		tb.Fatalf("close listener: %v", err)
	}
	return s
}

// MustListen starts serving on a reserved sink's address until the test
// ends.
func (s *Sink) MustListen(tb testing.TB) {
	tb.Helper()
	var ln net.Listener
	var err error
	// The port may be briefly in use as another connection's local port.
	for deadline := time.Now().Add(30 * time.Second); ; {
		if ln, err = net.Listen("tcp", s.addr); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		tb.Fatalf("listen on reserved %s: %v", s.addr, err)
	}
	s.serve(tb, ln)
}

// mustNewSink returns a sink and a listener on a free port of its host.
func mustNewSink(tb testing.TB, o Options) (*Sink, net.Listener) {
	tb.Helper()
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(o.Host, "0"))
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	return &Sink{addr: ln.Addr().String(), opts: o, arrived: make(chan struct{}), sessions: map[*session]*smtp.Conn{}}, ln
}

// serve answers SMTP on ln until the test ends.
func (s *Sink) serve(tb testing.TB, ln net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLSConfig = s.opts.TLS
	srv.ReadTimeout, srv.WriteTimeout = ioTimeout, ioTimeout
	if s.opts.No8BitMIME {
		ln = no8BitListener{ln}
	}
	if s.opts.ImplicitTLS {
		ln = tls.NewListener(ln, s.opts.TLS)
	}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
}

// Stop takes the server down, as a mail server that goes away: it stops
// listening, so connections are refused, and closes those open.
// MustListen brings it back on the same address.
func (s *Sink) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// Addr is the sink's host:port.
func (s *Sink) Addr() string { return s.addr }

// URL is the sink's address as a sender URL, with optional user info.
func (s *Sink) URL(scheme, userinfo string) string {
	if userinfo != "" {
		userinfo += "@"
	}
	return scheme + "://" + userinfo + s.addr
}

// SetReply makes r answer the commands from now on; nil accepts them all.
func (s *Sink) SetReply(r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reply = r
}

// Count is how many messages the sink accepted so far.
func (s *Sink) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen.Messages)
}

// WaitCount waits until the sink has accepted at least n messages, and
// fails the test if that takes longer than within.
func (s *Sink) WaitCount(tb testing.TB, n int, within time.Duration) {
	tb.Helper()
	timeout := time.NewTimer(within)
	defer timeout.Stop()
	for {
		s.mu.Lock()
		got, arrived := len(s.seen.Messages), s.arrived
		s.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-arrived:
		case <-timeout.C:
			tb.Fatalf("the sink accepted %d messages in %v, want %d", got, within, n)
		}
	}
}

// HangUp closes every open connection from the server's side, as a server
// does with a connection left idle too long. It returns once they are
// closed.
func (s *Sink) HangUp() {
	s.mu.Lock()
	conns := make([]*smtp.Conn, 0, len(s.sessions))
	for _, c := range s.sessions {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns { // outside the lock: closing logs the session out
		_ = c.Close()
	}
}

// Snapshot is a copy of what the sink has seen so far.
func (s *Sink) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := s.seen
	snap.Messages = append([]Message(nil), s.seen.Messages...)
	return snap
}

// answer asks the Reply about a command; the caller holds the lock.
func (s *Sink) answer(cmd, arg string) error {
	if s.reply == nil {
		return nil
	}
	err := s.reply(cmd, arg)
	if err != nil {
		s.seen.Refused++
	}
	return err
}

// backend hides the go-smtp interfaces from the Sink's methods.
type backend struct{ sink *Sink }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	b.sink.mu.Lock()
	defer b.sink.mu.Unlock()
	b.sink.seen.Sessions++
	ss := &session{sink: b.sink, conn: c}
	b.sink.sessions[ss] = c
	return ss, nil
}

type session struct {
	sink   *Sink
	conn   *smtp.Conn
	authed bool
	cur    Message
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		o := ss.sink.opts
		if o.User == "" || user != o.User || pass != o.Pass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.sink.opts.User != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	_, isTLS := ss.conn.TLSConnectionState()
	ss.cur = Message{From: from, TLS: isTLS, Authed: ss.authed}
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	return ss.sink.answer("MAIL", from)
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	if err := ss.sink.answer("RCPT", to); err != nil {
		return err
	}
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	if err := ss.sink.answer("DATA", ""); err != nil {
		return err
	}
	ss.cur.Data = data
	ss.sink.seen.Messages = append(ss.sink.seen.Messages, ss.cur)
	close(ss.sink.arrived)
	ss.sink.arrived = make(chan struct{})
	return nil
}

func (ss *session) Reset() { ss.cur = Message{} }

func (ss *session) Logout() error {
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	delete(ss.sink.sessions, ss)
	return nil
}

// no8BitListener's connections drop the 8BITMIME line from what the
// server writes: go-smtp always offers it, and writes EHLO's answer whole.
type no8BitListener struct{ net.Listener }

func (l no8BitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return no8BitConn{c}, nil
}

type no8BitConn struct{ net.Conn }

func (c no8BitConn) Write(b []byte) (int, error) {
	if out := bytes.Replace(b, []byte("250-8BITMIME\r\n"), nil, 1); len(out) != len(b) {
		_, err := c.Conn.Write(out)
		return len(b), err
	}
	return c.Conn.Write(b)
}
