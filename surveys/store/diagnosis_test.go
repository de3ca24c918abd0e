package store_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"trustcard/surveys"
)

// Diagnostic accuracy on each real database.
func TestDiagnosis(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"KnownAnswer", testDiagnosisKnownAnswer},
		{"UnknownCategoryWritesNothing", testDiagnosisUnknownCategory},
		{"RepFormWindowAndOwner", testDiagnosisForm},
	})
}

// postDiagnosed posts an interaction an hour ago with the CRM's diagnosis
// (none for ""), sends its survey and returns the survey's token.
func (p *pipeline) postDiagnosed(t *testing.T, ext, category string) (int64, string) {
	t.Helper()
	n := surveys.NewInteraction{ExternalID: ext, Rep: "r1", Buyer: surveys.Buyer{Email: ext + "@buyer.test"},
		OccurredAt: p.clock.now.Add(-time.Hour), Kind: "meeting"}
	if category != "" {
		n.Diagnosis = &surveys.DiagnosisInput{Category: category, Note: "heard " + category}
	}
	res, err := p.svc.Delivery.RecordInteraction(p.ctx, n)
	if err != nil {
		t.Fatalf("post %s: %v", ext, err)
	}
	p.send(t, res.Invitation.ID)
	return res.Interaction.ID, surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
}

func (p *pipeline) answerProblem(t *testing.T, token, category string) {
	t.Helper()
	a := surveys.Answer{Ratings: map[string]int{"understood": 4}, Problem: surveys.BuyerProblem{Category: category, Note: "said"}}
	if _, err := p.svc.Buyers.SubmitResponse(ctx, token, a); err != nil {
		t.Fatalf("answer %s: %v", category, err)
	}
}

// asRep is the context of the signed-in rep of the pipeline.
func (p *pipeline) asRep() *pipeline {
	q := *p
	q.ctx = surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: p.org.ID, UserID: 77, Role: surveys.RoleRep, RepID: p.rep.ID, Name: "ann@acme.test"})
	return &q
}

// Seven meetings, worked by hand: counted pairs are i1 (match), i2
// (mismatch), i3 (the buyer changed their answer to a match), i7 (entered
// in the web app before the answer, match); i4 has no diagnosis, i5's
// buyer skipped the question, i6's diagnosis came after the answer. So
// n = 4, matches = 3, accuracy 0.75, and the 90% Wilson interval, with
// z = 1.6448536: centre (0.75 + z²/8)/(1 + z²/4) = 0.649130, half-width
// z/(1 + z²/4)·√(0.75·0.25/4 + z²/64) = 0.292962, so 0.356168–0.942093.
func testDiagnosisKnownAnswer(t *testing.T, p *pipeline) {
	rep := p.asRep()
	_, t1 := p.postDiagnosed(t, "i1", "cut_costs")
	_, t2 := p.postDiagnosed(t, "i2", "move_faster")
	_, t3 := p.postDiagnosed(t, "i3", "meet_regulation")
	_, t4 := p.postDiagnosed(t, "i4", "")
	_, t5 := p.postDiagnosed(t, "i5", "cut_costs")
	id6, t6 := p.postDiagnosed(t, "i6", "")
	id7, t7 := p.postDiagnosed(t, "i7", "")
	if _, err := rep.svc.Delivery.EnterDiagnosis(rep.ctx, id7, surveys.DiagnosisInput{Category: "replace_system"}); err != nil {
		t.Fatal(err)
	}
	p.answerProblem(t, t1, "cut_costs")
	p.answerProblem(t, t2, "replace_system")
	p.answerProblem(t, t3, "cut_costs")
	p.answerProblem(t, t4, "cut_costs")
	p.answerProblem(t, t5, "")
	p.answerProblem(t, t6, "move_faster")
	p.answerProblem(t, t7, "replace_system")
	p.clock.now = p.clock.now.Add(time.Minute)
	p.answerProblem(t, t3, "meet_regulation")
	if _, err := rep.svc.Delivery.EnterDiagnosis(rep.ctx, id6, surveys.DiagnosisInput{Category: "move_faster"}); err != nil {
		t.Fatalf("a late diagnosis is kept: %v", err)
	}
	want := surveys.Accuracy{N: 4, Matches: 3, Share: 0.75, Interval: surveys.Interval{Low: 0.356168, High: 0.942093}, HasValue: true}
	w := surveys.Window{From: p.clock.now.AddDate(0, 0, -1), To: p.clock.now}
	check := func(when string) {
		t.Helper()
		d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, w)
		if err != nil {
			t.Fatal(err)
		}
		for who, got := range map[string]surveys.Accuracy{"rep": d.Figures.Diagnosis, "org": d.Org.Diagnosis} {
			if !sameAccuracy(got, want) {
				t.Errorf("%s: %s accuracy = %+v, want %+v", when, who, got, want)
			}
		}
	}
	check("as answered")
	if err := p.svc.Scores.RebuildRollups(p.ctx, nil); err != nil {
		t.Error(err)
	}
	check("rebuilt")

	pairs, _, err := p.svc.Scores.DiagnosisPairs(p.ctx, p.rep.ID, w, 10)
	if err != nil {
		t.Fatal(err)
	}
	counted := 0
	for _, pr := range pairs {
		if pr.Counted() {
			counted++
		}
		if pr.InteractionID == id6 && pr.Counted() {
			t.Errorf("the diagnosis entered after the answer counts: %+v", pr)
		}
	}
	if len(pairs) != 5 || counted != 4 {
		t.Errorf("pairs = %d (%d counted), want 5 with a category on both sides (4 counted)", len(pairs), counted)
	}
	// A diagnosis that counted stands once the buyer has answered.
	_, err = rep.svc.Delivery.EnterDiagnosis(rep.ctx, id7, surveys.DiagnosisInput{Category: "cut_costs"})
	if surveys.ErrorCode(err) != surveys.ECONFLICT {
		t.Errorf("changing a counted diagnosis: %v, want conflict", err)
	}
}

