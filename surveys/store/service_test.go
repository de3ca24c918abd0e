package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store"
)

// The services' survey pipeline against each real database.
func TestPipeline(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"RepeatedInteractionSameResult", testRepeatedInteraction},
		{"DifferentBodySameIDConflicts", testInteractionConflict},
		{"UnknownRepNamesRep", testUnknownRep},
		{"SuppressionReasonsRecorded", testSuppressionReasons},
		{"ClaimNeverHandsOutAJobTwice", testClaimOnce},
		{"AnswersValidatedAndReplaced", testAnswers},
		{"ExpiryAfterSending", testExpiry},
		{"SentRecordedInBatches", testMarkSentBatch},
		{"ExpiryLeavesAnswersAlone", testExpiryAfterAnswer},
		{"RetentionErasesOldBuyers", testRetention},
		{"FirstSurveyWordedAsGiven", testFirstSurveyWorded},
	})
}

type fixedClock struct{ now time.Time }

func (c *fixedClock) Now() time.Time { return c.now }

type pipeline struct {
	db     *store.DB
	svc    *surveys.Services
	clock  *fixedClock
	org    *surveys.Org
	ctx    context.Context
	rep    *surveys.Rep
	posted int // interactions posted by answer
}

func newPipeline(t *testing.T, db *store.DB) *pipeline {
	t.Helper()
	clock := &fixedClock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
	svc := surveys.New(db, clock)
	org, err := svc.Directory.EnsureOrg(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	p := &pipeline{db: db, svc: svc, clock: clock, org: org,
		ctx: surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: org.ID, KeyID: 1, Role: surveys.RoleAdmin, Scopes: surveys.AllScopes, Name: "key:test"})}
	p.rep, _, err = svc.Directory.UpsertRep(p.ctx, surveys.RepInput{ExternalID: "r1", Name: "Ann Lee", Email: "ann@acme.test", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// send records that the invitation's email went out now, as the outbox
// does after the mail server accepted it.
func (p *pipeline) send(t *testing.T, invID int64) {
	t.Helper()
	job := &surveys.Job{OrgID: p.org.ID, Kind: surveys.JobInvitation, Ref: invID}
	outs, err := p.svc.Worker.Outgoing(ctx, []*surveys.Job{job})
	if err != nil || outs[0] == nil {
		t.Fatalf("outgoing of invitation %d: %v, %v", invID, outs, err)
	}
	if err := p.svc.Worker.MarkSent(ctx, []surveys.Sent{{Job: job, Out: outs[0], At: p.clock.now}}); err != nil {
		t.Fatal(err)
	}
}

func (p *pipeline) post(t *testing.T, ext, buyer string, ago time.Duration) (*surveys.InteractionResult, error) {
	t.Helper()
	return p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: ext, Rep: "r1",
		Buyer: surveys.Buyer{Email: buyer}, OccurredAt: p.clock.now.Add(-ago), Kind: "meeting"})
}

func testRepeatedInteraction(t *testing.T, p *pipeline) {
	first, err := p.post(t, "i1", "bo@buyer.test", time.Hour)
	if err != nil || !first.Created {
		t.Fatalf("first post: %+v, %v", first, err)
	}
	again, err := p.post(t, "i1", "BO@buyer.test ", time.Hour)
	if err != nil || again.Created {
		t.Fatalf("repeat: %+v, %v", again, err)
	}
	if again.Invitation.ID != first.Invitation.ID || !again.Invitation.DueAt.Equal(first.Invitation.DueAt) {
		t.Errorf("repeat gave invitation %+v, want %+v", again.Invitation, first.Invitation)
	}
	if got, want := first.Invitation.DueAt, p.clock.now.Add(time.Hour); !got.Equal(want) {
		t.Errorf("due at %v, want %v (2 h after the meeting)", got, want)
	}
	jobs, _ := p.db.ClaimJobs(ctx, p.clock.now.Add(24*time.Hour), 10, time.Minute)
	if len(jobs) != 1 {
		t.Errorf("jobs = %d, want exactly 1 for one interaction posted twice", len(jobs))
	}
}

