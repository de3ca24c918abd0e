package api

import (
	"context"

	"trustcard/surveys"
)

type deliveryBody struct {
	DelayMinutes      int  `json:"delay_minutes" doc:"Minutes after the interaction; 0 sends as soon as possible"`
	QuietHours        bool `json:"quiet_hours" doc:"Not between 20:00 and 08:00 in the buyer's time zone"`
	ThrottleDays      int  `json:"throttle_days" doc:"At most one invitation per buyer in this many days, across reps"`
	ReminderAfterDays int  `json:"reminder_after_days" doc:"One reminder this many days after sending; 0 for none"`
	ExpireAfterDays   int  `json:"expire_after_days" doc:"The link expires this many days after sending"`
	MaxAgeDays        int  `json:"max_age_days" doc:"Older interactions are recorded but not surveyed"`
	SendPerMinute     int  `json:"send_per_minute" doc:"The org's send-rate limit, emails a minute per worker process: 1 to 10,000,000, default 1,000,000"`
}

type senderBody struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	ReplyTo string `json:"reply_to"`
	Footer  string `json:"footer" doc:"The postal address shown in every email"`
}

type alertRulesBody struct {
	TrustAtMost     int      `json:"trust_at_most" doc:"A trust question answered at this or lower opens an alert; 0 is off"`
	RecommendAtMost int      `json:"recommend_at_most" doc:"recommend answered at this or lower opens an alert; -1 is off"`
	Keywords        []string `json:"keywords" doc:"A comment containing any of these (ignoring case) opens an alert"`
	TargetDays      int      `json:"target_working_days" doc:"Working days (Monday–Friday, org time zone) an alert should take to resolve; 1–30"`
}

type companyBody struct {
	Name   string `json:"name" doc:"The company's name: on buyer pages, in the survey email's subject and first line, at the top of the web app and of every PDF"`
	Accent string `json:"accent" doc:"The company's colour, #rrggbb, for buttons and links; its contrast with white must reach WCAG AA's 4.5:1"`
}

type settingsBody struct {
	Company       companyBody    `json:"company"`
	TimeZone      string         `json:"time_zone" doc:"IANA time zone; score windows are calendar days here"`
	K             float64        `json:"k" doc:"Shrinkage toward the org mean: (n·raw + k·org_mean)/(n + k)"`
	RetentionDays int            `json:"retention_days" doc:"Erase buyers' personal data this many days after they answer; 0 is off"`
	PaperSize     string         `json:"paper_size" enum:"A4,Letter"`
	RepCards      bool           `json:"rep_cards" doc:"Email each rep their own report card monthly"`
	Delivery      deliveryBody   `json:"delivery"`
	Sender        senderBody     `json:"sender"`
	Alerts        alertRulesBody `json:"alerts"`

	// The integrity of the score (settings_integrity.go).
	OwnDomains []string       `json:"own_domains" doc:"The org's own email domains (subdomains included): a response from a buyer there, or in the rep's own domain, is flagged own_domain"`
	Integrity  integrityBody  `json:"integrity"`
	Diagnosis  []categoryBody `json:"diagnosis_categories" doc:"The buyer problems reps diagnose and buyers name, in the order shown; something_else is always there"`
	Promises   promisesBody   `json:"promises"`
}

type promisesBody struct {
	Enabled   bool `json:"enabled" doc:"Send the promise follow-up after a won interaction; off by default"`
	AfterDays int  `json:"after_days" doc:"Days after the outcome becomes won; 1–730, default 90"`
}

func newSettingsBody(o *surveys.Org) settingsBody {
	s := o.Settings
	d, snd := s.Delivery, s.Sender
	return settingsBody{Company: companyBody{Name: o.Name, Accent: s.Accent}, TimeZone: s.TimeZone, K: s.ShrinkK, RetentionDays: s.RetentionDays, PaperSize: s.PaperSize,
		RepCards: s.RepCards,
		Delivery: deliveryBody{DelayMinutes: d.DelayMinutes, QuietHours: d.QuietHours, ThrottleDays: d.ThrottleDays,
			ReminderAfterDays: d.ReminderAfterDays, ExpireAfterDays: d.ExpireAfterDays, MaxAgeDays: d.MaxAgeDays,
			SendPerMinute: d.SendPerMinute},
		Sender: senderBody{Name: snd.Name, Email: snd.Email, ReplyTo: snd.ReplyTo, Footer: snd.Footer},
		Alerts: alertRulesBody{TrustAtMost: s.Alerts.TrustAtMost, RecommendAtMost: s.Alerts.RecommendAtMost,
			Keywords: nonNil(s.Alerts.Keywords), TargetDays: s.Alerts.TargetWorkingDays},
		OwnDomains: nonNil(s.OwnDomains),
		Integrity:  newIntegrityBody(s.Integrity),
		Diagnosis:  newCategoryBodies(s.Diagnosis),
		Promises:   promisesBody{Enabled: s.Promises.Enabled, AfterDays: s.Promises.AfterDays},
	}
}

