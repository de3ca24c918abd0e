package store_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// Alerts open from low answers for the nearest leaders up the tree, once
// per response, and follow their workflow, on every database.
func TestAlerts(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := newScopeWorld(t, newPipeline(t, storetest.MustOpen(t, driver)))
			t.Run("OpensForTheLeaderUpTheTree", func(t *testing.T) { testAlertOpens(t, w) })
			t.Run("ChangedAnswerUpdatesItsAlert", func(t *testing.T) { testAlertUpdated(t, w) })
			t.Run("Workflow", func(t *testing.T) { testAlertWorkflow(t, w) })
			t.Run("Rules", func(t *testing.T) { testAlertRules(t, w) })
		})
	}
}

// annAlert returns Ann's one alert, as the store has it.
func annAlert(t *testing.T, w *scopeWorld) *surveys.Alert {
	t.Helper()
	alerts, _, err := w.db.FindAlerts(ctx, surveys.AlertFilter{OrgID: w.org.ID, RepIDs: []int64{w.ann.ID}, Page: surveys.Page{Limit: -1}})
	if err != nil || len(alerts) != 1 {
		t.Fatalf("Ann's alerts = %d, %v; want 1", len(alerts), err)
	}
	return alerts[0]
}

// alertMailJobs returns the leaders an alert email was queued for.
func alertMailJobs(t *testing.T, w *scopeWorld, alertID int64) []int64 {
	t.Helper()
	jobs, err := w.db.ClaimJobs(ctx, w.clock.now.Add(time.Hour), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var leaders []int64
	for _, j := range jobs {
		if j.Kind == surveys.JobAlertMail && j.Ref == alertID {
			id, _ := strconv.ParseInt(j.Payload, 10, 64)
			leaders = append(leaders, id)
		}
	}
	return leaders
}

// Ann's team East North has no leader: her alert is for East's.
func testAlertOpens(t *testing.T, w *scopeWorld) {
	a := annAlert(t, w)
	east := w.actors[leader].UserID
	if a.Status != surveys.AlertOpen || !slices.Equal(a.LeaderIDs, []int64{east}) || a.TeamID == w.east.ID || a.TeamID == 0 {
		t.Errorf("alert = %+v, want open for East's leader %d, on East North", a, east)
	}
	if want := []string{`comment mentions "Fine"`}; !slices.Equal(a.Reasons, want) {
		t.Errorf("reasons = %q, want %q", a.Reasons, want)
	}
	if got := alertMailJobs(t, w, a.ID); !slices.Equal(got, []int64{east}) {
		t.Errorf("alert emails queued for %v, want %v", got, []int64{east})
	}
	m := alertMail(t, w, a.ID, leader)
	if m == nil || m.Leader.ID != east || m.RepName != w.ann.Name || m.TeamName != "East North" {
		t.Errorf("the email to East's leader: %+v", m)
	}
	if m := alertMail(t, w, a.ID, otherLeader); m != nil {
		t.Errorf("a leader who does not see the alert is mailed: %+v", m)
	}
}

// alertMail is the email of alert id to the user of who, or nil.
func alertMail(t *testing.T, w *scopeWorld, id int64, who string) *surveys.AlertMail {
	t.Helper()
	job := &surveys.Job{OrgID: w.org.ID, Kind: surveys.JobAlertMail, Ref: id, Payload: strconv.FormatInt(w.actors[who].UserID, 10)}
	m, err := w.svc.Worker.AlertMail(ctx, job)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A second answer to the same invitation changes the alert's reasons and
// opens nothing new; a provisional tap opens nothing.
func testAlertUpdated(t *testing.T, w *scopeWorld) {
	before := annAlert(t, w)
	inv, _, err := w.db.FindInvitations(ctx, surveys.InvitationFilter{OrgID: w.org.ID, RepIDs: []int64{w.ann.ID}, Page: surveys.Page{Limit: -1}})
	if err != nil || len(inv) != 1 {
		t.Fatalf("Ann's invitations: %d, %v", len(inv), err)
	}
	token := surveys.InvitationToken(w.org.Secret, inv[0].ID)
	ratings := all(4)
	ratings[surveys.QDiagnosed], ratings[surveys.QRecommend] = 1, 3
	if _, err := w.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: ratings, Comment: "fine really"}); err != nil {
		t.Fatal(err)
	}
	after := annAlert(t, w)
	want := []string{"diagnosed at 1", "recommend at 3", `comment mentions "Fine"`}
	if after.ID != before.ID || !slices.Equal(after.Reasons, want) {
		t.Errorf("after a change: alert %d with %q, want alert %d with %q", after.ID, after.Reasons, before.ID, want)
	}
	if got := alertMailJobs(t, w, after.ID); len(got) != 0 {
		t.Errorf("a changed answer queued alert emails again: %v", got)
	}
}