// An org's first survey is worded by the texts the Service was given, in
// every language they have.
func testFirstSurveyWorded(t *testing.T, p *pipeline) {
	p.svc.WordDefaultSurvey(surveys.QuestionTexts{surveys.QUnderstood: {"en": "{rep} got it.", "it": "{rep} ha capito."}})
	if _, err := p.post(t, "i1", "bo@buyer.test", time.Hour); err != nil {
		t.Fatal(err)
	}
	tv, err := p.db.CurrentTemplateVersion(ctx, p.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := tv.Question(surveys.QUnderstood)
	if got := q.Text("it", "Ann"); got != "Ann ha capito." || len(tv.Questions) != 7 {
		t.Errorf("understood in Italian: %q, of %d questions", got, len(tv.Questions))
	}
}

func testInteractionConflict(t *testing.T, p *pipeline) {
	if _, err := p.post(t, "i1", "bo@buyer.test", time.Hour); err != nil {
		t.Fatal(err)
	}
	_, err := p.post(t, "i1", "other@buyer.test", time.Hour)
	if got, want := surveys.ErrorCode(err), surveys.ECONFLICT; got != want {
		t.Errorf("code = %q, want %q (%v)", got, want, err)
	}
}

func testUnknownRep(t *testing.T, p *pipeline) {
	_, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: "x", Rep: "nobody",
		Buyer: surveys.Buyer{Email: "b@b.test"}, OccurredAt: p.clock.now, Kind: "call"})
	if field, _ := surveys.ErrorDetail(err); surveys.ErrorCode(err) != surveys.EINVALID || field != "rep" {
		t.Errorf("err = %v, want EINVALID on rep", err)
	}
}

func testSuppressionReasons(t *testing.T, p *pipeline) {
	if _, err := p.post(t, "a", "same@buyer.test", time.Hour); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ext, buyer string
		ago        time.Duration
		want       string
	}{
		{"b", "same@buyer.test", time.Hour, surveys.ReasonThrottled},
		{"c", "old@buyer.test", 31 * 24 * time.Hour, surveys.ReasonStale},
	} {
		res, err := p.post(t, tt.ext, tt.buyer, tt.ago)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Invitation; got.Status != surveys.InvitationSuppressed || got.Reason != tt.want {
			t.Errorf("%s: invitation %s/%q, want suppressed/%q", tt.ext, got.Status, got.Reason, tt.want)
		}
	}
	if _, err := p.svc.Directory.SetRepActive(p.ctx, p.rep.ID, false); err != nil {
		t.Fatal(err)
	}
	res, err := p.post(t, "d", "new@buyer.test", time.Hour)
	if err != nil || res.Invitation.Reason != surveys.ReasonRepInactive {
		t.Errorf("inactive rep: %+v, %v", res.Invitation, err)
	}
}

