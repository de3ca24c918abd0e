package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// README: begin
// verifyTrustcard checks a webhook from Trustcard: header is the request's
// Trustcard-Signature header, body its raw body, secret the endpoint's
// signing secret. It refuses a signature more than 5 minutes old, so that a
// captured request cannot be replayed later.
func verifyTrustcard(secret, header string, body []byte, now time.Time) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	t, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("malformed signature header")
	}
	if age := now.Sub(time.Unix(t, 0)); age > 5*time.Minute || age < -5*time.Minute {
		return errors.New("signature too old")
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	if !hmac.Equal([]byte(sig), []byte(hex.EncodeToString(m.Sum(nil)))) {
		return errors.New("signature does not match")
	}
	return nil
}

// README: end

// The README's verification snippet is verifyTrustcard, word for word,
// the function the receivers of these tests check every webhook with.
func TestWebhookREADMESnippet(t *testing.T) {
	src, err := os.ReadFile("webhooks_verify_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(src), "// README: "+"begin\n")
	snippet, _, ok := strings.Cut(rest, "// README: "+"end")
	if !ok {
		t.Fatal("no README markers in webhooks_verify_test.go")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Webhooks\n")
	if !ok {
		t.Fatal("README has no “## Webhooks” section")
	}
	if !strings.Contains(section, "```go\n"+strings.TrimSpace(snippet)+"\n```") {
		t.Errorf("README's Webhooks section lacks the verification snippet as in webhooks_verify_test.go:\n%s", snippet)
	}
}

// verifyTrustcard refuses a changed body, another secret, an old
// timestamp and a malformed header.
func TestWebhookVerifyRefuses(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":"evt_1"}`)
	m := hmac.New(sha256.New, []byte("whsec_a"))
	m.Write([]byte("1800000000." + string(body)))
	header := "t=1800000000,v1=" + hex.EncodeToString(m.Sum(nil))
	if err := verifyTrustcard("whsec_a", header, body, now); err != nil {
		t.Fatalf("a good signature: %v", err)
	}
	for name, err := range map[string]error{
		"ChangedBody": verifyTrustcard("whsec_a", header, []byte(`{"id":"evt_2"}`), now),
		"OtherSecret": verifyTrustcard("whsec_b", header, body, now),
		"Old":         verifyTrustcard("whsec_a", header, body, now.Add(6*time.Minute)),
		"Malformed":   verifyTrustcard("whsec_a", "v1=abc", body, now),
	} {
		if err == nil {
			t.Errorf("%s: verified", name)
		}
	}
}