// The team's leader and admins move an alert forward one step at a time;
// a step out of order is a conflict naming the states; the rep sees it
// and may not act; another leader does not see it.
func testAlertWorkflow(t *testing.T, w *scopeWorld) {
	id := annAlert(t, w).ID
	al := w.svc.Alerts
	steps := []struct {
		who  string
		tr   surveys.AlertTransition
		code string
	}{
		{theRep, surveys.AlertTransition{To: surveys.AlertAcknowledged}, surveys.EFORBIDDEN},
		{otherLeader, surveys.AlertTransition{To: surveys.AlertAcknowledged}, surveys.ENOTFOUND},
		{otherRep, surveys.AlertTransition{To: surveys.AlertAcknowledged}, surveys.ENOTFOUND},
		{otherOrg, surveys.AlertTransition{To: surveys.AlertAcknowledged}, surveys.ENOTFOUND},
		{leader, surveys.AlertTransition{To: surveys.AlertContacted}, surveys.ECONFLICT},
		{leader, surveys.AlertTransition{To: "closed"}, surveys.EINVALID},
		{leader, surveys.AlertTransition{To: surveys.AlertAcknowledged, Note: "on it"}, ""},
		{leader, surveys.AlertTransition{To: surveys.AlertAcknowledged}, surveys.ECONFLICT},
		{admin, surveys.AlertTransition{To: surveys.AlertContacted, Note: "called"}, ""},
		{leader, surveys.AlertTransition{To: surveys.AlertResolved, Note: "sorted"}, surveys.EINVALID},
		{leader, surveys.AlertTransition{To: surveys.AlertResolved, Outcome: surveys.OutcomeResolved}, surveys.EINVALID},
		{leader, surveys.AlertTransition{To: surveys.AlertResolved, Note: "sorted", Outcome: surveys.OutcomeResolved}, ""},
		{admin, surveys.AlertTransition{To: surveys.AlertOpen}, surveys.ECONFLICT},
	}
	for i, s := range steps {
		_, err := al.Transition(w.as(s.who).ctx, id, s.tr)
		if got := surveys.ErrorCode(err); got != s.code {
			t.Errorf("step %d, %s to %s: code %q (%v), want %q", i, s.who, s.tr.To, got, err, s.code)
		}
	}
	got, err := al.FindAlertByID(w.as(leader).ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, s := range got.Steps {
		trail = append(trail, string(s.To)+" by "+s.By+": "+s.Note)
	}
	want := []string{"acknowledged by : on it", "contacted by admin: called", "resolved by : sorted"}
	if !slices.Equal(trail, want) || got.Outcome != surveys.OutcomeResolved || got.Note() != "sorted" {
		t.Errorf("steps %q, outcome %q, note %q; want %q, resolved, sorted", trail, got.Outcome, got.Note(), want)
	}
	if m := alertMail(t, w, id, leader); m != nil {
		t.Errorf("a resolved alert is still mailed: %+v", m)
	}
	seen, err := al.FindAlertByID(w.as(theRep).ctx, id)
	if err != nil || len(seen.Steps) != 1 || seen.Note() != "sorted" || len(seen.LeaderIDs) != 0 {
		t.Errorf("the rep sees %+v, %v; want only the resolution", seen, err)
	}
}

// The org's settings refuse rules out of range.
func testAlertRules(t *testing.T, w *scopeWorld) {
	_, err := w.svc.Directory.PatchSettings(w.ctx, func(s *surveys.Settings) { s.Alerts.RecommendAtMost = 10 })
	if surveys.ErrorCode(err) != surveys.EINVALID {
		t.Errorf("recommend_at_most 10: %v, want EINVALID", err)
	}
	_, err = w.svc.Directory.PatchSettings(w.ctx, func(s *surveys.Settings) { s.Alerts.Keywords = []string{"ok", " "} })
	if surveys.ErrorCode(err) != surveys.EINVALID {
		t.Errorf("a blank keyword: %v, want EINVALID", err)
	}
}
