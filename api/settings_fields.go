package api

import (
	"strconv"
	"strings"

	"trustcard/surveys"
)

// settingDef is one org setting on the settings page: its form field (the
// setting's API name), what it is for, and how it reads and writes an org.
type settingDef struct {
	name, label, kind, about string
	options                  []string
	get                      func(o *surveys.Org) string
	set                      func(o *surveys.Org, v string) error
}

// settingGroup is one block of the settings page.
type settingGroup struct {
	ID, Title, About string
	Fields           []settingField
}

// settingField is a setting as the page shows it.
type settingField struct {
	Name, Label, Kind, About string
	Value, Default           string
	Options                  []string
	Problem                  string // why the value typed was refused
}

// ID is the field's element id.
func (f settingField) ID() string { return "set-" + strings.ReplaceAll(f.Name, ".", "-") }

// Checked reports whether a checkbox is on.
func (f settingField) Checked() bool { return f.Value == "on" }

var settingGroups = []struct {
	id, title, about string
	defs             []settingDef
}{
	{"company", "Company", "How buyers and your people see you: on the survey page and its thank-you page, in the survey email, on the unsubscribe pages, at the top of the web app and of every report card.", []settingDef{
		text("company.name", "Company name", "text", "Names you to buyers: the survey email's subject and first line say “Acme asks: how was your conversation with Will?”.", func(o *surveys.Org) *string { return &o.Name }),
		text("company.accent", "Accent colour", "text", "Buttons and links, written #rrggbb. White text on it and it as text on white must reach WCAG AA's 4.5:1; a paler colour is refused with the nearest darker shade that passes.", func(o *surveys.Org) *string { return &o.Settings.Accent }),
	}},
	{"sender", "Sender", "Who the survey emails come from.", []settingDef{
		text("sender.name", "Sender name", "text", "The name a buyer's mail program shows beside the address.", func(o *surveys.Org) *string { return &o.Settings.Sender.Name }),
		text("sender.email", "Sender address", "email", "The From address of every email. Your mail server must be allowed to send as it (SPF, DKIM and DMARC for its domain).", func(o *surveys.Org) *string { return &o.Settings.Sender.Email }),
		text("sender.reply_to", "Reply-to address", "email", "Where a buyer's reply goes; empty sends replies to the sender address.", func(o *surveys.Org) *string { return &o.Settings.Sender.ReplyTo }),
		text("sender.footer", "Postal footer", "textarea", "Your postal address, at the foot of every survey email, as the large mailbox providers require of bulk mail. Up to 500 characters.", func(o *surveys.Org) *string { return &o.Settings.Sender.Footer }),
	}},
	{"delivery", "Delivery rules", "When a survey goes out, or why it does not. Every interaction the CRM posts is surveyed by these rules; nobody picks who is asked.", []settingDef{
		number("delivery.delay_minutes", "Delay (minutes)", "How long after the interaction the survey goes out; 0 sends it at once. From 0 to 10,080 (a week).", func(o *surveys.Org) *int { return &o.Settings.Delivery.DelayMinutes }),
		check("delivery.quiet_hours", "Quiet hours", "Hold surveys due between 20:00 and 08:00 in the buyer's time zone, when it is known, until 08:00.", func(o *surveys.Org) *bool { return &o.Settings.Delivery.QuietHours }),
		number("delivery.throttle_days", "Throttle (days)", "A buyer gets at most one survey in this many days, from any rep; the others are recorded as throttled. From 0 to 365.", func(o *surveys.Org) *int { return &o.Settings.Delivery.ThrottleDays }),
		number("delivery.reminder_after_days", "Reminder after (days)", "One reminder this many days after sending, if the buyer has not answered; 0 sends none. Less than the link's lifetime.", func(o *surveys.Org) *int { return &o.Settings.Delivery.ReminderAfterDays }),
		number("delivery.expire_after_days", "Link lifetime (days)", "After this many days a survey link takes no more answers. From 1 to 90.", func(o *surveys.Org) *int { return &o.Settings.Delivery.ExpireAfterDays }),
		number("delivery.max_age_days", "Oldest interaction surveyed (days)", "Interactions older than this when posted are recorded but not surveyed. From 1 to 365.", func(o *surveys.Org) *int { return &o.Settings.Delivery.MaxAgeDays }),
		number("delivery.send_per_minute", "Send rate (emails a minute)", "At most this many emails a minute leave for the org; the rest wait their turn. From 1 to 10,000,000 (default 1,000,000, far above what one worker sends); lower it to what your SMTP relay allows.", func(o *surveys.Org) *int { return &o.Settings.Delivery.SendPerMinute }),
	}},
	{"statistics", "Statistics and reports", "How scores are computed and reported.", []settingDef{
		{name: "k", label: "Shrinkage k", kind: "number", about: "How strongly a score with few answers is pulled toward the org's mean: (n × raw + k × org mean) / (n + k). 0 turns it off; at most 1,000.",
			get: func(o *surveys.Org) string { return strconv.FormatFloat(o.Settings.ShrinkK, 'f', -1, 64) },
			set: func(o *surveys.Org, v string) error {
				k, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					return surveys.Errorf(surveys.EINVALID, "k", "must be a number such as 5")
				}
				o.Settings.ShrinkK = k
				return nil
			}},
		text("time_zone", "Time zone", "text", "Periods are calendar days in this zone, and the monthly email follows its clock. An IANA name such as Europe/Berlin.", func(o *surveys.Org) *string { return &o.Settings.TimeZone }),
		number("retention_days", "Keep buyers' personal data (days)", "Erase a buyer's name and address this many days after they answer; their answers keep counting. 0 keeps them.", func(o *surveys.Org) *int { return &o.Settings.RetentionDays }),
		{name: "paper_size", label: "Paper size", kind: "select", about: "The page size of report cards and team reports.", options: []string{"A4", "Letter"},
			get: func(o *surveys.Org) string { return o.Settings.PaperSize },
			set: func(o *surveys.Org, v string) error { o.Settings.PaperSize = v; return nil }},
		check("rep_cards", "Monthly card to each rep", "Email each active rep their own report card early each month, besides the leaders' team reports.", func(o *surveys.Org) *bool { return &o.Settings.RepCards }),
	}},
	{"diagnosis", "Diagnostic accuracy", "The list a rep's diagnosis and a buyer's answer are both taken from; a pair counts when they match.", []settingDef{diagnosisSetting}},
	{"alerts", "Alerts", "Which answers open an alert for the rep's leaders, in the answer's own transaction.", []settingDef{
		number("alerts.trust_at_most", "Trust answer at most", "A trust question answered at this or lower (1–5) opens an alert; 0 turns it off. From 0 to 4.", func(o *surveys.Org) *int { return &o.Settings.Alerts.TrustAtMost }),
		number("alerts.recommend_at_most", "Recommendation at most", "“How likely are you to recommend” answered at this or lower (0–10) opens an alert; -1 turns it off. From -1 to 9.", func(o *surveys.Org) *int { return &o.Settings.Alerts.RecommendAtMost }),
		number("alerts.target_working_days", "Target to resolve (working days)", "How many working days, Monday to Friday in the org's time zone, an alert should take from opening to resolved; scores report the share within it. From 1 to 30.", func(o *surveys.Org) *int { return &o.Settings.Alerts.TargetWorkingDays }),
		{name: "alerts.keywords", label: "Keywords", kind: "textarea", about: "A comment containing any of these, one a line, ignoring case, opens an alert. Up to 100, each up to 100 characters.",
			get: func(o *surveys.Org) string { return strings.Join(o.Settings.Alerts.Keywords, "\n") },
			set: func(o *surveys.Org, v string) error {
				o.Settings.Alerts.Keywords = []string{}
				for _, k := range strings.Split(strings.ReplaceAll(v, "\r", ""), "\n") {
					if k = strings.TrimSpace(k); k != "" {
						o.Settings.Alerts.Keywords = append(o.Settings.Alerts.Keywords, k)
					}
				}
				return nil
			}},
	}},
}

