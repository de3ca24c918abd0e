package sso

import (
	"encoding/json"
	"testing"
)

// email_verified is read as providers send it: a boolean, a string, or not
// at all, which is not the same as false.
func TestEmailVerifiedClaim(t *testing.T) {
	for raw, want := range map[string]string{
		`{"email":"a@b.test","email_verified":true}`:    "true",
		`{"email":"a@b.test","email_verified":false}`:   "false",
		`{"email":"a@b.test","email_verified":"true"}`:  "true",
		`{"email":"a@b.test","email_verified":"false"}`: "false",
		`{"email":"a@b.test"}`:                          "not said",
	} {
		var c claims
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		got := "not said"
		if p := c.EmailVerified.ptr(); p != nil {
			got = map[bool]string{true: "true", false: "false"}[*p]
		}
		if got != want {
			t.Errorf("%s: email_verified %s, want %s", raw, got, want)
		}
	}
}
