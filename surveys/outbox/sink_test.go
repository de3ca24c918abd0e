package outbox_test

import (
	"encoding/base64"
	"errors"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// sink is a real SMTP server on loopback (go-smtp) that records every
// message it accepts and answers with the errors a test sets. Its address
// is reserved by newSink; it refuses connections until start.
type sink struct {
	addr string

	mu       sync.Mutex
	received []received
	tempFail int             // answer 451 after DATA for this many more messages
	refuse   map[string]bool // answer 550 at RCPT for these addresses
	refused  int             // RCPT refusals so far
	failed   int             // 451 answers so far
}

// received is one accepted message.
type received struct {
	to   []string
	data []byte
}

// newSink reserves a loopback port for a sink that is not yet listening:
// connections to it are refused until start.
func newSink(tb testing.TB) *sink {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		tb.Fatalf("close listener: %v", err)
	}
	return &sink{addr: addr, refuse: map[string]bool{}}
}

// startSink returns a listening sink.
func startSink(tb testing.TB) *sink {
	tb.Helper()
	s := newSink(tb)
	s.start(tb)
	return s
}

// start listens on the reserved address and serves until the test ends.
func (s *sink) start(tb testing.TB) {
	tb.Helper()
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	var ln net.Listener
	var err error
	for deadline := time.Now().Add(2 * time.Second); ; {
		if ln, err = net.Listen("tcp", s.addr); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		tb.Fatalf("listen on reserved %s: %v", s.addr, err)
	}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
}

// set changes the sink's behaviour under its lock.
func (s *sink) set(f func(s *sink)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// messages returns the messages accepted so far.
func (s *sink) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

// count returns how many messages were accepted so far.
func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.received)
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{sink: s}, nil }

type session struct {
	sink *sink
	cur  received
}

func (ss *session) AuthMechanisms() []string { return nil }

func (ss *session) Auth(string) (sasl.Server, error) { return nil, smtp.ErrAuthUnsupported }

func (ss *session) Mail(string, *smtp.MailOptions) error {
	ss.cur = received{}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	if ss.sink.refuse[strings.ToLower(to)] {
		ss.sink.refused++
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	ss.cur.to = append(ss.cur.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	if ss.sink.tempFail > 0 {
		ss.sink.tempFail--
		ss.sink.failed++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ss.cur.data = data
	ss.sink.received = append(ss.sink.received, ss.cur)
	return nil
}

func (ss *session) Reset()        { ss.cur = received{} }
func (ss *session) Logout() error { return nil }

// parsedMail is a received message, decoded.
type parsedMail struct {
	header     netmail.Header
	text, html string
}

// mustParseMail decodes a multipart/alternative message.
func mustParseMail(tb testing.TB, data []byte) parsedMail {
	tb.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		tb.Fatalf("read message: %v", err)
	}
	p := parsedMail{header: msg.Header}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		tb.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable itself
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("next part: %v", err)
		}
		var body io.Reader = part
		if strings.EqualFold(part.Header.Get("Content-Transfer-Encoding"), "base64") {
			body = base64.NewDecoder(base64.StdEncoding, part)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			tb.Fatalf("read part: %v", err)
		}
		switch ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type")); ct {
		case "text/plain":
			p.text = string(b)
		case "text/html":
			p.html = string(b)
		}
	}
	return p
}
