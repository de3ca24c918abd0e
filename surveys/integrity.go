package surveys

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"
)

// Integrity flags: why a response may not be a buyer's own view of the
// rep. Every response is checked when it is saved; its flags are kept
// with it, and the org's rules choose which flags take it out of the
// scores.
const (
	FlagOwnDomain       = "own_domain"       // the buyer's address is in one of the org's own domains or the rep's
	FlagRepSignedIn     = "rep_signed_in"    // answered from a browser signed in to Trustcard as the rep rated
	FlagSameClient      = "same_client"      // one client answered for SameClientBuyers or more buyers of the rep in SameClientDays
	FlagRepeatedComment = "repeated_comment" // the comment repeats another buyer's word for word
)

// Flags are every integrity flag, in the order pages list them.
var Flags = []string{FlagOwnDomain, FlagRepSignedIn, FlagSameClient, FlagRepeatedComment}

// The same-client check: this many buyers of one rep answered by one
// client within this many days.
const (
	SameClientBuyers = 3
	SameClientDays   = 30
)

// MinRepeatedWords is the fewest words a comment needs before repeating it
// counts: "Nothing." or "All good" may well be said by many buyers.
const MinRepeatedWords = 5

// IntegrityRules are an org's rules on flagged responses and on
// excluding interactions from surveying.
type IntegrityRules struct {
	Exclude []string // flags that take a response out of the scores
	// ExclusionCapPercent caps the interactions an admin may exclude
	// from surveying, per rep and calendar quarter, as a share of the
	// rep's interactions in that quarter (rounded down).
	ExclusionCapPercent int
}

// DefaultIntegrityRules exclude responses from the org's own domains and
// from the rated rep's own browser, and show the other flags.
func DefaultIntegrityRules() IntegrityRules {
	return IntegrityRules{Exclude: []string{FlagOwnDomain, FlagRepSignedIn}, ExclusionCapPercent: 5}
}

// Validate checks the rules; EINVALID names the field.
func (r *IntegrityRules) Validate() error {
	for _, f := range r.Exclude {
		if !slices.Contains(Flags, f) {
			return Errorf(EINVALID, "integrity.exclude", "%q is not a flag; flags are %s", f, strings.Join(Flags, ", "))
		}
	}
	r.Exclude = slices.Compact(slices.Sorted(slices.Values(r.Exclude)))
	if r.ExclusionCapPercent < 0 || r.ExclusionCapPercent > 100 {
		return Errorf(EINVALID, "integrity.exclusion_cap_percent", "must be between 0 and 100")
	}
	return nil
}

// MaxOwnDomains bounds the own_domains setting.
const MaxOwnDomains = 100

// checkOwnDomains lowercases and checks each domain; EINVALID names the
// first bad one.
func checkOwnDomains(domains []string) ([]string, error) {
	if len(domains) > MaxOwnDomains {
		return nil, Errorf(EINVALID, "own_domains", "at most %d domains", MaxOwnDomains)
	}
	out := make([]string, 0, len(domains))
	for _, d := range domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if !validDomain(d) {
			return nil, Errorf(EINVALID, "own_domains", "%q is not a domain such as example.com", d)
		}
		out = append(out, d)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// validDomain accepts a DNS name with at least two labels of letters,
// digits and hyphens (IDNs in their xn-- form).
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// inDomain reports whether email's domain is domain or one of its
// subdomains.
func inDomain(email, domain string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 || domain == "" {
		return false
	}
	host := strings.ToLower(email[at+1:])
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// repDomain is the domain of a rep's address that flags buyers writing
// from it, or "" for a public mailbox provider: a rep writing from
// gmail.com shares that domain with countless buyers, which says nothing
// of who answered.
func repDomain(email string) string {
	d := emailDomain(email)
	if publicMailDomains[d] {
		return ""
	}
	return d
}

// publicMailDomains are the largest mailbox providers anyone may sign up
// with.
var publicMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true, "live.com": true, "msn.com": true,
	"yahoo.com": true, "icloud.com": true, "me.com": true, "aol.com": true, "proton.me": true, "protonmail.com": true,
	"gmx.de": true, "gmx.net": true, "web.de": true, "t-online.de": true, "orange.fr": true, "free.fr": true,
	"laposte.net": true, "yandex.ru": true, "mail.ru": true, "zoho.com": true, "fastmail.com": true,
}

// emailDomain is the part of email after its last @, lowercased.
func emailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(email[at+1:])
}

// Client is what the survey page knows of the browser that sent answers.
// The address and user agent are only hashed (ClientHash), never stored.
type Client struct {
	Addr, UserAgent string
	// SignedInRepID is the rep whose Trustcard session the browser carried
	// with the answers; 0 when signed out or signed in as no rep.
	SignedInRepID int64
}

// ClientHash is the keyed hash a response keeps of the client that sent
// it: an HMAC-SHA256 under the org's secret, so that without the secret
// nobody can test guesses of addresses and browsers against it.
func ClientHash(secret string, c Client) string {
	if c.Addr == "" && c.UserAgent == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte("trustcard client\x00"+secret))
	m.Write([]byte(c.Addr + "\x00" + c.UserAgent))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// NormalizeComment is a comment's words, lowercased, without punctuation,
// separated by single spaces: what "word for word" compares.
func NormalizeComment(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return strings.Join(words, " ")
}

// CommentHash is the hash a response keeps of its normalized comment, ""
// when the comment has fewer than MinRepeatedWords words.
func CommentHash(comment string) string {
	n := NormalizeComment(comment)
	if strings.Count(n, " ")+1 < MinRepeatedWords || n == "" {
		return ""
	}
	return HashSecret(n)
}

// excludedBy are the flags that take a response out of the scores under
// rules: none once an admin reinstated it.
func (r *IntegrityRules) excludedBy(flags []string, reinstated bool) []string {
	if reinstated {
		return nil
	}
	var out []string
	for _, f := range flags {
		if slices.Contains(r.Exclude, f) {
			out = append(out, f)
		}
	}
	return out
}

// addFlags is flags with more added once each, in Flags' order.
func addFlags(flags []string, more ...string) []string {
	var out []string
	for _, f := range Flags {
		if slices.Contains(flags, f) || slices.Contains(more, f) {
			out = append(out, f)
		}
	}
	return out
}

// Excluded counts the responses taken out of a rep's, team's or org's
// figures: in all, and by each flag that excluded them (a response
// excluded for two flags counts once in N and under each flag).
type Excluded struct {
	N      int64
	ByFlag map[string]int64 // nil when none
}

func (e *Excluded) add(flag string, n int64) {
	if e.ByFlag == nil {
		e.ByFlag = map[string]int64{}
	}
	e.ByFlag[flag] += n
}
