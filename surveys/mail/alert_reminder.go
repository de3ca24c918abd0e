package mail

import (
	"time"

	"trustcard/surveys"
)

// remind turns d, an alert's email, into its one reminder: the alert m is
// still not resolved, and its target ran out at m.Due.
func (d *alertData) remind(m *surveys.AlertMail, rep string) {
	loc, err := time.LoadLocation(m.Org.Settings.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	const when = "Mon 2 Jan 2006, 15:04 MST"
	d.Subject = "Reminder: the alert on " + rep + " is past its target"
	d.Preheader = "Opened " + m.Alert.OpenedAt.In(loc).Format(when) + ", not resolved yet"
	d.Intro = "An alert on a buyer of " + rep + " opened " + m.Alert.OpenedAt.In(loc).Format(when) +
		" and is still " + string(m.Alert.Status) + ": the org's target for resolving it ran out " +
		m.Due.In(loc).Format(when) + ". This is the only reminder."
}
