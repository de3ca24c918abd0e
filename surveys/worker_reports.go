package surveys

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Job kinds of the monthly reports.
const (
	JobMonthlyReports = "monthly_reports" // Ref is the month (YYYYMM); queues the emails below
	JobLeaderReport   = "leader_report"   // Ref is the leader's user id; Payload the month (YYYY-MM)
	JobRepCard        = "rep_card"        // Ref is the rep's id; Payload the month (YYYY-MM)
)

// ReportMail is one monthly email: who gets it and the reports it carries.
type ReportMail struct {
	Org    *Org
	To     string
	Name   string // the recipient's name, or empty
	Month  Window
	Teams  []*TeamReport // for a leader: one per team they lead
	Card   *RepCard      // for a rep: their own card
	Ref    string        // stable per email, for its Message-ID
	Sender Sender
}

// ScheduleMonthlyReports queues, once per org and month, the job that
// sends last month's reports: the check and the insert run in one
// transaction holding the org's row, so two workers queue it once.
func (w *Worker) ScheduleMonthlyReports(ctx context.Context) (int, error) {
	ids, err := w.store.FindOrgIDs(ctx)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, id := range ids {
		err := w.inTx(ctx, func(tx workerStore) error {
			org, err := tx.LockOrg(ctx, id)
			if err != nil {
				return err
			}
			month := LastMonth(w.clock.Now(), org.Settings.TimeZone)
			ref := int64(month.From.Year()*100 + int(month.From.Month())) // YYYYMM
			if done, err := tx.JobExists(ctx, id, JobMonthlyReports, ref); err != nil || done {
				return err
			}
			queued++
			return tx.EnqueueJob(ctx, &Job{OrgID: id, Kind: JobMonthlyReports, Ref: ref, RunAt: w.clock.Now()})
		})
		if err != nil {
			return queued, fmt.Errorf("schedule monthly reports of org %d: %w", id, err)
		}
	}
	return queued, nil
}

// FanOutReports turns the monthly job into one email job per leader and,
// when the org's rep_cards setting is on, per active rep, and finishes
// it, all in one transaction, so a retry never queues an email twice.
func (w *Worker) FanOutReports(ctx context.Context, job *Job) error {
	month := time.Date(int(job.Ref/100), time.Month(job.Ref%100), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	now := w.clock.Now()
	return w.inTx(ctx, func(tx workerStore) error {
		org, err := tx.FindOrgByID(ctx, job.OrgID)
		if err != nil {
			return err
		}
		leader := RoleLeader
		users, _, err := tx.FindUsers(ctx, UserFilter{OrgID: org.ID, Role: &leader, Page: Page{Limit: -1}})
		if err != nil {
			return err
		}
		var jobs []*Job
		for _, u := range users {
			if u.Active {
				jobs = append(jobs, &Job{OrgID: org.ID, Kind: JobLeaderReport, Ref: u.ID, Payload: month, RunAt: now})
			}
		}
		if org.Settings.RepCards {
			active := true
			reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: org.ID, Active: &active, Page: Page{Limit: -1}})
			if err != nil {
				return err
			}
			for _, r := range reps {
				jobs = append(jobs, &Job{OrgID: org.ID, Kind: JobRepCard, Ref: r.ID, Payload: month, RunAt: now})
			}
		}
		if err := tx.EnqueueJob(ctx, jobs...); err != nil {
			return err
		}
		return tx.FinishJob(ctx, now, job.ID)
	})
}

