package surveys

import (
	"context"
	"errors"
	"time"
)

// BatchFacts are what a BatchRecorder read for a batch of new
// interactions, in one snapshot; the slices run parallel to the queries.
type BatchFacts struct {
	Org               *Org
	TemplateVersionID int64    // the org's survey; 0: none yet
	Taken             []bool   // the org has an interaction with the item's external id
	Reps              []*Rep   // nil: no rep has the item's reference
	Buyers            []*Buyer // as stored; nil where the item is taken or has no rep
	InteractionIDs    []int64  // reserved where Buyers is set
	InvitationIDs     []int64  // reserved where Buyers is set
}

// BatchRecorder is a store that records many new interactions in a few
// round trips: RecordNewInteractions reads the facts of every item at
// once, storing the buyers of items that have a rep and a free external
// id (locking their rows in the order of their email hashes), lets
// decide plan the rows by the rules, and writes them all, in one
// transaction. decide returns one entry per query, nil for an item not
// written. An error from decide rolls everything back and is returned;
// two batches writing one external id at once: ECONFLICT.
type BatchRecorder interface {
	InteractionRecorder
	RecordNewInteractions(ctx context.Context, orgID int64, qs []InteractionQuery, decide func(*BatchFacts) ([]*InteractionRows, error)) error
}

// BatchItem is what recording one item of a batch did: Result, or Err.
type BatchItem struct {
	Result *InteractionResult
	Err    error
}

// errNoSurvey: the org has no survey yet, which the general path creates.
var errNoSurvey = errors.New("the org has no survey yet")

// RecordInteractions records a batch of interactions as RecordInteraction
// would record them one after the other, and returns each item's result.
// Plain new interactions are recorded together in one transaction; the
// others (repeats, an external id or buyer an earlier item has too, a
// diagnosis or outcome, a suppressed invitation, the org's first survey)
// one by one after them, which leaves every result as it would be. Each
// transaction gets a database deadline of timeout (0: none) of its own.
// The error fails the whole batch: EUNAUTHORIZED, EFORBIDDEN,
// EUNAVAILABLE, or an internal error.
func (d *Delivery) RecordInteractions(ctx context.Context, items []NewInteraction, timeout time.Duration) ([]BatchItem, error) {
	a, err := authorize(ctx, ScopeInteractions)
	if err != nil {
		return nil, err
	}
	out := make([]BatchItem, len(items))
	done := make([]bool, len(items))
	if br, ok := d.store.(BatchRecorder); ok && br.QuickInteractions() {
		if err := d.recordBulk(ctx, br, a.OrgID, items, timeout, out, done); err != nil {
			return nil, err
		}
	}
	for i, n := range items {
		if done[i] {
			continue
		}
		res, err := d.recordOne(ctx, n, timeout)
		if err := batchFailure(err); err != nil {
			return nil, err
		}
		out[i] = BatchItem{Result: res, Err: err}
	}
	return out, nil
}

// recordOne records one item by RecordInteraction, within a deadline of
// its own, keeping the request's actor.
func (d *Delivery) recordOne(ctx context.Context, n NewInteraction, timeout time.Duration) (*InteractionResult, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), timeout)
		defer cancel()
	}
	return d.RecordInteraction(ctx, n)
}

// batchFailure is err when it fails a whole batch rather than one item.
func batchFailure(err error) error {
	switch ErrorCode(err) {
	case EUNAUTHORIZED, EFORBIDDEN, EUNAVAILABLE, EINTERNAL:
		return err
	}
	return nil
}

