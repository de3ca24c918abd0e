package surveys

import (
	"context"
	"time"
)

// batch holds what a batch of delivery jobs refers to, loaded with one
// query per kind of row, and the orgs, reps and templates met so far.
type batch struct {
	invs      map[int64]*Invitation // by id
	buyers    map[int64]*Buyer      // by id
	orgs      map[int64]*Org
	reps      map[int64]*Rep
	templates map[int64]*TemplateVersion
	now       time.Time // the batch's time, for events it queues
}

// loadBatch loads the invitations of jobs, their buyers and their reps.
// ENOTFOUND when a job's invitation is gone.
func loadBatch(ctx context.Context, tx workerStore, jobs []*Job) (*batch, error) {
	b := &batch{invs: map[int64]*Invitation{}, buyers: map[int64]*Buyer{}, orgs: map[int64]*Org{},
		reps: map[int64]*Rep{}, templates: map[int64]*TemplateVersion{}}
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.Ref
	}
	invs, err := tx.FindInvitationsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	buyerIDs := make([]int64, len(invs))
	repIDs := map[int64][]int64{} // by org
	for i, inv := range invs {
		b.invs[inv.ID], buyerIDs[i] = inv, inv.BuyerID
		repIDs[inv.OrgID] = append(repIDs[inv.OrgID], inv.RepID)
	}
	for _, j := range jobs {
		if inv := b.invs[j.Ref]; inv == nil || inv.OrgID != j.OrgID {
			return nil, Errorf(ENOTFOUND, "", "invitation %d of job %d", j.Ref, j.ID)
		}
	}
	buyers, err := tx.FindBuyersByID(ctx, buyerIDs)
	if err != nil {
		return nil, err
	}
	for _, by := range buyers {
		b.buyers[by.ID] = by
	}
	for org, ids := range repIDs {
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: org, IDs: ids, Page: Page{Limit: -1}})
		if err != nil {
			return nil, err
		}
		for _, r := range reps {
			b.reps[r.ID] = r
		}
	}
	return b, nil
}

func (b *batch) org(ctx context.Context, tx workerStore, id int64) (*Org, error) {
	if o, ok := b.orgs[id]; ok {
		return o, nil
	}
	o, err := tx.FindOrgByID(ctx, id)
	b.orgs[id] = o
	return o, err
}

func (b *batch) rep(id int64) (*Rep, error) {
	if r, ok := b.reps[id]; ok {
		return r, nil
	}
	return nil, Errorf(ENOTFOUND, "", "rep %d", id)
}

func (b *batch) template(ctx context.Context, tx workerStore, id int64) (*TemplateVersion, error) {
	if t, ok := b.templates[id]; ok {
		return t, nil
	}
	t, err := tx.FindTemplateVersion(ctx, id)
	b.templates[id] = t
	return t, err
}