// ReportMailsFor gathers the emails of leader_report and rep_card jobs,
// each with its own error; a nil email means there is nothing to send (a
// leader of no team, an inactive rep). The rep cards of one org and month
// share what every card of that month reads: all reps' sums, the teams and
// the org's trend. The reports are the org's whole figures, as an admin
// sees them.
func (w *Worker) ReportMailsFor(ctx context.Context, jobs []*Job) ([]*ReportMail, []error) {
	mails, errs := make([]*ReportMail, len(jobs)), make([]error, len(jobs))
	sources := map[string]*cardSource{}
	for i, job := range jobs {
		m, err := w.reportMail(ctx, job)
		switch {
		case err != nil:
			errs[i] = err
		case job.Kind == JobRepCard:
			key := fmt.Sprint(job.OrgID, job.Payload)
			cs := sources[key]
			if cs == nil {
				if cs, err = w.scores.cardSource(ctx, m.Org.ID, m.Month, nil); err == nil {
					err = w.scores.withLogo(ctx, cs.windowScores, &cs.logo)
				}
				if err != nil {
					errs[i] = err
					continue
				}
				sources[key] = cs
			}
			mails[i], errs[i] = w.repCardMail(ctx, m, cs, job.Ref)
		default:
			mails[i], errs[i] = w.leaderMail(ctx, m, job.Ref)
		}
	}
	return mails, errs
}

// reportMail starts the email of a report job.
func (w *Worker) reportMail(ctx context.Context, job *Job) (*ReportMail, error) {
	org, err := w.store.FindOrgByID(ctx, job.OrgID)
	if err != nil {
		return nil, err
	}
	from, err := time.Parse("2006-01", job.Payload)
	if err != nil {
		return nil, fmt.Errorf("report job %d: month %q: %w", job.ID, job.Payload, err)
	}
	return &ReportMail{Org: org, Month: Window{From: from, To: from.AddDate(0, 1, -1)}, Sender: org.Settings.Sender,
		Ref: fmt.Sprintf("%s-%d-%s", job.Kind, job.Ref, job.Payload)}, nil
}

func (w *Worker) repCardMail(ctx context.Context, m *ReportMail, cs *cardSource, repID int64) (*ReportMail, error) {
	reps, _, err := w.store.FindReps(ctx, RepFilter{OrgID: m.Org.ID, IDs: []int64{repID}, Page: Page{Limit: -1}})
	if err != nil || len(reps) == 0 || !reps[0].Active {
		return nil, err
	}
	card, err := w.scores.repCard(ctx, cs, reps[0])
	if err != nil {
		return nil, err
	}
	m.Card, m.To, m.Name = card, card.Detail.Rep.Email, card.Detail.Rep.Name
	return m, nil
}

func (w *Worker) leaderMail(ctx context.Context, m *ReportMail, userID int64) (*ReportMail, error) {
	users, _, err := w.store.FindUsers(ctx, UserFilter{OrgID: m.Org.ID, IDs: []int64{userID}, Page: Page{Limit: -1}})
	if err != nil || len(users) == 0 || !users[0].Active {
		return nil, err
	}
	teams, _, err := w.store.FindTeams(ctx, TeamFilter{OrgID: m.Org.ID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	whole := &Visibility{OrgID: m.Org.ID, reach: seesAll}
	var src *teamReportSource // read once, for the first team led
	for _, t := range teams {
		if !slices.Contains(t.LeaderIDs, userID) || ledAbove(teams, t, userID) {
			continue
		}
		if src == nil {
			if src, err = w.scores.teamReportSource(ctx, m.Org.ID, m.Month, nil); err == nil {
				err = w.scores.withLogo(ctx, src.windowScores, &src.logo)
			}
			if err != nil {
				return nil, err
			}
		}
		reps, err := w.scores.teamReps(ctx, whole, t)
		if err != nil {
			return nil, err
		}
		r, err := w.scores.teamReport(ctx, src, t, reps)
		if err != nil {
			return nil, err
		}
		if r.Detail.Alerts, err = w.scores.teamAlerts(ctx, whole, src.windowScores, t); err != nil {
			return nil, err
		}
		m.Teams = append(m.Teams, r)
	}
	if len(m.Teams) == 0 {
		return nil, nil
	}
	m.To, m.Name = users[0].Email, users[0].Name
	return m, nil
}

// ledAbove reports whether the user leads a parent of t, whose report
// already includes t.
func ledAbove(all []*Team, t *Team, userID int64) bool {
	for p := t.ParentID; p != 0; {
		var parent *Team
		for _, c := range all {
			if c.ID == p {
				parent = c
			}
		}
		if parent == nil {
			return false
		}
		if slices.Contains(parent.LeaderIDs, userID) {
			return true
		}
		p = parent.ParentID
	}
	return false
}
