package surveys

import "testing"

// A sealed value opens only with the same org secret and purpose, and not
// at all once altered.
func TestSeal(t *testing.T) {
	sealed := seal("org-secret", "sso-client-secret", []byte("s3cret"))
	if got, err := unseal("org-secret", "sso-client-secret", sealed); err != nil || string(got) != "s3cret" {
		t.Fatalf("unseal = %q, %v", got, err)
	}
	if sealed == seal("org-secret", "sso-client-secret", []byte("s3cret")) {
		t.Errorf("two seals of one value are equal: the nonce is not fresh")
	}
	altered := []byte(sealed)
	altered[len(altered)-2] ^= 1
	for name, try := range map[string]func() ([]byte, error){
		"OtherOrg":     func() ([]byte, error) { return unseal("other", "sso-client-secret", sealed) },
		"OtherPurpose": func() ([]byte, error) { return unseal("org-secret", "sso-flow", sealed) },
		"Altered":      func() ([]byte, error) { return unseal("org-secret", "sso-client-secret", string(altered)) },
		"Garbage":      func() ([]byte, error) { return unseal("org-secret", "sso-client-secret", "%%%") },
	} {
		if got, err := try(); err == nil {
			t.Errorf("%s: opened to %q", name, got)
		}
	}
}

func TestSSOUpdateValidate(t *testing.T) {
	for _, tt := range []struct {
		u     SSOUpdate
		field string
	}{
		{SSOUpdate{Issuer: "https://login.acme.test/", ClientID: "tc"}, ""},
		{SSOUpdate{Issuer: "http://127.0.0.1:9000", ClientID: "tc", CreateRole: RoleRep}, ""},
		{SSOUpdate{Issuer: "http://login.acme.test", ClientID: "tc"}, "issuer"},
		{SSOUpdate{Issuer: "https://login.acme.test?x=1", ClientID: "tc"}, "issuer"},
		{SSOUpdate{Issuer: "login.acme.test", ClientID: "tc"}, "issuer"},
		{SSOUpdate{Issuer: "https://login.acme.test", ClientID: " "}, "client_id"},
		{SSOUpdate{Issuer: "https://login.acme.test", ClientID: "tc", CreateRole: RoleAdmin}, "create_role"},
	} {
		err := tt.u.validate()
		if field, _ := ErrorDetail(err); (err == nil) != (tt.field == "") || err != nil && field != tt.field {
			t.Errorf("%+v: %v, want a problem with %q", tt.u, err, tt.field)
		}
	}
}