// recordBulk records the batch's plain new interactions together and
// marks them done in done, with their results (or their own errors) in
// out. Until the org has a survey, the first item left is recorded by
// the general path, which creates it.
func (d *Delivery) recordBulk(ctx context.Context, br BatchRecorder, orgID int64, items []NewInteraction, timeout time.Duration, out []BatchItem, done []bool) error {
	now := d.clock.Now()
	for {
		idx, ns := bulkCandidates(items, done, now)
		if len(idx) == 0 {
			return nil
		}
		err := retryConflicts(func() error { return d.bulkOnce(ctx, br, orgID, idx, ns, now, timeout, out, done) })
		switch {
		case err == nil || ErrorCode(err) == ECONFLICT: // the rest go one by one
			return nil
		case !errors.Is(err, errNoSurvey):
			return err
		}
		first := firstLeft(done)
		res, err := d.recordOne(ctx, items[first], timeout)
		if err := batchFailure(err); err != nil {
			return err
		}
		out[first], done[first] = BatchItem{Result: res, Err: err}, true
	}
}

// firstLeft is the index of the first item not done.
func firstLeft(done []bool) int {
	for i, ok := range done {
		if !ok {
			return i
		}
	}
	return len(done)
}

// bulkCandidates are the indexes of the items not done that may be
// recorded together, and those items normalized by Validate (the items
// themselves stay as posted): valid, with neither diagnosis nor outcome,
// and with an external id and a buyer that no earlier item has, so that no
// item depends on another recorded after it.
func bulkCandidates(items []NewInteraction, done []bool, now time.Time) (idx []int, ns []NewInteraction) {
	seenIDs, seenBuyers := map[string]bool{}, map[string]bool{}
	for i := range items {
		n := items[i]
		if done[i] || n.Validate(now) != nil {
			continue
		}
		hash := EmailHash(n.Buyer.Email)
		if !seenIDs[n.ExternalID] && !seenBuyers[hash] && n.Diagnosis == nil && n.Outcome == "" {
			idx, ns = append(idx, i), append(ns, n)
		}
		seenIDs[n.ExternalID], seenBuyers[hash] = true, true
	}
	return idx, ns
}

// bulkOnce records the items at idx, normalized in ns, in one transaction of br, by the
// rules recordQuickly applies to one. Items that turn out not to be plain
// (a stored external id, a suppressed invitation) are left for the
// general path; an unknown rep is the item's own error.
func (d *Delivery) bulkOnce(ctx context.Context, br BatchRecorder, orgID int64, idx []int, ns []NewInteraction, now time.Time, timeout time.Duration, out []BatchItem, done []bool) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), timeout)
		defer cancel()
	}
	qs := make([]InteractionQuery, len(idx))
	for k := range idx {
		b := ns[k].Buyer
		b.OrgID, b.EmailHash, b.CreatedAt = orgID, EmailHash(b.Email), now
		qs[k] = InteractionQuery{OrgID: orgID, ExternalID: ns[k].ExternalID, RepRef: ns[k].Rep, RepEmail: NormalizeEmail(ns[k].Rep), Buyer: &b}
	}
	got := make([]BatchItem, len(idx))
	err := br.RecordNewInteractions(ctx, orgID, qs, func(f *BatchFacts) ([]*InteractionRows, error) {
		if f.TemplateVersionID == 0 {
			return nil, errNoSurvey
		}
		rows := make([]*InteractionRows, len(idx))
		for k := range idx {
			rows[k], got[k] = decideItem(f, k, &ns[k], now)
		}
		return rows, nil
	})
	if err != nil {
		return err
	}
	for k, i := range idx {
		if got[k].Result != nil || got[k].Err != nil {
			out[i], done[i] = got[k], true
		}
	}
	return nil
}

// decideItem plans item k of a batch from the facts: its rows and result,
// its own error, or neither when the general path is to record it.
func decideItem(f *BatchFacts, k int, n *NewInteraction, now time.Time) (*InteractionRows, BatchItem) {
	rep := f.Reps[k]
	switch {
	case f.Taken[k]:
		return nil, BatchItem{}
	case rep == nil:
		return nil, BatchItem{Err: Errorf(EINVALID, "rep", "no rep has the external_id or email %q", n.Rep)}
	}
	rows, res := planNew(f.Org, f.TemplateVersionID, rep, f.Buyers[k], f.InteractionIDs[k], f.InvitationIDs[k], n, now)
	if rows == nil {
		return nil, BatchItem{} // suppressed: the general path records it
	}
	return rows, BatchItem{Result: res}
}
