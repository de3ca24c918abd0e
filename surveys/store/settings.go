package store

import (
	"encoding/json"
	"fmt"

	"trustcard/surveys"
)

// settingsDoc is how an org's settings are stored: JSON with explicit
// names, the same as the settings API's, so that renaming a field of
// surveys.Settings changes neither what is written nor what can be read.
type settingsDoc struct {
	TimeZone      string        `json:"time_zone"`
	K             float64       `json:"k"`
	RetentionDays int           `json:"retention_days"`
	PaperSize     string        `json:"paper_size"`
	RepCards      bool          `json:"rep_cards"`
	Delivery      deliveryDoc   `json:"delivery"`
	Sender        senderDoc     `json:"sender"`
	Alerts        alertsDoc     `json:"alerts"`
	Company       companyDoc    `json:"company"`
	Diagnosis     []categoryDoc `json:"diagnosis_categories"`
	Promises      promisesDoc   `json:"promises"`

	OwnDomains []string     `json:"own_domains"`
	Integrity  integrityDoc `json:"integrity"`
}

type integrityDoc struct {
	Exclude             []string `json:"exclude"`
	ExclusionCapPercent int      `json:"exclusion_cap_percent"`
}

// promisesDoc holds the promise follow-up's settings.
type promisesDoc struct {
	Enabled   bool `json:"enabled"`
	AfterDays int  `json:"after_days"`
}

type alertsDoc struct {
	TrustAtMost     int      `json:"trust_at_most"`
	RecommendAtMost int      `json:"recommend_at_most"`
	Keywords        []string `json:"keywords"`
	TargetDays      int      `json:"target_working_days"`
}

// companyDoc holds the company's settings but its name, which is the
// org's (orgs.name).
type companyDoc struct {
	Accent string `json:"accent"`
}

type deliveryDoc struct {
	DelayMinutes      int  `json:"delay_minutes"`
	QuietHours        bool `json:"quiet_hours"`
	ThrottleDays      int  `json:"throttle_days"`
	ReminderAfterDays int  `json:"reminder_after_days"`
	ExpireAfterDays   int  `json:"expire_after_days"`
	MaxAgeDays        int  `json:"max_age_days"`
	SendPerMinute     int  `json:"send_per_minute"`
}

type senderDoc struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	ReplyTo string `json:"reply_to"`
	Footer  string `json:"footer"`
}

func newSettingsDoc(s surveys.Settings) settingsDoc {
	d, snd := s.Delivery, s.Sender
	return settingsDoc{TimeZone: s.TimeZone, K: s.ShrinkK, RetentionDays: s.RetentionDays, PaperSize: s.PaperSize,
		RepCards: s.RepCards,
		Delivery: deliveryDoc{DelayMinutes: d.DelayMinutes, QuietHours: d.QuietHours, ThrottleDays: d.ThrottleDays,
			ReminderAfterDays: d.ReminderAfterDays, ExpireAfterDays: d.ExpireAfterDays, MaxAgeDays: d.MaxAgeDays,
			SendPerMinute: d.SendPerMinute},
		Sender: senderDoc{Name: snd.Name, Email: snd.Email, ReplyTo: snd.ReplyTo, Footer: snd.Footer},
		Alerts: alertsDoc{TrustAtMost: s.Alerts.TrustAtMost, RecommendAtMost: s.Alerts.RecommendAtMost,
			Keywords: nonNil(s.Alerts.Keywords), TargetDays: s.Alerts.TargetWorkingDays},
		Company: companyDoc{Accent: s.Accent},

		OwnDomains: nonNil(s.OwnDomains),
		Integrity:  integrityDoc{Exclude: nonNil(s.Integrity.Exclude), ExclusionCapPercent: s.Integrity.ExclusionCapPercent},
		Diagnosis:  newCategoryDocs(s.Diagnosis),
		Promises:   promisesDoc{Enabled: s.Promises.Enabled, AfterDays: s.Promises.AfterDays},
	}
}

