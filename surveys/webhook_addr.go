package surveys

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// metadataAddrs are the cloud providers' instance metadata services,
// refused even where private ranges are allowed.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, most others
	netip.MustParseAddr("fd00:ec2::254"),   // AWS over IPv6
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
}

// sharedRange is RFC 6598's carrier-grade NAT range: private in practice.
var sharedRange = netip.MustParsePrefix("100.64.0.0/10")

// WebhookAddrAllowed says why a webhook may not connect to ip, or nil when
// it may: loopback, link-local, private (RFC 1918, ULA, RFC 6598) only
// when allowPrivate; the metadata address, multicast and unspecified
// addresses never.
func WebhookAddrAllowed(ip netip.Addr, allowPrivate bool) error {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid():
		return Errorf(EINVALID, "url", "has no address")
	case isMetadata(ip):
		return Errorf(EINVALID, "url", "leads to the cloud metadata address %s", ip)
	case ip.IsUnspecified():
		return Errorf(EINVALID, "url", "leads to the unspecified address %s", ip)
	case ip.IsMulticast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast():
		return Errorf(EINVALID, "url", "leads to the multicast address %s", ip)
	case allowPrivate:
		return nil
	case ip.IsLoopback():
		return Errorf(EINVALID, "url", "leads to the loopback address %s; allow private ranges to use it", ip)
	case ip.IsLinkLocalUnicast():
		return Errorf(EINVALID, "url", "leads to the link-local address %s; allow private ranges to use it", ip)
	case ip.IsPrivate() || sharedRange.Contains(ip) || (ip.Is4() && ip.As4()[0] == 0):
		return Errorf(EINVALID, "url", "leads to the private address %s; allow private ranges to use it", ip)
	}
	return nil
}

func isMetadata(ip netip.Addr) bool {
	for _, m := range metadataAddrs {
		if ip == m {
			return true
		}
	}
	return false
}

// WebhookHostAddr reads host as an IP address, in any form a C resolver
// would take for one: dotted or not, decimal, octal or hex parts
// ("2130706433", "0x7f.1", "017700000001" are all 127.0.0.1). ok is false
// for a name.
func WebhookHostAddr(host string) (ip netip.Addr, ok bool) {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.WithZone(""), true
	}
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var nums []uint64
	for _, p := range parts {
		n, err := strconv.ParseUint(p, 0, 32) // base from the prefix: 0x hex, 0 octal
		if err != nil {
			return netip.Addr{}, false
		}
		nums = append(nums, n)
	}
	// The last part fills the bytes the earlier ones leave (inet_aton).
	var v uint64
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, false
		}
		v |= n << (24 - 8*i)
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, false
	}
	v |= last
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// Resolver looks up a host name's addresses.
type Resolver func(ctx context.Context, host string) ([]netip.Addr, error)

// SystemResolver is the system's DNS.
func SystemResolver(ctx context.Context, host string) ([]netip.Addr, error) {
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// checkWebhookTarget refuses a URL whose host is, or resolves to, an
// address WebhookAddrAllowed refuses. A name that does not resolve is
// refused too. The workers check again at every connection.
func checkWebhookTarget(ctx context.Context, resolve Resolver, raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return Errorf(EINVALID, "url", "is not a URL")
	}
	host := u.Hostname()
	if ip, ok := WebhookHostAddr(host); ok {
		return WebhookAddrAllowed(ip, allowPrivate)
	}
	ips, err := resolve(ctx, host)
	if err != nil || len(ips) == 0 {
		return Errorf(EINVALID, "url", "the host %q does not resolve", host)
	}
	for _, ip := range ips {
		if err := WebhookAddrAllowed(ip, allowPrivate); err != nil {
			return err
		}
	}
	return nil
}
