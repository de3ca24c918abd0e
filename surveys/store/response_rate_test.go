package store_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"trustcard/surveys"
)

func TestResponseRateByCohort(t *testing.T) {
	runPipeline(t, []pipelineTest{{"WindowEdges", testResponseRateCohort}})
}

// sendAt posts an interaction and records its survey as sent at at; it
// returns the invitation.
func (p *pipeline) sendAt(t *testing.T, at time.Time) int64 {
	t.Helper()
	p.posted++
	p.clock.now = at.Add(-time.Minute)
	res, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: fmt.Sprint("c", p.posted), Rep: "r1",
		Buyer: surveys.Buyer{Email: fmt.Sprintf("c%d@buyer.test", p.posted)}, OccurredAt: at.Add(-3 * time.Hour), Kind: "meeting"})
	if err != nil {
		t.Fatal(err)
	}
	p.clock.now = at
	p.send(t, res.Invitation.ID)
	return res.Invitation.ID
}

// The response rate of a window is the share of the invitations sent in
// it that were answered, whenever: answers to earlier invitations do not
// count, answers after the window do, a changed answer counts once, and
// the first and last instants of the window belong to it. Rebuilt rollups
// give identical figures.
func testResponseRateCohort(t *testing.T, p *pipeline) {
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04:05", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	earlier := p.sendAt(t, at("2026-03-01 23:59:59")) // answered inside the window
	earlier2 := p.sendAt(t, at("2026-03-01 12:00:00"))
	first := p.sendAt(t, at("2026-03-02 00:00:00")) // answered after the window
	p.sendAt(t, at("2026-03-04 23:59:59"))          // never answered
	changed := p.sendAt(t, at("2026-03-03 10:00:00"))
	after := p.sendAt(t, at("2026-03-05 00:00:00"))
	p.resubmit(t, earlier, at("2026-03-02 10:00:00"), all(4), false)
	p.resubmit(t, earlier2, at("2026-03-03 10:00:00"), all(3), false)
	p.resubmit(t, changed, at("2026-03-03 11:00:00"), all(2), false)
	p.resubmit(t, changed, at("2026-03-04 11:00:00"), all(5), false)
	p.resubmit(t, after, at("2026-03-05 09:00:00"), all(5), false)
	p.resubmit(t, first, at("2026-03-06 09:00:00"), all(1), false)

	windows := []struct {
		from, to              string
		sent, answered, resps int64
		rate                  float64
	}{
		{"2026-03-02", "2026-03-04", 3, 2, 3, 2.0 / 3}, // three answers in it, but two of its three invitations
		{"2026-03-01", "2026-03-01", 2, 2, 0, 1},       // no answers in it, both its invitations answered
		{"2026-03-05", "2026-03-06", 1, 1, 2, 1},
		{"2026-03-07", "2026-03-08", 0, 0, 0, 0},
	}
	score := func() []surveys.Figures {
		var out []surveys.Figures
		for _, w := range windows {
			d, err := p.svc.Scores.ScoreRep(p.ctx, p.rep.ID, surveys.Window{From: day(w.from), To: day(w.to)})
			if err != nil {
				t.Fatal(err)
			}
			f := d.Figures
			if f.Sent != w.sent || f.Answered != w.answered || f.Responses != w.resps || f.ResponseRate != w.rate {
				t.Errorf("%s–%s: sent %d, answered %d, responses %d, rate %v; want %d, %d, %d, %v", w.from, w.to,
					f.Sent, f.Answered, f.Responses, f.ResponseRate, w.sent, w.answered, w.resps, w.rate)
			}
			out = append(out, f)
		}
		return out
	}
	before := score()
	if err := p.svc.Scores.RebuildRollups(p.ctx, nil); err != nil {
		t.Fatal(err)
	}
	if after := score(); !reflect.DeepEqual(after, before) {
		t.Errorf("figures after a rebuild:\n%+v\nwant\n%+v", after, before)
	}
}
