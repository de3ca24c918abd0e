package surveys

import (
	"strconv"
	"time"
)

// JobAlertReminder reminds one leader, once, of an alert still not
// resolved when the org's target ran out; Ref is the alert, Payload the
// leader's user id. It is queued with the alert, due at its target, so a
// reminder is one row of the queue: claimed by one worker, and done once
// the mail server accepted it.
const JobAlertReminder = "alert_reminder"

// AlertDue is when an alert opened at opened is past the target of days
// working days in the org's time zone tz.
func AlertDue(opened time.Time, days int, tz string) time.Time {
	return addWorkingDays(opened, days, orgLocation(tz)).UTC()
}

// alertJobs are the jobs an alert opened at now queues for each of its
// leaders: the email now, and the reminder when its target runs out.
func alertJobs(org *Org, al *Alert, now time.Time) []*Job {
	due := AlertDue(now, org.Settings.Alerts.TargetWorkingDays, org.Settings.TimeZone)
	var jobs []*Job
	for _, id := range al.LeaderIDs {
		leader := strconv.FormatInt(id, 10)
		jobs = append(jobs, &Job{OrgID: al.OrgID, Kind: JobAlertMail, Ref: al.ID, Payload: leader, RunAt: now},
			&Job{OrgID: al.OrgID, Kind: JobAlertReminder, Ref: al.ID, Payload: leader, RunAt: due})
	}
	return jobs
}
