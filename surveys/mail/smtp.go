package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// SMTPOptions tune an SMTP sender. Zero values take the defaults.
type SMTPOptions struct {
	Connections int           // connections kept open and used at once; default 1
	Timeout     time.Duration // for dialing and for each exchange; default 15s
	IdleTimeout time.Duration // an idle connection older than this is redialed; default 60s
	HELO        string        // the EHLO name; default the host name
	TLSConfig   *tls.Config   // nil: system roots, server name from the URL
}

// SMTP sends through an SMTP server, keeping up to Connections connections
// open and reusing them. It is safe for concurrent use.
type SMTP struct {
	client *gomail.Client // configuration; dials the connections
	// busy sends on a connection used within checkAfter, without go-mail's
	// NOOP before each message: a round trip more per email than the
	// message itself needs. A connection idle longer is checked first.
	busy   *gomail.Client
	idleTO time.Duration
	slots  chan struct{} // one per connection in use

	// go-mail's auth selection may write client state while dialing, so
	// dials take turns.
	dialMu sync.Mutex

	mu     sync.Mutex
	idle   []*conn
	closed bool
}

type conn struct {
	c    *smtp.Client
	used time.Time
}

// NewSMTP returns a sender for rawURL, smtp://user:pass@host:port
// (STARTTLS when the server offers it, port 587 by default) or smtps://…
// (implicit TLS, port 465). With a user it authenticates with PLAIN or
// LOGIN, and never sends the password unencrypted except to localhost.
// It dials lazily, so a server that is down does not stop the caller.
func NewSMTP(rawURL string, opts SMTPOptions) (*SMTP, error) {
	// Errors never quote rawURL: it may hold a password.
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("not a URL such as smtp://user:pass@mail.example.com:587")
	}
	gopts := []gomail.Option{}
	port := 587
	switch u.Scheme {
	case "smtp":
		gopts = append(gopts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case "smtps":
		port = 465
		gopts = append(gopts, gomail.WithSSL())
	default:
		return nil, errors.New("scheme must be smtp or smtps, as in smtp://user:pass@mail.example.com:587")
	}
	if u.Hostname() == "" {
		return nil, errors.New("needs a host, as in smtp://mail.example.com:587")
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, errors.New("port must be a number from 1 to 65535")
		}
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("takes no path or query, only smtp://user:pass@host:port")
	}
	opts = opts.withDefaults()
	// No RSET after an accepted message: the end of its DATA ends the
	// transaction already (RFC 5321 4.1.1.4), and a refused MAIL or RCPT
	// is reset by go-mail all the same.
	gopts = append(gopts, gomail.WithPort(port), gomail.WithTimeout(opts.Timeout), gomail.WithoutRset())
	if opts.HELO != "" {
		gopts = append(gopts, gomail.WithHELO(opts.HELO))
	}
	if opts.TLSConfig != nil {
		tc := opts.TLSConfig.Clone()
		if tc.ServerName == "" {
			tc.ServerName = u.Hostname()
		}
		gopts = append(gopts, gomail.WithTLSConfig(tc))
	}
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		// PLAIN or LOGIN, whichever the server offers (else go-mail's
		// auto-discovery). go-mail refuses both on an unencrypted
		// connection unless the host is localhost.
		gopts = append(gopts, gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	client, err := gomail.NewClient(u.Hostname(), gopts...)
	if err != nil {
		return nil, err
	}
	busy, err := gomail.NewClient(u.Hostname(), append(gopts, gomail.WithoutNoop())...)
	if err != nil {
		return nil, err
	}
	return &SMTP{client: client, busy: busy, idleTO: opts.IdleTimeout, slots: make(chan struct{}, opts.Connections)}, nil
}

func (o SMTPOptions) withDefaults() SMTPOptions {
	if o.Connections < 1 {
		o.Connections = 1
	}
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = time.Minute
	}
	return o
}

// errClosed is returned by Send after Close.
var errClosed = errors.New("mail: smtp: sender is closed")

// Send delivers m over a pooled connection. An error wrapping ErrPermanent
// means the server refused the recipient or the message for good; any
// other error is temporary. ctx bounds the wait for a connection and the
// dial; each exchange after that is bounded by SMTPOptions.Timeout.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	_, err := s.SendReply(ctx, m)
	return err
}

