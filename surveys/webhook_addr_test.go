package surveys_test

import (
	"net/netip"
	"testing"

	"trustcard/surveys"
)

// Hosts written as numbers are read as a C resolver reads them, so that
// no spelling of a refused address gets through as a "name".
func TestWebhookHostAddr(t *testing.T) {
	for host, want := range map[string]string{
		"127.0.0.1": "127.0.0.1", "2130706433": "127.0.0.1", "0x7f000001": "127.0.0.1", "017700000001": "127.0.0.1",
		"0x7f.1": "127.0.0.1", "127.1": "127.0.0.1", "10.1.2": "10.1.0.2", "[::1]": "::1", "0177.0.0.01": "127.0.0.1",
		"example.com": "", "1.2.3.4.5": "", "256.1.1.1": "", "4294967296": "", "hooks-1.test": "",
	} {
		got, ok := surveys.WebhookHostAddr(host)
		if want == "" {
			if ok {
				t.Errorf("%q read as the address %s, want a name", host, got)
			}
			continue
		}
		if !ok || got != netip.MustParseAddr(want) {
			t.Errorf("%q = %v (%v), want %s", host, got, ok, want)
		}
	}
}

// Which addresses a webhook may reach, with and without private ranges.
func TestWebhookAddrAllowed(t *testing.T) {
	for _, c := range []struct {
		addr           string
		public, intern bool // allowed without, with private ranges
	}{
		{"93.184.216.34", true, true}, {"2606:4700::1", true, true},
		{"127.0.0.1", false, true}, {"::1", false, true}, {"10.0.0.1", false, true}, {"172.31.255.255", false, true},
		{"192.168.0.1", false, true}, {"fd12::1", false, true}, {"169.254.1.1", false, true}, {"fe80::1", false, true},
		{"100.64.0.1", false, true}, {"::ffff:127.0.0.1", false, true}, {"0.1.2.3", false, true},
		{"169.254.169.254", false, false}, {"fd00:ec2::254", false, false}, {"100.100.100.200", false, false},
		{"0.0.0.0", false, false}, {"::", false, false}, {"224.0.0.1", false, false}, {"ff02::1", false, false},
	} {
		ip := netip.MustParseAddr(c.addr)
		if got := surveys.WebhookAddrAllowed(ip, false) == nil; got != c.public {
			t.Errorf("%s without private ranges: allowed %v, want %v", c.addr, got, c.public)
		}
		if got := surveys.WebhookAddrAllowed(ip, true) == nil; got != c.intern {
			t.Errorf("%s with private ranges: allowed %v, want %v", c.addr, got, c.intern)
		}
	}
}
