package store_test

import (
	"slices"
	"testing"
	"time"

	"trustcard/surveys"
)

func TestResponseList(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"ScopedToViewerWithBuyerNamesAsAllowed", testResponsesScoped},
	})
}

// A rep sees their own responses, a leader those counted toward their
// teams, an admin all; only reps miss the buyers who did not share their
// name with them.
func testResponsesScoped(t *testing.T, p *pipeline) {
	leader := &surveys.User{Email: "lee@acme.test", Role: surveys.RoleLeader}
	if _, err := p.svc.Directory.CreateUser(p.ctx, leader); err != nil {
		t.Fatal(err)
	}
	east := &surveys.Team{Name: "East", LeaderIDs: []int64{leader.ID}}
	if err := p.svc.Directory.CreateTeam(p.ctx, east); err != nil {
		t.Fatal(err)
	}
	ann := p.newRep(t, "anna", "East")
	at := day("2026-03-02").Add(10 * time.Hour)
	for i, r := range []struct {
		rep   string
		share bool
	}{{"anna", true}, {"anna", false}, {"r1", true}} {
		p.posted++
		p.clock.now = at.Add(time.Duration(i) * time.Hour)
		res, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: r.rep + string(rune('a'+i)), Rep: r.rep,
			Buyer:      surveys.Buyer{Email: r.rep + string(rune('a'+i)) + "@b.test", Name: "Buyer " + string(rune('A'+i)), Company: "Co"},
			OccurredAt: p.clock.now.Add(-time.Hour), Kind: "meeting"})
		if err != nil {
			t.Fatal(err)
		}
		p.send(t, res.Invitation.ID)
		token := surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
		if _, err := p.svc.Buyers.SubmitResponse(ctx, token, surveys.Answer{Ratings: all(4), ShareName: r.share}); err != nil {
			t.Fatal(err)
		}
	}
	w := surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")}
	for _, tt := range []struct {
		name  string
		actor surveys.Actor
		want  []string // buyer names newest first; "" where hidden
	}{
		{"Admin", surveys.Actor{OrgID: p.org.ID, UserID: 99, Role: surveys.RoleAdmin}, []string{"Buyer C", "Buyer B", "Buyer A"}},
		{"Leader", surveys.Actor{OrgID: p.org.ID, UserID: leader.ID, Role: surveys.RoleLeader}, []string{"Buyer B", "Buyer A"}},
		{"Rep", surveys.Actor{OrgID: p.org.ID, UserID: 98, Role: surveys.RoleRep, RepID: ann.ID}, []string{"", "Buyer A"}},
		{"OtherRep", surveys.Actor{OrgID: p.org.ID, UserID: 97, Role: surveys.RoleRep, RepID: p.rep.ID}, []string{"Buyer C"}},
		{"OtherOrg", surveys.Actor{OrgID: p.org.ID + 1, KeyID: 5, Role: surveys.RoleAdmin, Scopes: surveys.AllScopes}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := surveys.NewContextWithActor(ctx, &tt.actor)
			got, total, err := p.svc.Scores.FindResponses(ctx, w, surveys.ResponseFilter{})
			if tt.name == "OtherOrg" {
				if surveys.ErrorCode(err) != surveys.ENOTFOUND && (err != nil || total != 0) {
					t.Errorf("another org got %d responses, %v", total, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range got {
				names = append(names, r.BuyerName)
				if r.BuyerName == "" && r.BuyerCompany != "" {
					t.Errorf("company %q shown without the name", r.BuyerCompany)
				}
			}
			if total != len(tt.want) || !slices.Equal(names, tt.want) {
				t.Errorf("buyers = %q (total %d), want %q", names, total, tt.want)
			}
		})
	}
}
