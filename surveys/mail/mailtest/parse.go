package mailtest

import (
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
)

// Mail is a received multipart/alternative message, decoded.
type Mail struct {
	Header     netmail.Header
	Subject    string // with RFC 2047 words decoded
	Text, HTML string
}

// MustParse decodes a multipart/alternative message with net/mail and
// mime/multipart, and fails the test if it is anything else.
func MustParse(tb testing.TB, data []byte) Mail {
	tb.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		tb.Fatalf("read message: %v", err)
	}
	m := Mail{Header: msg.Header}
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		tb.Fatalf("decode subject: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		tb.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable itself
		if errors.Is(err, io.EOF) {
			return m
		}
		if err != nil {
			tb.Fatalf("next part: %v", err)
		}
		switch ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type")); ct {
		case "text/plain":
			m.Text = mustReadPart(tb, part)
		case "text/html":
			m.HTML = mustReadPart(tb, part)
		}
	}
}

// mustReadPart reads a part's body, decoding base64.
func mustReadPart(tb testing.TB, part *multipart.Part) string {
	tb.Helper()
	var body io.Reader = part
	if strings.EqualFold(part.Header.Get("Content-Transfer-Encoding"), "base64") {
		body = base64.NewDecoder(base64.StdEncoding, part)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		tb.Fatalf("read part: %v", err)
	}
	return string(b)
}