// SendReply is Send that also returns what the server answered to the
// message ("250 2.0.0 Ok: queued as …"), for an admin checking the
// configuration.
func (s *SMTP) SendReply(ctx context.Context, m *Message) (string, error) {
	msg, err := newMsg(m, true)
	if err != nil {
		return "", err
	}
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("mail: smtp: waiting for a connection: %w", ctx.Err())
	}
	defer func() { <-s.slots }()

	c, reused, err := s.get(ctx)
	if err != nil {
		return "", fmt.Errorf("mail: smtp: %w", err)
	}
	msg = fitMsg(msg, m, c)
	err = s.sendOn(c, msg)
	if reused && (failedBefore(err, gomail.ErrConnCheck) || connLost(err)) {
		// The server dropped the connection; nothing was sent yet.
		s.discard(c)
		if c, err = s.dial(ctx); err != nil {
			return "", fmt.Errorf("mail: smtp: %w", err)
		}
		msg = fitMsg(msg, m, c)
		err = s.client.SendWithSMTPClient(c.c, msg)
	}
	switch {
	case err == nil:
		s.put(c)
		return reply(msg), nil
	case msg.IsDelivered():
		// Accepted; only what came after failed. Retrying would send a
		// duplicate.
		s.discard(c)
		return reply(msg), nil
	case failedBefore(err, gomail.ErrSMTPMailFrom) || failedBefore(err, gomail.ErrSMTPRcptTo):
		s.put(c) // go-mail reset the transaction; the connection is fine
	default:
		s.discard(c) // the connection is in an unknown state
	}
	return "", redact(classify(err), m.To)
}

// fitMsg is msg, built again quoted-printable when it goes 8bit and the
// server on c does not take 8BITMIME.
func fitMsg(msg *gomail.Msg, m *Message, c *conn) *gomail.Msg {
	if msg.Encoding() != string(gomail.NoEncoding) {
		return msg
	}
	if ok, _ := c.c.Extension("8BITMIME"); ok {
		return msg
	}
	qp, err := newMsg(m, false)
	if err != nil { // built once already: cannot fail
		return msg
	}
	return qp
}

// checkAfter is how long a connection may rest before go-mail checks it
// with a NOOP before the next message.
const checkAfter = time.Second

// sendOn sends msg on c, checking c first when it rested a while.
func (s *SMTP) sendOn(c *conn, msg *gomail.Msg) error {
	if time.Since(c.used) < checkAfter {
		return s.busy.SendWithSMTPClient(c.c, msg)
	}
	return s.client.SendWithSMTPClient(c.c, msg)
}

// connLost reports whether err is MAIL FROM failing without a reply from
// the server: the connection was gone before anything was sent.
func connLost(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == gomail.ErrSMTPMailFrom && se.ErrorCode() == 0
}

// reply is the server's answer to an accepted message: go-mail keeps its
// text, and accepted means the code was 250.
func reply(msg *gomail.Msg) string {
	return strings.TrimSpace("250 " + msg.ServerResponse())
}

// classify wraps err with ErrPermanent when the server refused the
// recipient or the message with a 5xx reply. A refused sender (MAIL FROM)
// is the sender's configuration, not the buyer's address, so it stays
// temporary: marking every buyer bounced for it would lose them for good.
func classify(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 && se.ErrorCode() <= 599 &&
		se.Reason != gomail.ErrSMTPMailFrom {
		return fmt.Errorf("mail: smtp: %w: %w", ErrPermanent, err)
	}
	return fmt.Errorf("mail: smtp: %w", err)
}

// redact replaces the recipient's address in err's text: go-mail and many
// servers quote it, and errors are logged and kept with the invitation
// after the buyer's address is erased.
func redact(err error, addr string) error {
	if addr == "" || !strings.Contains(err.Error(), addr) {
		return err
	}
	return &redactedError{err: err, text: strings.ReplaceAll(err.Error(), addr, "recipient")}
}

type redactedError struct {
	err  error
	text string
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// failedBefore reports whether err is go-mail's SendError for reason.
func failedBefore(err error, reason gomail.SendErrReason) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == reason
}

// get returns an idle connection (reused true) or dials a new one.
func (s *SMTP) get(ctx context.Context) (c *conn, reused bool, err error) {
	s.mu.Lock()
	for len(s.idle) > 0 && !s.closed {
		c = s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if time.Since(c.used) < s.idleTO {
			s.mu.Unlock()
			return c, true, nil
		}
		_ = c.c.Close() // stale: the server has likely given up on it
	}
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, false, errClosed
	}
	c, err = s.dial(ctx)
	return c, false, err
}

func (s *SMTP) dial(ctx context.Context) (*conn, error) {
	s.dialMu.Lock()
	defer s.dialMu.Unlock()
	c, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	return &conn{c: c, used: time.Now()}, nil
}

// put returns c to the pool, or closes it after Close.
func (s *SMTP) put(c *conn) {
	c.used = time.Now()
	s.mu.Lock()
	if !s.closed {
		s.idle = append(s.idle, c)
		c = nil
	}
	s.mu.Unlock()
	if c != nil {
		_ = s.client.CloseWithSMTPClient(c.c)
	}
}

// discard drops a connection that may be broken, without waiting for QUIT.
func (s *SMTP) discard(c *conn) { _ = c.c.Close() }

// Close says QUIT on the idle connections and closes them; connections in
// use close when their send ends. Send fails after Close.
func (s *SMTP) Close() error {
	s.mu.Lock()
	idle := s.idle
	s.idle, s.closed = nil, true
	s.mu.Unlock()
	var errs []error
	for _, c := range idle {
		if err := s.client.CloseWithSMTPClient(c.c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
