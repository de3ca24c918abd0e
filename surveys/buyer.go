package surveys

import (
	"strings"
	"time"
)

// BuyerStatus says whether a buyer may be mailed.
type BuyerStatus string

// Buyer statuses. Anything but BuyerActive is never mailed again.
const (
	BuyerActive       BuyerStatus = "active"
	BuyerUnsubscribed BuyerStatus = "unsubscribed"
	BuyerBounced      BuyerStatus = "bounced"
	BuyerComplained   BuyerStatus = "complained"
)

// Buyer is the person surveyed. After erasure only EmailHash remains, so
// that an erased address stays suppressed.
type Buyer struct {
	ID            int64
	OrgID         int64
	Email         string
	EmailHash     string
	Name          string
	Company       string
	Locale        string // "en", "de", "fr", "es", or empty
	TimeZone      string // IANA, or empty when unknown
	Status        BuyerStatus
	LastInvitedAt time.Time // zero: never
	ErasedAt      time.Time
	CreatedAt     time.Time
}

// Locales are the languages buyer pages and emails ship in.
var Locales = []string{"en", "de", "fr", "es"}

// NormalizeLocale maps "de-AT" or "DE" to "de", and anything unsupported to "".
func NormalizeLocale(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	for _, l := range Locales {
		if s == l {
			return l
		}
	}
	return ""
}

// EmailHash is the one-way hash under which a buyer's address is kept.
func EmailHash(email string) string { return HashSecret(NormalizeEmail(email)) }
