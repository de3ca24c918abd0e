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
	Locale        string // a language Trustcard ships ("de", "pt-BR"), or empty
	TimeZone      string // IANA, or empty when unknown
	Status        BuyerStatus
	LastInvitedAt time.Time // zero: never
	ErasedAt      time.Time
	CreatedAt     time.Time
}

// validLocale reports whether s reads as a language tag: "de", "de-AT",
// "zh-Hant-TW". Which languages Trustcard ships is its message catalogue's
// to say, which the domain does not read; callers match a buyer's locale
// to one of them first.
func validLocale(s string) bool {
	for i, sub := range strings.Split(s, "-") {
		if len(sub) == 0 || len(sub) > 8 || (i == 0 && len(sub) < 2) {
			return false
		}
		for _, r := range sub {
			letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
			if !letter && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// EmailHash is the one-way hash under which a buyer's address is kept.
func EmailHash(email string) string { return HashSecret(NormalizeEmail(email)) }
