package mail

import (
	"bytes"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// reservedHeaders are set from Message's own fields; Headers may not
// override them.
var reservedHeaders = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "reply-to": true, "sender": true, "subject": true,
	"message-id": true, "date": true, "mime-version": true, "content-type": true, "content-transfer-encoding": true,
	"return-path": true,
}

// newMsg builds go-mail's message from m: text and HTML as
// multipart/alternative, every header value stripped of control
// characters and encoded by go-mail (RFC 2047) where needed. With
// eightBit (the server takes 8BITMIME), a body whose lines all fit SMTP's
// limit goes as it is (8bit) rather than quoted-printable, which costs
// time to encode and makes the survey email 6% longer.
func newMsg(m *Message, eightBit bool) (*gomail.Msg, error) {
	opts := []gomail.MsgOption{gomail.WithNoDefaultUserAgent()}
	if eightBit && len(m.Files) == 0 && linesFit(m.Text) && linesFit(m.HTML) {
		opts = append(opts, gomail.WithEncoding(gomail.NoEncoding))
	}
	msg := gomail.NewMsg(opts...)
	from, err := netmail.ParseAddress(headerSafe(m.From))
	if err != nil {
		return nil, fmt.Errorf("mail: smtp: sender %q: %w", m.From, err)
	}
	from.Name = headerSafe(m.FromName)
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderFrom, from)
	to, err := netmail.ParseAddress(headerSafe(m.To))
	if err != nil || to.Name != "" {
		// The address can never be delivered to: no retry will help.
		return nil, fmt.Errorf("mail: smtp: %w: the recipient is not a bare email address", ErrPermanent)
	}
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderTo, to)
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(headerSafe(m.ReplyTo)); err != nil {
			return nil, fmt.Errorf("mail: smtp: reply-to %q: %w", m.ReplyTo, err)
		}
	}
	msg.Subject(headerSafe(m.Subject))
	if id := strings.Trim(headerSafe(m.MessageID), "<>"); id != "" {
		msg.SetMessageIDWithValue(id)
	}
	for k, v := range m.Headers {
		if !validHeaderName(k) || reservedHeaders[strings.ToLower(k)] {
			return nil, fmt.Errorf("mail: smtp: header %q may not be set through Headers", k)
		}
		msg.SetGenHeader(gomail.Header(k), headerSafe(v))
	}
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.HTML != "":
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	case m.Text != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	default:
		return nil, errors.New("mail: smtp: message has no body")
	}
	for _, f := range m.Files {
		err := msg.AttachReader(headerSafe(f.Name), bytes.NewReader(f.Data), gomail.WithFileContentType(gomail.ContentType(f.ContentType)))
		if err != nil {
			return nil, fmt.Errorf("mail: smtp: attach %q: %w", f.Name, err)
		}
	}
	return msg, nil
}

// maxLine is SMTP's longest line of text without its CRLF (RFC 5321
// 4.5.3.1.6), less a margin.
const maxLine = 990

// linesFit reports whether every line of s is at most maxLine bytes and
// has no bare carriage return or NUL, so that s may go unencoded.
func linesFit(s string) bool {
	for len(s) > 0 {
		line, rest, _ := strings.Cut(s, "\n")
		if len(line) > maxLine || strings.ContainsAny(line, "\r\x00") {
			return false
		}
		s = rest
	}
	return true
}

// validHeaderName accepts RFC 5322 field names: printable ASCII but colon.
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}
