// Package webhook posts Trustcard's events to the endpoints of an org: it
// signs each body, connects only to addresses the org's rules allow
// (checked in the dialer's Control hook, at every connection, so that a
// name resolving elsewhere later cannot get around it), follows no
// redirect, bounds every step with a timeout and reads at most a little of
// the answer. It knows nothing of the queue: surveys/outbox calls it.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"trustcard/surveys"
)

// Header names of a webhook request.
const (
	SignatureHeader = "Trustcard-Signature" // t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
	EventHeader     = "Trustcard-Event"     // the event's type
	EventIDHeader   = "Trustcard-Event-Id"  // the event's id, the same on every attempt
)

// Options bound a delivery.
type Options struct {
	ConnectTimeout time.Duration    // per connection attempt; zero: 5 s
	Timeout        time.Duration    // the whole request and answer; zero: 10 s
	MaxBody        int64            // bytes of the answer read (and discarded); zero: 64 KiB
	Resolve        surveys.Resolver // nil: the system's DNS
}

// Client posts webhooks.
type Client struct {
	opts             Options
	public, internal *http.Client // without and with the org's private ranges allowed
}

// New returns a client with o.
func New(o Options) *Client {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 64 << 10
	}
	if o.Resolve == nil {
		o.Resolve = surveys.SystemResolver
	}
	return &Client{opts: o, public: o.client(false), internal: o.client(true)}
}

// client is an HTTP client that connects only where allowPrivate lets it,
// uses no proxy and follows no redirect.
func (o Options) client(allowPrivate bool) *http.Client {
	t := &http.Transport{
		Proxy:                 nil, // a proxy would connect for us, unchecked
		DialContext:           o.dialer(allowPrivate),
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
	}
	return &http.Client{Transport: t, Timeout: o.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// dialer resolves the host itself and connects to its addresses in turn;
// the Control hook refuses every address the rules refuse, whatever name
// led to it.
func (o Options) dialer(allowPrivate bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: o.ConnectTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("webhook: refused to connect to %q", address)
		}
		return surveys.WebhookAddrAllowed(ap.Addr(), allowPrivate)
	}}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips := []netip.Addr{}
		if ip, ok := surveys.WebhookHostAddr(host); ok {
			ips = append(ips, ip)
		} else if ips, err = o.Resolve(ctx, host); err != nil {
			return nil, err
		}
		var errs []error
		for _, ip := range ips {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
			if err == nil {
				return c, nil
			}
			errs = append(errs, err)
		}
		if len(errs) == 0 {
			return nil, fmt.Errorf("webhook: %s has no address", host)
		}
		return nil, errors.Join(errs...)
	}
}

// Sign returns the signature header of body sent at t under secret.
func Sign(secret string, t time.Time, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	ts := strconv.FormatInt(t.Unix(), 10)
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// Post sends x's body to its endpoint, signed at now, and returns the
// attempt for the delivery log: a 2xx succeeds; a redirect, another
// status, a refused address or a timeout fails.
func (c *Client) Post(ctx context.Context, x *surveys.WebhookDispatch, now time.Time) *surveys.WebhookAttempt {
	d := x.Delivery
	at := &surveys.WebhookAttempt{OrgID: d.OrgID, EndpointID: d.EndpointID, DeliveryID: d.ID, EventID: d.EventID,
		Type: d.Type, Attempt: d.Attempts, At: now}
	started := time.Now()
	at.StatusCode, at.Error = c.post(ctx, x, now)
	at.Duration = time.Since(started)
	return at
}

// post does the request and returns the status and what went wrong ("" for
// a 2xx).
func (c *Client) post(ctx context.Context, x *surveys.WebhookDispatch, now time.Time) (int, string) {
	body := []byte(x.Delivery.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, x.Endpoint.URL, bytes.NewReader(body))
	if err != nil {
		return 0, "bad URL: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Trustcard-Webhooks/1")
	req.Header.Set(EventHeader, x.Delivery.Type)
	req.Header.Set(EventIDHeader, x.Delivery.EventID)
	req.Header.Set(SignatureHeader, Sign(x.Secret, now, body))
	hc := c.public
	if x.AllowPrivate {
		hc = c.internal
	}
	res, err := hc.Do(req)
	if err != nil {
		return 0, describe(err)
	}
	defer res.Body.Close()
	_, _ = io.CopyN(io.Discard, res.Body, c.opts.MaxBody) // a bounded read lets the connection be reused
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return res.StatusCode, ""
	case res.StatusCode >= 300 && res.StatusCode < 400:
		return res.StatusCode, "redirect not followed (Location: " + truncate(res.Header.Get("Location"), 200) + ")"
	default:
		return res.StatusCode, "the receiver answered " + res.Status
	}
}

// describe says what went wrong with a request in a line.
func describe(err error) string {
	var se *surveys.Error
	if errors.As(err, &se) {
		_, msg := surveys.ErrorDetail(err)
		return "refused: the URL " + msg
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out: " + truncate(err.Error(), 300)
	}
	return truncate(err.Error(), 300)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