func text(name, label, kind, about string, field func(*surveys.Org) *string) settingDef {
	return settingDef{name: name, label: label, kind: kind, about: about,
		get: func(o *surveys.Org) string { return *field(o) },
		set: func(o *surveys.Org, v string) error { *field(o) = v; return nil }}
}

func number(name, label, about string, field func(*surveys.Org) *int) settingDef {
	return settingDef{name: name, label: label, kind: "number", about: about,
		get: func(o *surveys.Org) string { return strconv.Itoa(*field(o)) },
		set: func(o *surveys.Org, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return surveys.Errorf(surveys.EINVALID, name, "must be a whole number")
			}
			*field(o) = n
			return nil
		}}
}

func check(name, label, about string, field func(*surveys.Org) *bool) settingDef {
	return settingDef{name: name, label: label, kind: "checkbox", about: about,
		get: func(o *surveys.Org) string {
			if *field(o) {
				return "on"
			}
			return ""
		},
		set: func(o *surveys.Org, v string) error { *field(o) = v == "on"; return nil }}
}

// defaultOrg is a new org's name and settings, for the page's defaults.
var defaultOrg = surveys.Org{Name: surveys.DefaultOrgName, Settings: surveys.DefaultSettings()}

// newSettingGroups shows org's settings, or the values of typed where
// given, with problem beside the field it names.
func newSettingGroups(org *surveys.Org, typed map[string]string, field, problem string) []settingGroup {
	out := make([]settingGroup, len(settingGroups))
	for i, g := range settingGroups {
		out[i] = settingGroup{ID: g.id, Title: g.title, About: g.about}
		for _, d := range g.defs {
			f := settingField{Name: d.name, Label: d.label, Kind: d.kind, About: d.about, Options: d.options,
				Value: d.get(org), Default: describeDefault(d)}
			if v, ok := typed[d.name]; ok {
				f.Value = v
			}
			if d.name == field || strings.HasPrefix(field, d.name+"[") {
				f.Problem = problem
			}
			out[i].Fields = append(out[i].Fields, f)
		}
	}
	return out
}

func describeDefault(d settingDef) string {
	v := d.get(&defaultOrg)
	switch {
	case d.kind == "checkbox" && v == "on":
		return "on"
	case d.kind == "checkbox":
		return "off"
	case v == "":
		return "none"
	}
	return v
}

// readSettingsForm reads every setting of the form into a patch; a value
// that is not even of its kind is refused before anything is written.
func readSettingsForm(form func(string) string) (typed map[string]string, patch func(*surveys.Org), err error) {
	typed = map[string]string{}
	var sets []func(*surveys.Org) error
	probe := defaultOrg
	for _, g := range settingGroups {
		for _, d := range g.defs {
			v := strings.Clone(form(d.name))
			typed[d.name] = v
			if err := d.set(&probe, v); err != nil {
				return typed, nil, err
			}
			sets = append(sets, func(o *surveys.Org) error { return d.set(o, v) })
		}
	}
	return typed, func(o *surveys.Org) {
		for _, set := range sets {
			_ = set(o) // each was tried on probe above
		}
	}, nil
}
