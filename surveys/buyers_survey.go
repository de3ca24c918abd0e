package surveys

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SurveyState is what a buyer's survey link shows.
type SurveyState string

// Survey states.
const (
	SurveyOpen         SurveyState = "open"         // waiting for answers
	SurveyAnswered     SurveyState = "answered"     // answered; answers may change until the link expires
	SurveyExpired      SurveyState = "expired"      // past its expiry, or never sent
	SurveyUnsubscribed SurveyState = "unsubscribed" // the buyer opted out of all mail
)

// FormTokenTTL is how long a survey page's form may be submitted after the
// page was shown.
const FormTokenTTL = 12 * time.Hour

// SurveyView is what the buyer's survey page shows.
type SurveyView struct {
	State       SurveyState
	Invitation  *Invitation
	RepName     string // the rep's first name, for {rep}
	Template    *TemplateVersion
	Response    *Response           // nil until answered
	FormToken   string              // binds the page's form to the answers it showed
	BuyerLocale string              // the buyer's language, or "" when unknown
	Brand       Brand               // how the org presents itself
	Categories  DiagnosisCategories // the org's list for the problem question
	Problem     BuyerProblem        // the buyer's answer so far
}

// OpenSurvey returns what the link with token shows. It writes nothing: link
// scanners open every link in an email. An unknown token costs the same
// lookups as a known one, so that timing does not tell them apart. The
// token is the buyer's credential; there is no actor. ENOTFOUND.
func (b *Buyers) OpenSurvey(ctx context.Context, token string) (*SurveyView, error) {
	inv, err := b.store.FindInvitationByToken(ctx, HashSecret(token))
	known := err == nil
	if ErrorCode(err) == ENOTFOUND {
		inv, err = &Invitation{}, nil // look up nothing, at the same cost
	}
	if err != nil {
		return nil, err
	}
	v := &SurveyView{Invitation: inv}
	org, orgErr := b.store.FindOrgByID(ctx, inv.OrgID)
	buyer, buyerErr := b.store.FindBuyerByID(ctx, inv.OrgID, inv.BuyerID)
	reps, _, repErr := b.store.FindReps(ctx, RepFilter{OrgID: inv.OrgID, IDs: []int64{inv.RepID}, Page: Page{Limit: -1}})
	tv, tvErr := b.store.FindTemplateVersion(ctx, inv.TemplateVersionID)
	if v.Response, err = responseOrNil(b.store.FindResponseByInvitation(ctx, inv.ID)); err != nil {
		return nil, err
	}
	if !known {
		return nil, Errorf(ENOTFOUND, "", "this survey link is not known")
	}
	for _, e := range []error{orgErr, buyerErr, repErr, tvErr} {
		if e != nil {
			return nil, e
		}
	}
	v.Template, v.BuyerLocale, v.Brand, v.Categories = tv, buyer.Locale, org.Brand(), org.Settings.Diagnosis
	if v.Response != nil {
		if v.Problem, err = b.store.FindBuyerProblem(ctx, inv.OrgID, v.Response.ID); err != nil {
			return nil, err
		}
	}
	if len(reps) == 1 {
		v.RepName = reps[0].FirstName()
	}
	v.State = surveyState(inv, buyer, b.clock.Now())
	v.FormToken = formToken(org.Secret, inv.ID, revision(v.Response), b.clock.Now())
	return v, nil
}

// MarkSurveyOpened records that the buyer opened the survey page: the page
// reports it from the browser with its form token, so that a link scanner's
// GET does not count. Repeating it is harmless. ENOTFOUND, EFORBIDDEN (bad
// form token), ECONFLICT (stale form token).
func (b *Buyers) MarkSurveyOpened(ctx context.Context, token, form string) error {
	now := b.clock.Now()
	return b.inTx(ctx, func(tx buyersStore) error {
		inv, err := surveyInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		if err := checkForm(ctx, tx, inv, form, now); err != nil {
			return err
		}
		return markOpened(ctx, tx, inv, now)
	})
}

// SubmitSurvey records the answers sent with the survey page's form, and
// returns the page's new view, answered, with a form token for the next
// change. Only a form made for the answers stored now is accepted, so a
// replayed form writes nothing. The token is the buyer's credential; there
// is no actor. ENOTFOUND, EINVALID, EFORBIDDEN (bad form token), ECONFLICT
// (stale form token, expired link, unsubscribed buyer).
func (b *Buyers) SubmitSurvey(ctx context.Context, token, form string, a Answer) (*SurveyView, error) {
	now := b.clock.Now().Truncate(time.Microsecond) // the stored precision: the revision must read back the same
	var v *SurveyView
	err := b.inTx(ctx, func(tx buyersStore) error {
		inv, err := surveyInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		buyer, err := tx.FindBuyerByID(ctx, inv.OrgID, inv.BuyerID)
		if err != nil {
			return err
		}
		if st := surveyState(inv, buyer, now); st == SurveyExpired || st == SurveyUnsubscribed {
			return Errorf(ECONFLICT, "", "this survey link is %s", st)
		}
		if inv.OpenedAt.IsZero() {
			inv.OpenedAt = now
		}
		// Writing the invitation first makes a second submit of the same
		// form wait for this one, and then find its answers changed.
		if err := tx.UpdateInvitation(ctx, inv); err != nil {
			return err
		}
		org, prev, err := orgAndAnswers(ctx, tx, inv)
		if err != nil {
			return err
		}
		if err := verifyForm(org.Secret, inv, prev, form, now); err != nil {
			return err
		}
		p := &party{inv: inv, buyer: buyer}
		r, err := saveAnswer(ctx, tx, p, org, prev, a, now)
		if err != nil {
			return err
		}
		v, err = answeredView(ctx, tx, p, org, r, now)
		return err
	})
	return v, err
}

