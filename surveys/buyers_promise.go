package surveys

import (
	"context"
	"crypto/hmac"
	"time"
)

// PromiseView is what the buyer's follow-up page shows.
type PromiseView struct {
	State       SurveyState
	FollowUp    *PromiseFollowUp
	RepName     string // the rep's first name, for {rep}
	FormToken   string // binds the page's form to the answers it showed
	BuyerLocale string
	Brand       Brand
}

// OpenPromise returns what the follow-up link with token shows. It writes
// nothing. The token is the buyer's credential; there is no actor.
// ENOTFOUND.
func (b *Buyers) OpenPromise(ctx context.Context, token string) (*PromiseView, error) {
	f, err := b.store.FindPromiseByToken(ctx, HashSecret(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "", "this link is not known")
	}
	if err != nil {
		return nil, err
	}
	org, buyer, rep, err := promiseParties(ctx, b.store, f)
	if err != nil {
		return nil, err
	}
	v := &PromiseView{FollowUp: f, RepName: rep.FirstName(), BuyerLocale: buyer.Locale, Brand: org.Brand()}
	v.State = promiseState(f, buyer, b.clock.Now())
	v.FormToken = promiseFormToken(org.Secret, f, b.clock.Now())
	return v, nil
}

// AnswerPromise records the buyer's answers to the follow-up with token
// (each 1–5, 0 skipped; at least one), replacing earlier ones while the
// link is valid, with the promise rollup. ENOTFOUND, EFORBIDDEN (a form
// not from this page), EINVALID naming the answer, ECONFLICT (closed, or
// a stale form).
func (b *Buyers) AnswerPromise(ctx context.Context, token, form string, accurate, fits int) (*PromiseView, error) {
	now := b.clock.Now()
	err := b.inTx(ctx, func(tx buyersStore) error {
		f, err := tx.FindPromiseByToken(ctx, HashSecret(token))
		if err != nil {
			return Errorf(ENOTFOUND, "", "this link is not known")
		}
		org, buyer, _, err := promiseParties(ctx, tx, f)
		if err != nil {
			return err
		}
		if st := promiseState(f, buyer, now); st == SurveyExpired || st == SurveyUnsubscribed {
			return Errorf(ECONFLICT, "", "this link has expired")
		}
		if err := verifyPromiseForm(org.Secret, f, form, now); err != nil {
			return err
		}
		if err := checkPromiseAnswers(accurate, fits); err != nil {
			return err
		}
		tz := org.Settings.TimeZone
		deltas := promiseDelta(f, tz, -1) // nothing before the first answer
		if f.AnsweredAt.IsZero() {
			f.AnsweredAt = now // counts on the day first answered
		}
		f.Accurate, f.Fits, f.Status = accurate, fits, PromiseAnswered
		if err := tx.UpdatePromiseFollowUp(ctx, f); err != nil {
			return err
		}
		return tx.ApplyRollups(ctx, append(deltas, promiseDelta(f, tz, 1)...))
	})
	if err != nil {
		return nil, err
	}
	return b.OpenPromise(ctx, token)
}

// checkPromiseAnswers refuses an answer out of 0–5, or none at all.
func checkPromiseAnswers(accurate, fits int) error {
	for _, a := range []struct {
		field string
		v     int
	}{{"answers." + QPromiseAccurate, accurate}, {"answers." + QPromiseFits, fits}} {
		if a.v < 0 || a.v > 5 {
			return Errorf(EINVALID, a.field, "must be between 1 and 5")
		}
	}
	if accurate == 0 && fits == 0 {
		return Errorf(EINVALID, "answers", "answer at least one question")
	}
	return nil
}

// promiseParties reads f's org, buyer and rep.
func promiseParties(ctx context.Context, st buyersStore, f *PromiseFollowUp) (*Org, *Buyer, *Rep, error) {
	org, err := st.FindOrgByID(ctx, f.OrgID)
	if err != nil {
		return nil, nil, nil, err
	}
	buyer, err := st.FindBuyerByID(ctx, f.OrgID, f.BuyerID)
	if err != nil {
		return nil, nil, nil, err
	}
	reps, _, err := st.FindReps(ctx, RepFilter{OrgID: f.OrgID, IDs: []int64{f.RepID}, Page: Page{Limit: -1}})
	if err != nil || len(reps) != 1 {
		return nil, nil, nil, Errorf(ENOTFOUND, "", "this link is not known")
	}
	return org, buyer, reps[0], nil
}

// promiseState is what the follow-up link shows at now.
func promiseState(f *PromiseFollowUp, b *Buyer, now time.Time) SurveyState {
	return linkState(b, f.Answerable(now), f.Status == PromiseAnswered)
}

// promiseFormToken is a survey form token for the follow-up: keyed by its
// negated id, so that it never matches an invitation's.
func promiseFormToken(secret string, f *PromiseFollowUp, now time.Time) string {
	return formToken(secret, -f.ID, promiseRevision(f), now)
}

func promiseRevision(f *PromiseFollowUp) int64 {
	return int64(f.Accurate*10 + f.Fits)
}

// verifyPromiseForm is verifyForm for the follow-up's page.
func verifyPromiseForm(secret string, f *PromiseFollowUp, form string, now time.Time) error {
	issuedAt, rev, ok := parseFormToken(form)
	if !ok || !hmac.Equal([]byte(form), []byte(formToken(secret, -f.ID, rev, issuedAt))) {
		return Errorf(EFORBIDDEN, "form_token", "this form did not come from this page")
	}
	if rev != promiseRevision(f) || now.Sub(issuedAt) > FormTokenTTL || issuedAt.After(now.Add(time.Minute)) {
		return Errorf(ECONFLICT, "form_token", "this form was already sent or is out of date; reload the page")
	}
	return nil
}
