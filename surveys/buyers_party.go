package surveys

import "context"

// party is an invitation's buyer and rep as one answer reads them: each
// at most once, however many of the answer's steps need them.
type party struct {
	inv   *Invitation
	buyer *Buyer
	rep   *Rep
}

// partyReader is what a party is read from.
type partyReader interface {
	FindBuyerByID(ctx context.Context, orgID, id int64) (*Buyer, error)
	FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error)
}

// buyerOf returns the invitation's buyer.
func (p *party) buyerOf(ctx context.Context, tx partyReader) (*Buyer, error) {
	if p.buyer == nil {
		b, err := tx.FindBuyerByID(ctx, p.inv.OrgID, p.inv.BuyerID)
		if err != nil {
			return nil, err
		}
		p.buyer = b
	}
	return p.buyer, nil
}

// repOf returns the invitation's rep. ENOTFOUND.
func (p *party) repOf(ctx context.Context, tx partyReader) (*Rep, error) {
	if p.rep == nil {
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: p.inv.OrgID, IDs: []int64{p.inv.RepID}, Page: Page{Limit: -1}})
		if err != nil || len(reps) != 1 {
			return nil, Errorf(ENOTFOUND, "", "rep %d of invitation %d: %v", p.inv.RepID, p.inv.ID, err)
		}
		p.rep = reps[0]
	}
	return p.rep, nil
}
