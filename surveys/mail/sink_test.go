package mail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"log"
	"math/big"
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

// sink is a real SMTP server on loopback (go-smtp) that keeps what it
// receives and replies with the errors a test sets.
type sink struct {
	addr string

	mu       sync.Mutex
	sessions int // connections, counted in NewSession
	received []received
	mailErr  error // returned by MAIL FROM
	rcptErr  error // returned by RCPT TO
	dataErr  error // returned after DATA
	user     string
	pass     string // with user: MAIL needs AUTH first
}

// received is one accepted message.
type received struct {
	from   string
	to     []string
	data   []byte
	tls    bool
	authed bool
}

type sinkOptions struct {
	host        string // default 127.0.0.1
	user, pass  string
	tls         *tls.Config // offers STARTTLS, or implicit TLS with implicitTLS
	implicitTLS bool
	readTimeout time.Duration // the server drops idle connections after this
}

// startSink starts a sink and stops it when the test ends.
func startSink(tb testing.TB, o sinkOptions) *sink {
	tb.Helper()
	s := &sink{user: o.user, pass: o.pass}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLSConfig = o.tls
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	if o.readTimeout > 0 {
		srv.ReadTimeout = o.readTimeout
	}
	if o.host == "" {
		o.host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(o.host, "0"))
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	if o.implicitTLS {
		ln = tls.NewListener(ln, o.tls)
	}
	s.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return s
}

// url is the sink's address as a sender URL, with optional user info.
func (s *sink) url(scheme, userinfo string) string {
	if userinfo != "" {
		userinfo += "@"
	}
	return scheme + "://" + userinfo + s.addr
}

// set changes the sink's behaviour under its lock.
func (s *sink) set(f func(s *sink)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// snapshot returns the connection count and the messages so far.
func (s *sink) snapshot() (sessions int, msgs []received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions, append([]received(nil), s.received...)
}

func (s *sink) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions++ // once per connection; STARTTLS starts a second session on it
	return &session{sink: s, conn: c}, nil
}

type session struct {
	sink   *sink
	conn   *smtp.Conn
	authed bool
	cur    received
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		ss.sink.mu.Lock()
		defer ss.sink.mu.Unlock()
		if ss.sink.user == "" || user != ss.sink.user || pass != ss.sink.pass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	if ss.sink.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	_, isTLS := ss.conn.TLSConnectionState()
	ss.cur = received{from: from, tls: isTLS, authed: ss.authed}
	return ss.sink.mailErr
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	ss.cur.to = append(ss.cur.to, to)
	return ss.sink.rcptErr
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.sink.mu.Lock()
	defer ss.sink.mu.Unlock()
	if ss.sink.dataErr != nil {
		return ss.sink.dataErr
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
	subject    string
	text, html string
}

// mustParseMail decodes a multipart/alternative message with net/mail and
// mime/multipart.
func mustParseMail(tb testing.TB, data []byte) parsedMail {
	tb.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		tb.Fatalf("read message: %v", err)
	}
	p := parsedMail{header: msg.Header}
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		tb.Fatalf("decode subject: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		tb.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable itself
		if err == io.EOF {
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

// newTLSConfigs returns a server config with a self-signed certificate for
// 127.0.0.1 and a client config that trusts it.
func newTLSConfigs(tb testing.TB) (server, client *tls.Config) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sink"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}
