package surveys

import (
	"testing"
	"time"
)

// A form token is taken only for its invitation, for the answers stored
// now, and for FormTokenTTL after the page was shown.
func TestVerifyForm(t *testing.T) {
	const secret = "org-secret"
	shown := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	inv := &Invitation{ID: 7}
	answered := &Response{UpdatedAt: shown.Add(time.Minute)}
	fresh := formToken(secret, inv.ID, 0, shown)
	cases := []struct {
		name string
		form string
		prev *Response
		now  time.Time
		want string // error code, "" for none
	}{
		{"Fresh", fresh, nil, shown.Add(time.Minute), ""},
		{"ForAnsweredPage", formToken(secret, inv.ID, revision(answered), shown), answered, shown.Add(time.Hour), ""},
		{"Replayed", fresh, answered, shown.Add(2 * time.Minute), ECONFLICT},
		{"TooOld", fresh, nil, shown.Add(FormTokenTTL + time.Second), ECONFLICT},
		{"FromTheFuture", formToken(secret, inv.ID, 0, shown.Add(time.Hour)), nil, shown, ECONFLICT},
		{"OtherInvitation", formToken(secret, 8, 0, shown), nil, shown, EFORBIDDEN},
		{"OtherOrg", formToken("other-secret", inv.ID, 0, shown), nil, shown, EFORBIDDEN},
		{"RevisionEdited", formToken(secret, inv.ID, 0, shown)[:11] + "1" + formToken(secret, inv.ID, 0, shown)[12:], nil, shown, EFORBIDDEN},
		{"Empty", "", nil, shown, EFORBIDDEN},
		{"Garbage", "a.b.c", nil, shown, EFORBIDDEN},
	}
	for _, c := range cases {
		err := verifyForm(secret, inv, c.prev, c.form, c.now)
		if got := ErrorCode(err); err != nil && got != c.want || err == nil && c.want != "" {
			t.Errorf("%s: error %v, want code %q", c.name, err, c.want)
		}
	}
}

// What a link shows follows the invitation and the buyer.
func TestSurveyState(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	active, gone := &Buyer{Status: BuyerActive}, &Buyer{Status: BuyerUnsubscribed}
	later := now.Add(time.Hour)
	cases := []struct {
		inv   Invitation
		buyer *Buyer
		want  SurveyState
	}{
		{Invitation{Status: InvitationSent, ExpiresAt: later}, active, SurveyOpen},
		{Invitation{Status: InvitationOpened, ExpiresAt: later}, active, SurveyOpen},
		{Invitation{Status: InvitationAnswered, ExpiresAt: later}, active, SurveyAnswered},
		{Invitation{Status: InvitationAnswered, ExpiresAt: now}, active, SurveyExpired},
		{Invitation{Status: InvitationExpired}, active, SurveyExpired},
		{Invitation{Status: InvitationScheduled}, active, SurveyExpired},
		{Invitation{Status: InvitationSent, ExpiresAt: later}, gone, SurveyUnsubscribed},
	}
	for _, c := range cases {
		if got := surveyState(&c.inv, c.buyer, now); got != c.want {
			t.Errorf("%s invitation, %s buyer: %s, want %s", c.inv.Status, c.buyer.Status, got, c.want)
		}
	}
}