func sameAccuracy(a, b surveys.Accuracy) bool {
	return a.N == b.N && a.Matches == b.Matches && a.HasValue == b.HasValue && math.Abs(a.Share-b.Share) < 1e-9 &&
		math.Abs(a.Interval.Low-b.Interval.Low) < 1e-6 && math.Abs(a.Interval.High-b.Interval.High) < 1e-6
}

// An unknown category is refused, naming it, and records no interaction.
func testDiagnosisUnknownCategory(t *testing.T, p *pipeline) {
	_, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: "x1", Rep: "r1",
		Buyer: surveys.Buyer{Email: "x@buyer.test"}, OccurredAt: p.clock.now.Add(-time.Hour), Kind: "meeting",
		Diagnosis: &surveys.DiagnosisInput{Category: "world_peace"}})
	field, msg := surveys.ErrorDetail(err)
	if surveys.ErrorCode(err) != surveys.EINVALID || field != "diagnosis.category" {
		t.Fatalf("err = %v (field %q), want invalid diagnosis.category", err, field)
	}
	if want := `"world_peace"`; !strings.Contains(msg, want) {
		t.Errorf("message %q does not name %s", msg, want)
	}
	if _, err := p.db.FindInteractionByExternalID(ctx, p.org.ID, "x1"); surveys.ErrorCode(err) != surveys.ENOTFOUND {
		t.Errorf("the refused interaction was stored: %v", err)
	}
}

// Only the rep who held the meeting may enter its diagnosis, within 48 hours.
func testDiagnosisForm(t *testing.T, p *pipeline) {
	id, _ := p.postDiagnosed(t, "f1", "")
	in := surveys.DiagnosisInput{Category: "cut_costs"}
	if _, err := p.svc.Delivery.EnterDiagnosis(p.ctx, id, in); surveys.ErrorCode(err) != surveys.EFORBIDDEN {
		t.Errorf("an API key: %v, want forbidden", err)
	}
	other := surveys.NewContextWithActor(ctx, &surveys.Actor{OrgID: p.org.ID, UserID: 78, Role: surveys.RoleRep, RepID: p.rep.ID + 1000, Name: "bo@acme.test"})
	if _, err := p.svc.Delivery.EnterDiagnosis(other, id, in); surveys.ErrorCode(err) != surveys.ENOTFOUND {
		t.Errorf("another rep: %v, want not found", err)
	}
	rep := p.asRep()
	if _, err := rep.svc.Delivery.EnterDiagnosis(rep.ctx, id, surveys.DiagnosisInput{Category: "nope"}); surveys.ErrorCode(err) != surveys.EINVALID {
		t.Errorf("unknown category: %v, want invalid", err)
	}
	if _, err := rep.svc.Delivery.EnterDiagnosis(rep.ctx, id, in); err != nil {
		t.Errorf("the rep within 48 hours: %v", err)
	}
	recent, err := rep.svc.Delivery.RecentMeetings(rep.ctx)
	if err != nil || len(recent) != 1 || recent[0].Diagnosis == nil || recent[0].Diagnosis.Category != "cut_costs" {
		t.Errorf("recent meetings = %+v, %v", recent, err)
	}
	p.clock.now = p.clock.now.Add(47*time.Hour + time.Minute)
	if _, err := rep.svc.Delivery.EnterDiagnosis(rep.ctx, id, in); surveys.ErrorCode(err) != surveys.EFORBIDDEN {
		t.Errorf("49 hours after the meeting: %v, want forbidden", err)
	}
}
