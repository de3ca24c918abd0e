package surveys

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// AlertMail is the email that tells a leader an alert opened on their
// team's feedback.
type AlertMail struct {
	Org      *Org
	Leader   *User
	Alert    *Alert
	RepName  string
	TeamName string   // "" when the rep had no team
	Reasons  []string // the alert's reasons in words (AlertReasonTexts)
	Ref      string   // stable per job, for the Message-ID
	// Due is set in a reminder: when the alert's target ran out.
	Due time.Time
}

// AlertMail returns the email of an alert_mail or alert_reminder job (a
// reminder carries Due), or nil when there is
// nothing to send: the alert is gone or already resolved, or the leader
// may no longer sign in or no longer sees the alert's team.
func (w *Worker) AlertMail(ctx context.Context, job *Job) (*AlertMail, error) {
	leaderID, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("alert mail job %d: leader %q: %w", job.ID, job.Payload, err)
	}
	users, _, err := w.store.FindUsers(ctx, UserFilter{OrgID: job.OrgID, IDs: []int64{leaderID}, Page: Page{Limit: -1}})
	if err != nil || len(users) != 1 {
		return nil, err
	}
	if ok, err := maySignIn(ctx, w.store, users[0]); err != nil || !ok || users[0].Role == RoleRep {
		return nil, err
	}
	// What the leader sees is decided by the one rule, as when they open the link.
	v, err := visibilityOf(ctx, w.store, &Actor{OrgID: job.OrgID, UserID: leaderID, Role: users[0].Role, RepID: users[0].RepID})
	if err != nil {
		return nil, err
	}
	alerts, _, err := w.store.FindAlerts(ctx, v.Alerts(AlertFilter{IDs: []int64{job.Ref}, Page: Page{Limit: -1}}))
	if err != nil || len(alerts) != 1 || alerts[0].Status == AlertResolved {
		return nil, err
	}
	return w.alertMail(ctx, job, users[0], alerts[0])
}

// alertMail gathers the names the email of alert a to leader shows.
func (w *Worker) alertMail(ctx context.Context, job *Job, leader *User, a *Alert) (*AlertMail, error) {
	org, err := w.store.FindOrgByID(ctx, job.OrgID)
	if err != nil {
		return nil, err
	}
	m := &AlertMail{Org: org, Leader: leader, Alert: a, Ref: fmt.Sprintf("alert-%d", job.ID)}
	if job.Kind == JobAlertReminder {
		m.Due = AlertDue(a.OpenedAt, org.Settings.Alerts.TargetWorkingDays, org.Settings.TimeZone)
	}
	reps, _, err := w.store.FindReps(ctx, RepFilter{OrgID: job.OrgID, IDs: []int64{a.RepID}, Page: Page{Limit: -1}})
	if err != nil || len(reps) != 1 {
		return nil, fmt.Errorf("alert %d: rep %d: %d found, %v", a.ID, a.RepID, len(reps), err)
	}
	m.RepName = reps[0].Name
	tv, err := currentSurvey(ctx, w.store, job.OrgID)
	if err != nil {
		return nil, err
	}
	m.Reasons = AlertReasonTexts(tv, a.Reasons, m.RepName)
	if a.TeamID != 0 {
		teams, _, err := w.store.FindTeams(ctx, TeamFilter{OrgID: job.OrgID, IDs: []int64{a.TeamID}, Page: Page{Limit: -1}})
		if err != nil {
			return nil, err
		}
		if len(teams) == 1 {
			m.TeamName = teams[0].Name
		}
	}
	return m, nil
}