// settingsPatch changes only the settings it names.
type settingsPatch struct {
	Company       *companyPatch   `json:"company,omitempty"`
	TimeZone      *string         `json:"time_zone,omitempty" maxLength:"64"`
	K             *float64        `json:"k,omitempty"`
	RetentionDays *int            `json:"retention_days,omitempty"`
	PaperSize     *string         `json:"paper_size,omitempty" enum:"A4,Letter"`
	RepCards      *bool           `json:"rep_cards,omitempty"`
	Delivery      *deliveryPatch  `json:"delivery,omitempty"`
	Sender        *senderPatch    `json:"sender,omitempty"`
	Alerts        *alertsPatch    `json:"alerts,omitempty"`
	Diagnosis     *[]categoryBody `json:"diagnosis_categories,omitempty" maxItems:"12" doc:"Replaces the whole list"`

	// The integrity of the score (settings_integrity.go).
	OwnDomains *[]string       `json:"own_domains,omitempty" maxItems:"100"`
	Integrity  *integrityPatch `json:"integrity,omitempty"`
	Promises   *promisesPatch  `json:"promises,omitempty"`
}

type promisesPatch struct {
	Enabled   *bool `json:"enabled,omitempty"`
	AfterDays *int  `json:"after_days,omitempty"`
}

type alertsPatch struct {
	TrustAtMost     *int      `json:"trust_at_most,omitempty"`
	RecommendAtMost *int      `json:"recommend_at_most,omitempty"`
	Keywords        *[]string `json:"keywords,omitempty" maxItems:"100"`
	TargetDays      *int      `json:"target_working_days,omitempty"`
}

type companyPatch struct {
	Name   *string `json:"name,omitempty" maxLength:"100"`
	Accent *string `json:"accent,omitempty" maxLength:"7"`
}

type deliveryPatch struct {
	DelayMinutes      *int  `json:"delay_minutes,omitempty"`
	QuietHours        *bool `json:"quiet_hours,omitempty"`
	ThrottleDays      *int  `json:"throttle_days,omitempty"`
	ReminderAfterDays *int  `json:"reminder_after_days,omitempty"`
	ExpireAfterDays   *int  `json:"expire_after_days,omitempty"`
	MaxAgeDays        *int  `json:"max_age_days,omitempty"`
	SendPerMinute     *int  `json:"send_per_minute,omitempty"`
}

type senderPatch struct {
	Name    *string `json:"name,omitempty" maxLength:"100"`
	Email   *string `json:"email,omitempty" maxLength:"254"`
	ReplyTo *string `json:"reply_to,omitempty" maxLength:"254"`
	Footer  *string `json:"footer,omitempty" maxLength:"500"`
}

// apply writes the named settings onto o; Directory.PatchSettings validates.
func (p *settingsPatch) apply(o *surveys.Org) {
	s := &o.Settings
	if c := p.Company; c != nil {
		set(&o.Name, c.Name)
		set(&s.Accent, c.Accent)
	}
	set(&s.TimeZone, p.TimeZone)
	set(&s.ShrinkK, p.K)
	set(&s.RetentionDays, p.RetentionDays)
	set(&s.PaperSize, p.PaperSize)
	set(&s.RepCards, p.RepCards)
	if d := p.Delivery; d != nil {
		set(&s.Delivery.DelayMinutes, d.DelayMinutes)
		set(&s.Delivery.QuietHours, d.QuietHours)
		set(&s.Delivery.ThrottleDays, d.ThrottleDays)
		set(&s.Delivery.ReminderAfterDays, d.ReminderAfterDays)
		set(&s.Delivery.ExpireAfterDays, d.ExpireAfterDays)
		set(&s.Delivery.MaxAgeDays, d.MaxAgeDays)
		set(&s.Delivery.SendPerMinute, d.SendPerMinute)
	}
	if snd := p.Sender; snd != nil {
		set(&s.Sender.Name, snd.Name)
		set(&s.Sender.Email, snd.Email)
		set(&s.Sender.ReplyTo, snd.ReplyTo)
		set(&s.Sender.Footer, snd.Footer)
	}
	if a := p.Alerts; a != nil {
		set(&s.Alerts.TrustAtMost, a.TrustAtMost)
		set(&s.Alerts.RecommendAtMost, a.RecommendAtMost)
		set(&s.Alerts.Keywords, a.Keywords)
		set(&s.Alerts.TargetWorkingDays, a.TargetDays)
	}
	p.applyIntegrity(s)
	if p.Diagnosis != nil {
		s.Diagnosis = toCategories(*p.Diagnosis)
	}
	if p := p.Promises; p != nil {
		set(&s.Promises.Enabled, p.Enabled)
		set(&s.Promises.AfterDays, p.AfterDays)
	}
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

type settingsOutput struct{ Body settingsBody }

func (s *Server) getSettings(ctx context.Context, _ *struct{}) (*settingsOutput, error) {
	org, err := s.Directory.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return &settingsOutput{Body: newSettingsBody(org)}, nil
}

func (s *Server) updateSettings(ctx context.Context, in *struct{ Body settingsPatch }) (*settingsOutput, error) {
	org, err := s.Directory.PatchOrg(ctx, in.Body.apply)
	if err != nil {
		return nil, err
	}
	return &settingsOutput{Body: newSettingsBody(org)}, nil
}