// answeredView is the view of p's invitation just answered with r.
func answeredView(ctx context.Context, tx buyersStore, p *party, org *Org, r *Response, now time.Time) (*SurveyView, error) {
	rep, err := p.repOf(ctx, tx)
	if err != nil {
		return nil, err
	}
	inv := p.inv
	return &SurveyView{State: SurveyAnswered, Invitation: inv, RepName: rep.FirstName(), Response: r,
		FormToken: formToken(org.Secret, inv.ID, revision(r), now), Brand: org.Brand()}, nil
}

// markOpened moves a sent invitation to opened, unless it changed meanwhile.
func markOpened(ctx context.Context, tx buyersStore, inv *Invitation, now time.Time) error {
	if inv.Status != InvitationSent {
		return nil
	}
	moved, err := tx.MoveInvitation(ctx, inv.ID, InvitationOpened, now, InvitationSent)
	if moved {
		inv.Status, inv.OpenedAt = InvitationOpened, now
	}
	return err
}

// surveyInvitation returns the invitation behind a survey link. ENOTFOUND.
func surveyInvitation(ctx context.Context, tx buyersStore, token string) (*Invitation, error) {
	inv, err := tx.FindInvitationByToken(ctx, HashSecret(token))
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "", "this survey link is not known")
	}
	return inv, err
}

// checkForm is verifyForm with the org and the answers stored now.
func checkForm(ctx context.Context, tx buyersStore, inv *Invitation, form string, now time.Time) error {
	org, prev, err := orgAndAnswers(ctx, tx, inv)
	if err != nil {
		return err
	}
	return verifyForm(org.Secret, inv, prev, form, now)
}

// orgAndAnswers returns inv's org and its stored answers (nil: none).
func orgAndAnswers(ctx context.Context, tx buyersStore, inv *Invitation) (*Org, *Response, error) {
	org, err := tx.FindOrgByID(ctx, inv.OrgID)
	if err != nil {
		return nil, nil, err
	}
	prev, err := responseOrNil(tx.FindResponseByInvitation(ctx, inv.ID))
	return org, prev, err
}

// verifyForm accepts form only when the page that carried it showed the
// answers prev stored now: a form replayed after a later submit, or older
// than FormTokenTTL, is refused.
func verifyForm(secret string, inv *Invitation, prev *Response, form string, now time.Time) error {
	issuedAt, rev, ok := parseFormToken(form)
	if !ok || !hmac.Equal([]byte(form), []byte(formToken(secret, inv.ID, rev, issuedAt))) {
		return Errorf(EFORBIDDEN, "form_token", "this form did not come from this survey page")
	}
	if rev != revision(prev) || now.Sub(issuedAt) > FormTokenTTL || issuedAt.After(now.Add(time.Minute)) {
		return Errorf(ECONFLICT, "form_token", "this form was already sent or is out of date; reload the page")
	}
	return nil
}

// formToken is "issued.revision.mac": the MAC binds the invitation, the
// revision of the answers the page showed, and when it was shown.
func formToken(secret string, invitationID, rev int64, issuedAt time.Time) string {
	issuedAt = issuedAt.Truncate(time.Second)
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "form:%d:%d:%d", invitationID, rev, issuedAt.Unix())
	return fmt.Sprintf("%d.%d.%s", issuedAt.Unix(), rev, base64.RawURLEncoding.EncodeToString(m.Sum(nil)))
}

// parseFormToken reads the issue time and revision of a form token.
func parseFormToken(form string) (issuedAt time.Time, rev int64, ok bool) {
	parts := strings.Split(form, ".")
	if len(parts) != 3 {
		return time.Time{}, 0, false
	}
	sec, err1 := strconv.ParseInt(parts[0], 10, 64)
	rev, err2 := strconv.ParseInt(parts[1], 10, 64)
	return time.Unix(sec, 0), rev, err1 == nil && err2 == nil
}

// revision identifies the stored answers: 0 before any.
func revision(r *Response) int64 {
	if r == nil {
		return 0
	}
	return r.UpdatedAt.UnixMicro()
}

func responseOrNil(r *Response, err error) (*Response, error) {
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	return r, err
}

// surveyState is what the link shows at now.
func surveyState(inv *Invitation, b *Buyer, now time.Time) SurveyState {
	return linkState(b, inv.Answerable(now), inv.Status == InvitationAnswered)
}

// linkState is what a buyer's link (a survey's or a follow-up's) shows:
// an opt-out first, then whether it may still be answered, then whether it
// was.
func linkState(b *Buyer, answerable, answered bool) SurveyState {
	switch {
	case b.Status == BuyerUnsubscribed || b.Status == BuyerComplained:
		return SurveyUnsubscribed
	case !answerable:
		return SurveyExpired
	case answered:
		return SurveyAnswered
	}
	return SurveyOpen
}
