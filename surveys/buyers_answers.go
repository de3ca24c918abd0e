package surveys

import (
	"context"
	"time"
)

// Answer is what a buyer submits from the survey page.
type Answer struct {
	Ratings   map[string]int // question key → rating or scale value
	Comment   string
	ShareName bool
	// Provisional marks a rating tapped in the email and saved by the page
	// before the buyer sends the form: it is kept, but counts in no score
	// and does not make the invitation answered, since a link scanner that
	// runs scripts could have saved it.
	Provisional bool
	Client      Client       // the browser that sent it, for the integrity checks
	Problem     BuyerProblem // what the buyer was mainly trying to solve; empty: skipped
}

// SubmitResponse records the buyer's answers to the invitation with token,
// replacing earlier answers, while the link is valid. The token is the
// buyer's credential; there is no actor. ENOTFOUND (unknown token),
// EINVALID (unknown question, out of range, comment too long), ECONFLICT
// (expired or not sent).
func (b *Buyers) SubmitResponse(ctx context.Context, token string, a Answer) (*Response, error) {
	now := b.clock.Now()
	var out *Response
	err := b.inTx(ctx, func(tx buyersStore) error {
		inv, err := tx.FindInvitationByToken(ctx, HashSecret(token))
		if err != nil {
			return Errorf(ENOTFOUND, "", "this survey link is not known")
		}
		if !inv.Answerable(now) {
			return Errorf(ECONFLICT, "", "this survey link has expired")
		}
		org, prev, err := orgAndAnswers(ctx, tx, inv)
		if err != nil {
			return err
		}
		out, err = saveAnswer(ctx, tx, &party{inv: inv}, org, prev, a, now)
		return err
	})
	return out, err
}

// saveAnswer validates a and stores it as the response to p's
// invitation, replacing the earlier answers prev (nil: none), with the
// score rollups and the invitation, in tx.
func saveAnswer(ctx context.Context, tx buyersStore, p *party, org *Org, prev *Response, a Answer, now time.Time) (*Response, error) {
	inv := p.inv
	tv, err := tx.FindTemplateVersion(ctx, inv.TemplateVersionID)
	if err != nil {
		return nil, err
	}
	if err := a.Problem.validate(org.Settings.Diagnosis); err != nil {
		return nil, err
	}
	trust, err := checkAnswer(tv, &a)
	if err != nil {
		return nil, err
	}
	if a.Provisional && prev != nil && !prev.Provisional {
		return prev, nil // answers the buyer sent stand
	}
	in, err := tx.FindInteraction(ctx, inv.OrgID, inv.InteractionID)
	if err != nil {
		return nil, err
	}
	tz := org.Settings.TimeZone
	var deltas []RollupDelta
	if prev != nil && !prev.Provisional {
		deltas = append(responseDeltas(prev, prev.TrustValue, tv, tz, -1), outcomeDeltas(prev, prev.TrustValue, in.Outcome, tz, -1)...)
	}
	r := &Response{OrgID: inv.OrgID, InvitationID: inv.ID, RepID: inv.RepID, TeamID: inv.TeamID, BuyerID: inv.BuyerID,
		Answers: a.Ratings, Comment: a.Comment, ShareName: a.ShareName, Provisional: a.Provisional, Locale: inv.Locale,
		SubmittedAt: now, UpdatedAt: now}
	if prev != nil {
		r.ID = prev.ID
		if !prev.Provisional { // a response counts on the day it was first sent
			r.SubmittedAt = prev.SubmittedAt
		}
	}
	flagged, err := checkIntegrity(ctx, tx, p, org, prev, r, a.Client, now)
	if err != nil {
		return nil, err
	}
	deltas = append(deltas, flagged...)
	if err := tx.SaveResponse(ctx, r, trust); err != nil {
		return nil, err
	}
	r.TrustValue = trust
	pairs, err := answerProblem(ctx, tx, inv, org, prev, r, a.Problem)
	if err != nil {
		return nil, err
	}
	deltas = append(deltas, pairs...)
	if a.Provisional {
		return r, markOpened(ctx, tx, inv, now)
	}
	inv.Status, inv.AnsweredAt = InvitationAnswered, now
	if err := tx.UpdateInvitation(ctx, inv); err != nil {
		return nil, err
	}
	// Scores read rollups: they change in the same transaction as the
	// answers, last, because answers to one team wait on its totals.
	if err := emitResponse(ctx, tx, r, prev != nil && !prev.Provisional, now); err != nil {
		return nil, err
	}
	if len(r.ExcludedBy) == 0 { // an excluded response is not the buyer's word on the rep
		if err := raiseAlert(ctx, tx, org, tv, r, prev == nil || prev.Provisional, now); err != nil {
			return nil, err
		}
	}
	deltas = append(deltas, responseDeltas(r, trust, tv, tz, 1)...)
	deltas = append(deltas, outcomeDeltas(r, trust, in.Outcome, tz, 1)...)
	if prev == nil || prev.Provisional { // first answered now
		deltas = append(deltas, AnsweredDelta(inv, tz)...)
	}
	return r, tx.ApplyRollups(ctx, deltas)
}

// checkAnswer validates a against the survey version and returns the
// response's trust value (nil when no trust item was answered).
func checkAnswer(tv *TemplateVersion, a *Answer) (*float64, error) {
	for key, v := range a.Ratings {
		q, ok := tv.Question(key)
		if !ok || q.Kind == KindText {
			return nil, Errorf(EINVALID, "answers."+key, "no such question")
		}
		if v == 0 && q.NotApplicable {
			continue // "it didn't come up"
		}
		if lo, hi := q.Range(); v < lo || v > hi {
			return nil, Errorf(EINVALID, "answers."+key, "must be between %d and %d", lo, hi)
		}
	}
	if err := checkText("comment", &a.Comment, MaxCommentLen, false, true); err != nil {
		return nil, err
	}
	if len(a.Ratings) == 0 && a.Comment == "" && a.Problem.Empty() {
		return nil, Errorf(EINVALID, "answers", "answer at least one question")
	}
	return tv.TrustValue(a.Ratings), nil
}
