package surveys

import "testing"

// A rep's own domain flags buyers writing from it, unless it is a public
// mailbox provider that countless buyers share; inDomain takes the org's
// domains with their subdomains.
func TestOwnDomains(t *testing.T) {
	for _, tt := range []struct{ rep, want string }{
		{"ada@Acme.test", "acme.test"},
		{"ada@sales.acme.test", "sales.acme.test"},
		{"ada@gmail.com", ""},
		{"ada@GMX.de", ""},
		{"no-address", ""},
	} {
		if got := repDomain(tt.rep); got != tt.want {
			t.Errorf("repDomain(%q) = %q, want %q", tt.rep, got, tt.want)
		}
	}
	for _, tt := range []struct {
		email, domain string
		want          bool
	}{
		{"b@acme.test", "acme.test", true},
		{"b@EU.Acme.test", "acme.test", true},
		{"b@notacme.test", "acme.test", false},
		{"b@gmail.com", "", false},
	} {
		if got := inDomain(tt.email, tt.domain); got != tt.want {
			t.Errorf("inDomain(%q, %q) = %v, want %v", tt.email, tt.domain, got, tt.want)
		}
	}
}