func (doc *settingsDoc) toSettings() surveys.Settings {
	d, snd := doc.Delivery, doc.Sender
	return surveys.Settings{TimeZone: doc.TimeZone, ShrinkK: doc.K, RetentionDays: doc.RetentionDays,
		PaperSize: doc.PaperSize, RepCards: doc.RepCards, Accent: doc.Company.Accent,
		Delivery: surveys.DeliveryRules{DelayMinutes: d.DelayMinutes, QuietHours: d.QuietHours,
			ThrottleDays: d.ThrottleDays, ReminderAfterDays: d.ReminderAfterDays, ExpireAfterDays: d.ExpireAfterDays,
			MaxAgeDays: d.MaxAgeDays, SendPerMinute: d.SendPerMinute},
		Sender: surveys.Sender{Name: snd.Name, Email: snd.Email, ReplyTo: snd.ReplyTo, Footer: snd.Footer},
		Alerts: surveys.AlertRules{TrustAtMost: doc.Alerts.TrustAtMost, RecommendAtMost: doc.Alerts.RecommendAtMost,
			Keywords: nonNil(doc.Alerts.Keywords), TargetWorkingDays: doc.Alerts.TargetDays},
		OwnDomains: nonNil(doc.OwnDomains),
		Integrity: surveys.IntegrityRules{Exclude: nonNil(doc.Integrity.Exclude),
			ExclusionCapPercent: doc.Integrity.ExclusionCapPercent},
		Diagnosis: toCategories(doc.Diagnosis),
		Promises:  surveys.PromiseRules{Enabled: doc.Promises.Enabled, AfterDays: doc.Promises.AfterDays},
	}
}

// encodeSettings returns the document stored for s.
func encodeSettings(s surveys.Settings) (string, error) {
	b, err := json.Marshal(newSettingsDoc(s))
	if err != nil {
		return "", fmt.Errorf("store: encode settings: %w", err)
	}
	return string(b), nil
}

// decodeSettings reads a stored document, with either the stable names or
// the Go field names of documents written before them. Settings the
// document lacks (added since it was written) keep their defaults.
func decodeSettings(text string) (surveys.Settings, error) {
	data := []byte(text)
	doc := settingsRead{settingsDoc: newSettingsDoc(surveys.DefaultSettings())}
	doc.Diagnosis = nil // a stored list replaces the defaults whole, never merging its labels into theirs
	err := json.Unmarshal(data, &doc)
	if err == nil && doc.GoNames != nil {
		// Again, renamed: the first pass matched some Go names loosely.
		doc.settingsDoc = newSettingsDoc(surveys.DefaultSettings())
		if data, err = stableNames(data); err == nil {
			err = json.Unmarshal(data, &doc.settingsDoc)
		}
	}
	if err != nil {
		return surveys.Settings{}, fmt.Errorf("store: decode settings: %w", err)
	}
	return doc.toSettings(), nil
}

// settingsRead reads a document with the stable names in one pass, and
// tells one with Go field names by the name every such document has:
// json.Marshal wrote every field, and TimeZone was always one.
type settingsRead struct {
	settingsDoc
	GoNames json.RawMessage `json:"TimeZone"`
}

// goNames are the names that documents written before the stable names
// used: surveys.Settings' Go field names of then, as json.Marshal wrote
// them, each with its stable name.
var goNames = map[string]string{
	"TimeZone": "time_zone", "ShrinkK": "k", "RetentionDays": "retention_days", "PaperSize": "paper_size",
	"RepCards": "rep_cards", "Delivery": "delivery", "Sender": "sender",
	"DelayMinutes": "delay_minutes", "QuietHours": "quiet_hours", "ThrottleDays": "throttle_days",
	"ReminderAfterDays": "reminder_after_days", "ExpireAfterDays": "expire_after_days",
	"MaxAgeDays": "max_age_days", "SendPerMinute": "send_per_minute",
	"Name": "name", "Email": "email", "ReplyTo": "reply_to", "Footer": "footer",
}

// stableNames returns a settings document with its Go field names, at the
// top and inside delivery and sender, renamed to the stable names. (They
// are renamed rather than matched loosely because encoding/json matches
// names regardless of case: "Delivery" would fill delivery, but its
// "DelayMinutes" nothing.)
func stableNames(data []byte) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	for old, name := range goNames {
		v, ok := doc[old]
		if !ok {
			continue
		}
		if name == "delivery" || name == "sender" {
			var err error
			if v, err = stableNames(v); err != nil {
				return nil, err
			}
		}
		delete(doc, old)
		doc[name] = v
	}
	return json.Marshal(doc)
}
