package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/store/storetest"
)

// A rep's card counts the funnel of the window's interactions and shows
// the newest comments, naming only buyers who agreed.
func TestRepCardData(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			p := newPipeline(t, storetest.MustOpen(t, driver))
			answer := func(ext, buyer, name string, share bool, comment string) {
				res, err := p.svc.Delivery.RecordInteraction(p.ctx, surveys.NewInteraction{ExternalID: ext, Rep: "r1",
					Buyer: surveys.Buyer{Email: buyer, Name: name}, OccurredAt: p.clock.now.Add(-3 * time.Hour), Kind: "meeting"})
				if err != nil {
					t.Fatal(err)
				}
				if res.Invitation.Status == surveys.InvitationSuppressed || comment == "" {
					return
				}
				p.send(t, res.Invitation.ID)
				p.clock.now = p.clock.now.Add(time.Minute)
				token := surveys.InvitationToken(p.org.Secret, res.Invitation.ID)
				a := surveys.Answer{Ratings: map[string]int{"understood": 5}, Comment: comment, ShareName: share}
				if _, err := p.svc.Buyers.SubmitResponse(ctx, token, a); err != nil {
					t.Fatal(err)
				}
			}
			answer("i1", "zoe@buyer.test", "Zoë Łukasiewicz", true, "great call 👍")
			answer("i2", "jose@buyer.test", "José Müller", false, "=HYPERLINK(\"x\")")
			answer("i3", "zoe@buyer.test", "Zoë Łukasiewicz", false, "") // throttled
			answer("i4", "dima@buyer.test", "Дмитрий Орлов", false, "")  // scheduled, not sent
			w := surveys.Window{From: p.clock.now.AddDate(0, 0, -7), To: p.clock.now}
			c, err := p.svc.Scores.RepCard(p.ctx, p.rep.ID, w)
			if err != nil {
				t.Fatal(err)
			}
			f := c.Funnel
			if f.Interactions != 4 || f.Invited != 2 || f.Answered != 2 || f.Pending != 1 || f.Suppressed[surveys.ReasonThrottled] != 1 {
				t.Errorf("funnel = %+v, want 4 interactions, 2 sent, 2 answered, 1 pending, 1 throttled", f)
			}
			if len(c.Comments) != 2 {
				t.Fatalf("got %d comments, want 2", len(c.Comments))
			}
			if got := c.Comments[0]; got.Text != "=HYPERLINK(\"x\")" || got.Buyer != "" {
				t.Errorf("newest comment = %+v, want José's, anonymous", got)
			}
			if got := c.Comments[1]; got.Text != "great call 👍" || got.Buyer != "Zoë Łukasiewicz" {
				t.Errorf("older comment = %+v, want Zoë's, named", got)
			}
			if c.Detail.Figures.N != 2 || c.PaperSize != "A4" || len(c.Questions) != 5 {
				t.Errorf("card n=%d paper=%q questions=%d, want 2, A4, 5", c.Detail.Figures.N, c.PaperSize, len(c.Questions))
			}
			old, err := p.svc.Scores.RepCard(p.ctx, p.rep.ID, w.Previous())
			if err != nil {
				t.Fatal(err)
			}
			if old.Funnel.Interactions != 0 || len(old.Comments) != 0 || old.Detail.Figures.HasScore {
				t.Errorf("previous window card = %+v, want empty", old.Funnel)
			}
		})
	}
}

// The cards of a ZIP come in the order asked for, however many are read at
// once and across the batches the reps are read in; a rep that does not
// exist stops them at its place with ENOTFOUND.
func TestRepCardsInOrder(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			p := newPipeline(t, storetest.MustOpen(t, driver))
			ids := []int64{p.rep.ID}
			for i := range 229 {
				r, _, err := p.svc.Directory.UpsertRep(p.ctx, surveys.RepInput{ExternalID: fmt.Sprintf("r%d", i+2),
					Name: fmt.Sprintf("Rep %d", i+2), Email: fmt.Sprintf("rep%d@acme.test", i+2), Active: true})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, r.ID)
			}
			slices.Reverse(ids)
			ids = slices.Insert(ids, 205, 1<<40) // no such rep
			w := surveys.Window{From: p.clock.now.AddDate(0, 0, -7), To: p.clock.now}
			var got []int64
			var err error
			for c, e := range p.svc.Scores.RepCards(p.ctx, ids, w) {
				if err = e; err != nil {
					break
				}
				got = append(got, c.Detail.Rep.ID)
			}
			if !slices.Equal(got, ids[:205]) {
				t.Errorf("cards of reps %v…, want %v…", got[:min(5, len(got))], ids[:5])
			}
			if surveys.ErrorCode(err) != surveys.ENOTFOUND {
				t.Errorf("after the cards: %v, want ENOTFOUND", err)
			}
		})
	}
}
