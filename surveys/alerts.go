package surveys

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// JobAlertMail emails one leader that an alert opened; Ref is the alert,
// Payload the leader's user id.
const JobAlertMail = "alert_mail"

// Alerts is the follow-up of low answers: the alerts a response opens,
// who sees them, and the steps leaders take on them. Alerts are opened by
// the buyer's answer itself (Buyers), in its transaction.
type Alerts struct {
	store alertsStore
	clock Clock
	inTx  txRunner[alertsStore]
}

// alertsStore is what Alerts reads and writes.
type alertsStore interface {
	teamLister
	webhookEmitter
	AlertStore
	AuditStore
	ResponseLister
	TemplateStore
}

// FindAlerts lists the alerts of f the actor may see, newest first, and
// the total. A rep sees only that their own feedback has alerts and how
// each was resolved. EINVALID (unknown status).
func (s *Alerts) FindAlerts(ctx context.Context, f AlertFilter) ([]*Alert, int, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, 0, err
	}
	return s.findAlerts(ctx, v, f)
}

// findAlerts lists the alerts of f that v sees. EINVALID.
func (s *Alerts) findAlerts(ctx context.Context, v *Visibility, f AlertFilter) ([]*Alert, int, error) {
	if f.Status != nil && !slices.Contains(AlertStatuses, *f.Status) {
		return nil, 0, Errorf(EINVALID, "status", "must be one of %s", joinStatuses(AlertStatuses))
	}
	if f.Team != 0 {
		teams, err := withSubTeams(ctx, s.store, v.OrgID, []int64{f.Team})
		if err != nil {
			return nil, 0, err
		}
		f.TeamIDs = intersect(f.TeamIDs, teams)
	}
	f = v.Alerts(f)
	f.Page = f.Page.Normalize()
	alerts, total, err := s.store.FindAlerts(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	if !v.SeesBuyerNames() { // a rep
		for _, a := range alerts {
			a.forRep()
		}
	}
	return alerts, total, nil
}

// FindAlertByID returns alert id if the actor may see it. ENOTFOUND.
func (s *Alerts) FindAlertByID(ctx context.Context, id int64) (*Alert, error) {
	alerts, _, err := s.FindAlerts(ctx, AlertFilter{IDs: []int64{id}, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	if len(alerts) == 0 {
		return nil, Errorf(ENOTFOUND, "id", "no alert %d", id)
	}
	return alerts[0], nil
}

// Transition moves alert id one step of its follow-up, recording who and
// when. Admins, API keys with the manage scope, and the leaders who see
// the alert's team may; its rep may not. ENOTFOUND, EFORBIDDEN, EINVALID,
// ECONFLICT (not allowed from its status, or moved meanwhile).
func (s *Alerts) Transition(ctx context.Context, id int64, t AlertTransition) (*Alert, error) {
	a, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	var out *Alert
	err = s.inTx(ctx, func(tx alertsStore) error {
		alerts, _, err := tx.FindAlerts(ctx, v.Alerts(AlertFilter{IDs: []int64{id}, Page: Page{Limit: -1}}))
		if err != nil {
			return err
		}
		if len(alerts) == 0 {
			return Errorf(ENOTFOUND, "id", "no alert %d", id)
		}
		if err := mayAct(a); err != nil {
			return err
		}
		out = alerts[0]
		return s.move(ctx, tx, a, out, t)
	})
	return out, err
}

// mayAct says why a may not act on the alerts it sees: reps and API keys
// without the manage scope may not; EFORBIDDEN.
func mayAct(a *Actor) error {
	if a.IsKey() && !a.Can(ScopeManage) {
		return Errorf(EFORBIDDEN, "", "this API key lacks the %q scope", ScopeManage)
	}
	if a.Role == RoleRep {
		return Errorf(EFORBIDDEN, "", "only the team's leaders and admins act on alerts")
	}
	return nil
}

// move applies t to al in tx.
func (s *Alerts) move(ctx context.Context, tx alertsStore, a *Actor, al *Alert, t AlertTransition) error {
	if err := t.validate(al); err != nil {
		return err
	}
	from, now := al.Status, s.clock.Now()
	al.Status, al.UpdatedAt, al.Outcome = t.To, now, t.Outcome
	al.Steps = append(al.Steps, AlertStep{To: t.To, By: a.Name, At: now, Note: t.Note})
	moved, err := tx.MoveAlert(ctx, al, from)
	if err != nil {
		return err
	}
	if !moved {
		return Errorf(ECONFLICT, "to", "alert %d changed meanwhile; reload it", al.ID)
	}
	if err := emitAlert(ctx, tx, al, from, now); err != nil {
		return err
	}
	return audit(ctx, tx, now, a, "alert."+string(t.To), "alert:"+strconv.FormatInt(al.ID, 10), string(t.Outcome))
}

// forRep keeps what a rep sees of an alert on their feedback: that it
// exists, its status, and how it was resolved.
func (a *Alert) forRep() {
	a.LeaderIDs = []int64{}
	var kept []AlertStep
	if a.Status == AlertResolved {
		kept = a.Steps[len(a.Steps)-1:]
	}
	a.Steps = kept
}

// alertWriter is what opening an alert needs, inside the answer's
// transaction.
type alertWriter interface {
	teamLister
	AlertStore
	webhookEmitter
}

// raiseAlert opens an alert for the response r to tv when its answers
// match the org's rules, and queues an email to each leader it is for,
// with a reminder when its target runs out (alertJobs); an
// alert r already has gets the changed answers' reasons instead, and no
// second email. first says r's answers count for the first time, so it can
// have no alert yet.
func raiseAlert(ctx context.Context, tx alertWriter, org *Org, tv *TemplateVersion, r *Response, first bool, now time.Time) error {
	reasons := org.Settings.Alerts.Match(tv, r.Answers, r.Comment)
	if first && len(reasons) == 0 {
		return nil
	}
	al, err := tx.FindAlertByResponse(ctx, r.OrgID, r.ID)
	switch {
	case err == nil:
		if slices.Equal(al.Reasons, reasons) {
			return nil
		}
		al.Reasons, al.UpdatedAt = reasons, now
		return tx.UpdateAlertReasons(ctx, al)
	case ErrorCode(err) != ENOTFOUND:
		return err
	case len(reasons) == 0:
		return nil
	}
	leaders, err := alertLeaders(ctx, tx, r.OrgID, r.TeamID)
	if err != nil {
		return err
	}
	al = &Alert{OrgID: r.OrgID, ResponseID: r.ID, RepID: r.RepID, TeamID: r.TeamID, Reasons: reasons,
		LeaderIDs: leaders, Status: AlertOpen, Steps: []AlertStep{}, OpenedAt: now, UpdatedAt: now}
	if err := tx.CreateAlert(ctx, al); err != nil {
		return err
	}
	if err := emitAlert(ctx, tx, al, "", now); err != nil {
		return err
	}
	return tx.EnqueueJob(ctx, alertJobs(org, al, now)...)
}

// alertLeaders are the leaders of team teamID, or of the nearest team
// above it that has any; none when no team up the tree has a leader.
func alertLeaders(ctx context.Context, st teamLister, orgID, teamID int64) ([]int64, error) {
	all, _, err := st.FindTeams(ctx, TeamFilter{OrgID: orgID, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Team{}
	for _, t := range all {
		byID[t.ID] = t
	}
	for seen := 0; teamID != 0 && seen < len(all); seen++ { // seen bounds a loop in a broken tree
		t, ok := byID[teamID]
		if !ok {
			break
		}
		if len(t.LeaderIDs) > 0 {
			return slices.Clone(t.LeaderIDs), nil
		}
		teamID = t.ParentID
	}
	return []int64{}, nil
}
