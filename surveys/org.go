package surveys

import (
	"context"
	"net/mail"
	"time"
)

// Org is a customer: everything else belongs to exactly one org.
type Org struct {
	ID        int64
	Name      string // the company's name, as buyers and people know it
	Settings  Settings
	LogoRef   string // the logo's public name, "" without one (see Logo)
	Secret    string // signs survey links; never leaves the server
	CreatedAt time.Time
}

// Settings are an org's rules: delivery, scoring, sender and retention.
type Settings struct {
	TimeZone      string  // IANA name; windows are calendar days here
	ShrinkK       float64 // k in the trust-score shrinkage
	Delivery      DeliveryRules
	Sender        Sender
	RetentionDays int    // erase buyer data N days after the answer; 0 is off
	PaperSize     string // "A4" or "Letter"
	RepCards      bool   // email each rep their own card monthly
	Alerts        AlertRules
	Accent        string              // the company's colour, #rrggbb (see checkAccent)
	Diagnosis     DiagnosisCategories // the buyer problems reps diagnose and buyers name
	Promises      PromiseRules

	OwnDomains []string       // the org's own email domains: buyers there are flagged (see FlagOwnDomain)
	Integrity  IntegrityRules // which flags exclude a response; the cap on excluded interactions
}

// DeliveryRules decide when a survey goes out, or why it does not.
type DeliveryRules struct {
	DelayMinutes      int  // after the interaction
	QuietHours        bool // not 20:00–08:00 in the buyer's time zone
	ThrottleDays      int  // at most one invitation per buyer per this many days
	ReminderAfterDays int  // 0: no reminder
	ExpireAfterDays   int  // the link expires this long after sending
	MaxAgeDays        int  // older interactions are recorded, not surveyed
	SendPerMinute     int  // org send-rate limit
}

// Sender is who the survey emails come from.
type Sender struct {
	Name    string
	Email   string
	ReplyTo string
	Footer  string // postal address shown in every email
}

// DefaultSettings are the settings of a new org.
func DefaultSettings() Settings {
	return Settings{
		TimeZone:  "UTC",
		ShrinkK:   DefaultShrinkK,
		PaperSize: "A4",
		Accent:    DefaultAccent,
		Delivery: DeliveryRules{
			DelayMinutes:      120,
			QuietHours:        true,
			ThrottleDays:      30,
			ReminderAfterDays: 3,
			ExpireAfterDays:   14,
			MaxAgeDays:        30,
			SendPerMinute:     DefaultSendPerMinute,
		},
		Sender:    Sender{Name: "Trustcard", Email: "surveys@trustcard.localhost"},
		Alerts:    DefaultAlertRules(),
		Diagnosis: DefaultDiagnosisCategories(),
		Promises:  PromiseRules{AfterDays: DefaultPromiseAfterDays},

		OwnDomains: []string{},
		Integrity:  DefaultIntegrityRules(),
	}
}

// DefaultSendPerMinute is an org's send_per_minute until an admin lowers
// it to what their relay allows: about 16,700 emails a second, five times
// what one worker process sends to a loopback SMTP server on a 2-core
// machine, so that a new org's surveys wait on the SMTP server and never
// on a setting.
const DefaultSendPerMinute = 1_000_000

// MaxSendPerMinute is the highest send_per_minute an org may set: about
// 167,000 emails a second, fifty times what one worker process sends, so
// that the setting limits deliverability and never the machine.
const MaxSendPerMinute = 10_000_000

// Validate reports the first setting that breaks a rule.
func (s *Settings) Validate() error {
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		return Errorf(EINVALID, "time_zone", "%q is not an IANA time zone such as Europe/Berlin", s.TimeZone)
	}
	if s.ShrinkK < 0 || s.ShrinkK > 1000 {
		return Errorf(EINVALID, "k", "must be between 0 and 1000")
	}
	if s.PaperSize != "A4" && s.PaperSize != "Letter" {
		return Errorf(EINVALID, "paper_size", "must be A4 or Letter")
	}
	if s.RetentionDays < 0 || s.RetentionDays > 3650 {
		return Errorf(EINVALID, "retention_days", "must be between 0 (off) and 3650")
	}
	if err := checkAccent("company.accent", &s.Accent); err != nil {
		return err
	}
	if err := s.Delivery.validate(); err != nil {
		return err
	}
	if err := s.Alerts.Validate(); err != nil {
		return err
	}
	if err := s.validateIntegrity(); err != nil {
		return err
	}
	if err := s.Diagnosis.Validate(); err != nil {
		return err
	}
	if err := s.Promises.validate(); err != nil {
		return err
	}
	return s.Sender.validate()
}

func (d *DeliveryRules) validate() error {
	for _, r := range []struct {
		field     string
		v, lo, hi int
	}{
		{"delivery.delay_minutes", d.DelayMinutes, 0, 7 * 24 * 60},
		{"delivery.throttle_days", d.ThrottleDays, 0, 365},
		{"delivery.reminder_after_days", d.ReminderAfterDays, 0, 30},
		{"delivery.expire_after_days", d.ExpireAfterDays, 1, 90},
		{"delivery.max_age_days", d.MaxAgeDays, 1, 365},
		{"delivery.send_per_minute", d.SendPerMinute, 1, MaxSendPerMinute},
	} {
		if r.v < r.lo || r.v > r.hi {
			return Errorf(EINVALID, r.field, "must be between %d and %d", r.lo, r.hi)
		}
	}
	if d.ReminderAfterDays >= d.ExpireAfterDays && d.ReminderAfterDays != 0 {
		return Errorf(EINVALID, "delivery.reminder_after_days", "must be less than expire_after_days")
	}
	return nil
}

func (s *Sender) validate() error {
	if err := checkText("sender.name", &s.Name, 100, false, false); err != nil {
		return err
	}
	if !validEmail(s.Email) {
		return Errorf(EINVALID, "sender.email", "must be an email address")
	}
	if s.ReplyTo != "" && !validEmail(s.ReplyTo) {
		return Errorf(EINVALID, "sender.reply_to", "must be an email address")
	}
	if err := checkText("sender.footer", &s.Footer, 500, false, true); err != nil {
		return err
	}
	return nil
}

// validEmail accepts a bare address (no display name) of sane length.
func validEmail(s string) bool {
	if len(s) > 254 || s == "" {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// OrgStore keeps orgs.
type OrgStore interface {
	// CreateOrg stores a new org and sets its ID.
	CreateOrg(ctx context.Context, o *Org) error
	// FindOrgByID returns an org. ENOTFOUND.
	FindOrgByID(ctx context.Context, id int64) (*Org, error)
	// FindOrgIDs returns the ids of every org.
	FindOrgIDs(ctx context.Context) ([]int64, error)
	// FirstOrg returns the org with the lowest id. ENOTFOUND when none exists.
	FirstOrg(ctx context.Context) (*Org, error)
	// LockOrg returns an org, locked until the transaction ends. ENOTFOUND.
	LockOrg(ctx context.Context, id int64) (*Org, error)
	// UpdateOrgSettings replaces an org's settings.
	UpdateOrgSettings(ctx context.Context, id int64, s Settings) error
	// RenameOrg changes an org's name. ENOTFOUND.
	RenameOrg(ctx context.Context, id int64, name string) error
}
