package surveys

import (
	"context"
	"time"
)

// saveCRMDiagnosis validates and stores the diagnosis posted with a new
// interaction; nil when none was posted. EINVALID naming
// "diagnosis.category" (an unknown category) or "diagnosis.note".
func saveCRMDiagnosis(ctx context.Context, tx DiagnosisStore, org *Org, in *Interaction, d *DiagnosisInput, now time.Time) (*Diagnosis, error) {
	if d == nil {
		return nil, nil
	}
	if err := d.validate("diagnosis", org.Settings.Diagnosis); err != nil {
		return nil, err
	}
	diag := &Diagnosis{InteractionID: in.ID, OrgID: in.OrgID, RepID: in.RepID, Category: d.Category, Note: d.Note,
		Source: DiagnosisFromCRM, EnteredAt: now}
	return diag, tx.SaveDiagnosis(ctx, diag)
}

// findDiagnosis is in's diagnosis, or nil.
func findDiagnosis(ctx context.Context, tx DiagnosisStore, in *Interaction) (*Diagnosis, error) {
	d, err := tx.FindDiagnosis(ctx, in.OrgID, in.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	return d, err
}

// EnterDiagnosis records the signed-in rep's diagnosis of one of their own
// interactions, within DiagnosisWindow of the meeting. A diagnosis entered
// after the buyer answered is kept but does not count; one that counted
// cannot be changed after the buyer answered. ENOTFOUND (not an interaction
// the actor may see), EFORBIDDEN (not the rep who held it, or the window is
// over), EINVALID (category, note), ECONFLICT (the counted one would change).
func (d *Delivery) EnterDiagnosis(ctx context.Context, interactionID int64, in DiagnosisInput) (*Diagnosis, error) {
	a, v, err := readerVisibility(ctx, d.store, ScopeRead)
	if err != nil {
		return nil, err
	}
	now := d.clock.Now().Truncate(time.Microsecond)
	var out *Diagnosis
	err = d.inTx(ctx, func(tx deliveryStore) error {
		it, err := tx.FindInteraction(ctx, v.OrgID, interactionID)
		if err == nil {
			_, err = findRep(ctx, tx, v, it.RepID)
		}
		if err != nil {
			return Errorf(ENOTFOUND, "interaction", "no interaction %d", interactionID)
		}
		if err := mayDiagnose(a, it, now); err != nil {
			return err
		}
		org, err := tx.FindOrgByID(ctx, v.OrgID)
		if err != nil {
			return err
		}
		if err := in.validate("diagnosis", org.Settings.Diagnosis); err != nil {
			return err
		}
		if err := keepsCountedDiagnosis(ctx, tx, it); err != nil {
			return err
		}
		out = &Diagnosis{InteractionID: it.ID, OrgID: it.OrgID, RepID: it.RepID, Category: in.Category, Note: in.Note,
			Source: DiagnosisFromRep, EnteredAt: now}
		return tx.SaveDiagnosis(ctx, out)
	})
	return out, err
}

// mayDiagnose allows only the rep who held the meeting, signed in, within
// DiagnosisWindow of it.
func mayDiagnose(a *Actor, it *Interaction, now time.Time) error {
	if a.IsKey() || a.RepID != it.RepID {
		return Errorf(EFORBIDDEN, "interaction", "only the rep who held the meeting may enter its diagnosis here; the CRM sends it with the interaction")
	}
	if end := it.OccurredAt.Add(DiagnosisWindow); now.After(end) {
		return Errorf(EFORBIDDEN, "interaction", "a diagnosis may be entered up to 48 hours after the meeting; that ended %s", end.UTC().Format(time.RFC3339))
	}
	return nil
}

// keepsCountedDiagnosis refuses to change a diagnosis that already counts
// against the buyer's answer.
func keepsCountedDiagnosis(ctx context.Context, tx deliveryStore, it *Interaction) error {
	prev, err := findDiagnosis(ctx, tx, it)
	if err != nil || prev == nil {
		return err
	}
	inv, err := tx.FindInvitationByInteraction(ctx, it.ID)
	var r *Response
	if err == nil {
		r, err = tx.FindResponseByInvitation(ctx, inv.ID)
	}
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if !r.Provisional && prev.Counts(r.SubmittedAt) {
		return Errorf(ECONFLICT, "diagnosis", "the buyer has answered: the diagnosis entered before their answer stands")
	}
	return nil
}

// RecentMeetings returns the signed-in rep's own interactions of the last
// DiagnosisWindow, each with its diagnosis, for the form where they enter
// it. Any other actor gets none.
func (d *Delivery) RecentMeetings(ctx context.Context) ([]RecentInteraction, error) {
	a, err := authorize(ctx, ScopeRead)
	if err != nil {
		return nil, err
	}
	if a.IsKey() || a.RepID == 0 {
		return nil, nil
	}
	return d.store.RecentInteractions(ctx, a.OrgID, a.RepID, d.clock.Now().Add(-DiagnosisWindow))
}

// DiagnosisPairs returns a rep's latest pairs in the window, newest first,
// at most limit, with the org's categories to label them. Needs ScopeRead;
// ENOTFOUND for a rep not the actor's.
func (s *Scores) DiagnosisPairs(ctx context.Context, repID int64, w Window, limit int) ([]DiagnosisPair, DiagnosisCategories, error) {
	_, v, err := readerVisibility(ctx, s.store, ScopeRead)
	if err != nil {
		return nil, nil, err
	}
	rep, err := findRep(ctx, s.store, v, repID)
	if err != nil {
		return nil, nil, err
	}
	org, err := s.store.FindOrgByID(ctx, v.OrgID)
	if err != nil {
		return nil, nil, err
	}
	from, to := w.Instants(org.Settings.TimeZone)
	pairs, err := s.store.DiagnosisPairs(ctx, DiagnosisPairFilter{OrgID: org.ID, RepIDs: []int64{rep.ID}, From: from, To: to, Limit: limit})
	return pairs, org.Settings.Diagnosis, err
}

// answerProblem stores the buyer's answer to the problem question with r
// and returns what it changes in the rollups: the pair of prev taken away,
// the pair of r added once r counts. p was validated.
func answerProblem(ctx context.Context, tx buyersStore, inv *Invitation, org *Org, prev, r *Response, p BuyerProblem) ([]RollupDelta, error) {
	if prev == nil && p.Empty() { // a first answer without the question: nothing stored, no pair
		return nil, nil
	}
	diag, err := tx.FindDiagnosis(ctx, inv.OrgID, inv.InteractionID)
	if ErrorCode(err) == ENOTFOUND {
		diag, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	tz := org.Settings.TimeZone
	var out []RollupDelta
	if prev != nil && !prev.Provisional {
		old, err := tx.FindBuyerProblem(ctx, prev.OrgID, prev.ID)
		if err != nil {
			return nil, err
		}
		out = diagnosisDeltas(prev, diag, old, tz, -1)
	}
	if err := tx.SaveBuyerProblem(ctx, r.OrgID, r.ID, p); err != nil {
		return nil, err
	}
	if !r.Provisional {
		out = append(out, diagnosisDeltas(r, diag, p, tz, 1)...)
	}
	return out, nil
}

// rebuildDiagnosis adds the pairs of reps to cells, as answers added them.
func rebuildDiagnosis(ctx context.Context, tx scoresStore, org *Org, reps []int64, cells *RollupCells) error {
	pairs, err := tx.DiagnosisPairs(ctx, DiagnosisPairFilter{OrgID: org.ID, RepIDs: reps})
	if err != nil {
		return err
	}
	for _, p := range pairs {
		r := &Response{OrgID: org.ID, RepID: p.Rep.RepID, TeamID: p.TeamID, SubmittedAt: p.AnsweredAt}
		rep := p.Rep
		cells.Add(diagnosisDeltas(r, &rep, p.Buyer, org.Settings.TimeZone, 1)...)
	}
	return nil
}

// CardDiagnosis is what a rep's card shows besides the figure: the latest
// pairs and the categories to label them.
type CardDiagnosis struct {
	Pairs      []DiagnosisPair // newest first, at most MaxCardPairs
	Categories DiagnosisCategories
}

// MaxCardPairs is how many pairs a card shows.
const MaxCardPairs = 5

// cardDiagnosis reads the latest pairs of rep in the card's period.
func cardDiagnosis(ctx context.Context, st DiagnosisStore, org *Org, repID int64, q ReportQuery) (CardDiagnosis, error) {
	pairs, err := st.DiagnosisPairs(ctx, DiagnosisPairFilter{OrgID: org.ID, RepIDs: []int64{repID}, From: q.From, To: q.To, Limit: MaxCardPairs})
	return CardDiagnosis{Pairs: pairs, Categories: org.Settings.Diagnosis}, err
}