func testClaimOnce(t *testing.T, p *pipeline) {
	for i, b := range []string{"a@b.test", "b@b.test", "c@b.test"} {
		if _, err := p.post(t, string(rune('a'+i)), b, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	later := p.clock.now.Add(3 * time.Hour)
	first, _ := p.db.ClaimJobs(ctx, later, 2, time.Minute)
	second, _ := p.db.ClaimJobs(ctx, later, 10, time.Minute)
	if len(first) != 2 || len(second) != 1 {
		t.Fatalf("claims = %d then %d, want 2 then 1", len(first), len(second))
	}
	if again, _ := p.db.ClaimJobs(ctx, later.Add(2*time.Minute), 10, time.Minute); len(again) != 3 {
		t.Errorf("after the lease ran out, %d jobs were claimable again, want 3", len(again))
	}
}

func testAnswers(t *testing.T, p *pipeline) {
	res, err := p.post(t, "i1", "bo@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	token := surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
	answer := surveys.Answer{Ratings: map[string]int{"understood": 5}}
	if _, err := p.svc.Buyers.SubmitResponse(ctx, token, answer); surveys.ErrorCode(err) != surveys.ECONFLICT {
		t.Errorf("answer before sending: %v, want conflict", err)
	}
	p.send(t, res.Invitation.ID)
	for _, bad := range []surveys.Answer{
		{Ratings: map[string]int{"understood": 6}},
		{Ratings: map[string]int{"bogus": 3}},
		{Ratings: map[string]int{"comment": 3}},
		{Comment: string(make([]rune, surveys.MaxCommentLen+1))},
		{},
	} {
		if _, err := p.svc.Buyers.SubmitResponse(ctx, token, bad); surveys.ErrorCode(err) != surveys.EINVALID {
			t.Errorf("answer %+v: %v, want invalid", bad, err)
		}
	}
	if _, err := p.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: map[string]int{"understood": 4, "recommend": 9}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: map[string]int{"understood": 2}, Comment: "<b>x</b>"}); err != nil {
		t.Fatal(err)
	}
	r, err := p.db.FindResponseByInvitation(ctx, res.Invitation.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Answers) != 1 || r.Answers["understood"] != 2 || r.Comment != "<b>x</b>" {
		t.Errorf("stored response = %+v, want only the second answers, comment as given", r)
	}
	p.clock.now = p.clock.now.Add(15 * 24 * time.Hour)
	if _, err := p.svc.Buyers.SubmitResponse(ctx, token, answer); surveys.ErrorCode(err) != surveys.ECONFLICT {
		t.Errorf("answer after expiry: %v, want conflict", err)
	}
	if _, err := p.svc.Buyers.SubmitResponse(ctx, "s"+token[1:]+"x", answer); surveys.ErrorCode(err) != surveys.ENOTFOUND {
		t.Errorf("unknown token: %v, want not found", err)
	}
}

func testExpiry(t *testing.T, p *pipeline) {
	res, err := p.post(t, "i1", "bo@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p.send(t, res.Invitation.ID)
	jobs, err := p.db.ClaimJobs(ctx, p.clock.now.Add(15*24*time.Hour), 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]*surveys.Job{}
	for _, j := range jobs {
		kinds[j.Kind] = j
	}
	if kinds[surveys.JobReminder] == nil || kinds[surveys.JobExpire] == nil {
		t.Fatalf("after sending, jobs = %v, want a reminder and an expiry", kinds)
	}
	if err := p.svc.Worker.Expire(ctx, kinds[surveys.JobExpire]); err != nil {
		t.Fatal(err)
	}
	inv, _ := p.db.FindInvitation(ctx, p.org.ID, res.Invitation.ID)
	if got, want := inv.Status, surveys.InvitationExpired; got != want {
		t.Errorf("status = %s, want %s", got, want)
	}
	if outs, err := p.svc.Worker.Outgoing(ctx, []*surveys.Job{kinds[surveys.JobReminder]}); err != nil || outs[0] != nil {
		t.Errorf("reminder of an expired invitation: %v, %v; want nothing to send", outs, err)
	}
}

func testRetention(t *testing.T, p *pipeline) {
	old, err := p.post(t, "old", "old@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	answer := func(inv *surveys.Invitation) {
		t.Helper()
		p.send(t, inv.ID)
		a := surveys.Answer{Ratings: map[string]int{"understood": 5}, Comment: "fine"}
		if _, err := p.svc.Buyers.SubmitResponse(ctx, surveys.InvitationToken(p.org.Secret, inv.ID), a); err != nil {
			t.Fatal(err)
		}
	}
	answer(old.Invitation)
	if _, err := p.svc.Directory.PatchSettings(p.ctx, func(s *surveys.Settings) { s.RetentionDays = 30 }); err != nil {
		t.Fatal(err)
	}
	p.clock.now = p.clock.now.Add(31 * 24 * time.Hour)
	recent, err := p.post(t, "recent", "new@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	answer(recent.Invitation)
	n, err := p.svc.Worker.ApplyRetention(ctx)
	if err != nil || n != 1 {
		t.Fatalf("ApplyRetention = %d, %v; want 1 buyer erased", n, err)
	}
	gone, _ := p.db.FindBuyerByID(ctx, p.org.ID, old.Invitation.BuyerID)
	kept, _ := p.db.FindBuyerByID(ctx, p.org.ID, recent.Invitation.BuyerID)
	if gone.Email != "" || gone.ErasedAt.IsZero() || kept.Email != "new@buyer.test" {
		t.Errorf("after retention: old buyer %+v, recent buyer %+v", gone, kept)
	}
	r, _ := p.db.FindResponseByInvitation(ctx, old.Invitation.ID)
	if r.BuyerID != 0 || r.Answers["understood"] != 5 {
		t.Errorf("old response = %+v, want its answers kept and its buyer unlinked", r)
	}
	again, err := p.post(t, "again", "old@buyer.test", time.Hour)
	if err != nil || again.Invitation.Reason != surveys.ReasonErased {
		t.Errorf("erased address posted again: %+v, %v; want suppressed as erased", again.Invitation, err)
	}
}

func testMarkSentBatch(t *testing.T, p *pipeline) {
	for i, email := range []string{"a@buyer.test", "b@buyer.test", "c@buyer.test"} {
		if _, err := p.post(t, fmt.Sprint("i", i), email, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	jobs, err := p.db.ClaimJobs(ctx, p.clock.now.Add(24*time.Hour), 10, time.Minute)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("claimed %d jobs (%v), want 3", len(jobs), err)
	}
	outs, err := p.svc.Worker.Outgoing(ctx, jobs)
	if err != nil {
		t.Fatal(err)
	}
	// The third invitation changes state before the batch is recorded: it
	// is left as it is, with no reminder, expiry or "sent" count.
	third := outs[2].Invitation
	stale := *third
	third.Status = surveys.InvitationExpired
	if err := p.db.UpdateInvitation(ctx, third); err != nil {
		t.Fatal(err)
	}
	outs[2].Invitation = &stale
	var sent []surveys.Sent
	for i := range jobs {
		sent = append(sent, surveys.Sent{Job: jobs[i], Out: outs[i], At: p.clock.now})
	}
	if err := p.svc.Worker.MarkSent(ctx, sent); err != nil {
		t.Fatal(err)
	}
	for i, want := range []surveys.InvitationStatus{surveys.InvitationSent, surveys.InvitationSent, surveys.InvitationExpired} {
		inv, err := p.db.FindInvitation(ctx, p.org.ID, jobs[i].Ref)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Status != want {
			t.Errorf("invitation %d: status %s, want %s", i, inv.Status, want)
		}
		if want != surveys.InvitationSent {
			continue
		}
		d := p.org.Settings.Delivery
		if !inv.SentAt.Equal(p.clock.now) || !inv.ExpiresAt.After(p.clock.now.Add(time.Duration(d.ExpireAfterDays-1)*24*time.Hour)) ||
			!inv.RemindAt.After(p.clock.now) {
			t.Errorf("invitation %d: sent %v, remind %v, expires %v", i, inv.SentAt, inv.RemindAt, inv.ExpiresAt)
		}
	}
	due, err := p.db.ClaimJobs(ctx, p.clock.now.Add(60*24*time.Hour), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, j := range due {
		kinds[j.Kind]++
	}
	if kinds[surveys.JobInvitation] != 0 || kinds[surveys.JobReminder] != 2 || kinds[surveys.JobExpire] != 2 {
		t.Errorf("jobs after recording = %v, want 2 reminders, 2 expiries and no invitation left", kinds)
	}
	var sums []surveys.RollupSum
	err = p.db.SumRollups(ctx, surveys.RollupQuery{OrgID: p.org.ID, Periods: []surveys.Period{{From: "2000-01-01", To: "2100-01-01"}}},
		func(s surveys.RollupSum) { sums = append(sums, s) })
	i := slices.IndexFunc(sums, func(s surveys.RollupSum) bool { return s.Metric == surveys.MetricSent })
	if err != nil || i < 0 || sums[i].N != 2 {
		t.Errorf("rollups = %+v (%v), want a sent sum of 2", sums, err)
	}
}

func testExpiryAfterAnswer(t *testing.T, p *pipeline) {
	res, err := p.post(t, "i1", "bo@buyer.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p.send(t, res.Invitation.ID)
	token := surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
	if _, err := p.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: map[string]int{"understood": 4}}); err != nil {
		t.Fatal(err)
	}
	// The expiry job, read before the answer, runs after it.
	if err := p.svc.Worker.Expire(ctx, &surveys.Job{OrgID: p.org.ID, Kind: surveys.JobExpire, Ref: res.Invitation.ID}); err != nil {
		t.Fatal(err)
	}
	inv, err := p.db.FindInvitation(ctx, p.org.ID, res.Invitation.ID)
	if err != nil || inv.Status != surveys.InvitationAnswered {
		t.Errorf("after expiry: invitation %v (%v), want answered", inv.Status, err)
	}
}
