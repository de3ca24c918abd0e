package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"trustcard/surveys"
)

func TestResponseList(t *testing.T) {
	runPipeline(t, []pipelineTest{
		{"ScopedToViewerWithBuyerNamesAsAllowed", testResponsesScoped},
		{"FilteredByQuestionBandAndComment", testResponseFilters},
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

// The feed narrows to a question's low or high answers, to low or high
// trust values, and to responses with a comment.
func testResponseFilters(t *testing.T, p *pipeline) {
	for i, a := range []surveys.Answer{
		{Ratings: map[string]int{"understood": 1, "diagnosed": 2, "recommend": 3}, Comment: "did not listen"}, // trust 12.5
		{Ratings: map[string]int{"understood": 5, "diagnosed": 4, "recommend": 10}},                           // trust 87.5
		{Ratings: map[string]int{"understood": 3, "prepared": 3, "recommend": 8}, Comment: "fine"},            // trust 50
		{Ratings: map[string]int{"recommend": 9}, Comment: "no trust answers"},
	} {
		p.posted++
		p.clock.now = day("2026-03-02").Add(time.Duration(10+i) * time.Hour)
		res, err := p.post(t, fmt.Sprint("f", i), fmt.Sprintf("f%d@b.test", i), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		p.send(t, res.Invitation.ID)
		if _, err := p.svc.Buyers.SubmitResponse(ctx, surveys.InvitationToken(p.org.Secret, res.Invitation.ID), a); err != nil {
			t.Fatal(err)
		}
	}
	w := surveys.Window{From: day("2026-03-01"), To: day("2026-03-10")}
	for _, tt := range []struct {
		name string
		f    surveys.ResponseFilter
		want []string // comments, newest first
	}{
		{"All", surveys.ResponseFilter{}, []string{"no trust answers", "fine", "", "did not listen"}},
		{"WithComments", surveys.ResponseFilter{Comments: true}, []string{"no trust answers", "fine", "did not listen"}},
		{"WithCommentsUncounted", surveys.ResponseFilter{Comments: true, NoTotal: true, Page: surveys.Page{Limit: 2}}, []string{"no trust answers", "fine"}},
		{"UnderstoodLow", surveys.ResponseFilter{Question: "understood", Band: surveys.BandLow}, []string{"did not listen"}},
		{"UnderstoodHigh", surveys.ResponseFilter{Question: "understood", Band: surveys.BandHigh}, []string{""}},
		{"UnderstoodAnswered", surveys.ResponseFilter{Question: "understood"}, []string{"fine", "", "did not listen"}},
		{"RecommendLowIsDetractors", surveys.ResponseFilter{Question: "recommend", Band: surveys.BandLow}, []string{"did not listen"}},
		{"RecommendHighIsPromoters", surveys.ResponseFilter{Question: "recommend", Band: surveys.BandHigh}, []string{"no trust answers", ""}},
		{"TrustLowBelowNeither", surveys.ResponseFilter{Band: surveys.BandLow}, []string{"did not listen"}},
		{"TrustHigh", surveys.ResponseFilter{Band: surveys.BandHigh, Comments: true}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := p.svc.Scores.FindResponses(p.ctx, w, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var comments []string
			for _, r := range got {
				comments = append(comments, r.Comment)
			}
			want := len(tt.want)
			if tt.f.NoTotal {
				want = -1
			}
			if total != want || !slices.Equal(comments, tt.want) {
				t.Errorf("comments = %q (total %d), want %q", comments, total, tt.want)
			}
		})
	}
	for _, bad := range []surveys.ResponseFilter{{Question: "nope"}, {Band: "middling"}, {Question: "comment", Band: surveys.BandLow}} {
		if _, _, err := p.svc.Scores.FindResponses(p.ctx, w, bad); surveys.ErrorCode(err) != surveys.EINVALID {
			t.Errorf("filter %+v: %v, want EINVALID", bad, err)
		}
	}
}
