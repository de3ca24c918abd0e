package surveys

import (
	"context"
	"fmt"
	"time"
)

// Finish completes a company sign-in with what the provider handed back
// (state, code) and the sealed flow the browser kept: it checks the state,
// has the client exchange the code and verify the ID token, requires a
// verified email address, and matches it, case-insensitively, to an active
// user of the org, or creates one as the org allows. It then starts a
// session exactly as a sign-in link does; an admin's test starts none.
// EUNAUTHORIZED, saying why, when anything fails; nothing is created then.
func (s *SSO) Finish(ctx context.Context, flow, state, code, redirectURL, userAgent string) (*SSOResult, error) {
	org, f, err := s.openFlow(ctx, flow, state)
	if err != nil {
		return nil, err
	}
	p, err := s.provider(ctx, org, redirectURL)
	if err != nil {
		return nil, err
	}
	id, err := s.client.Exchange(ctx, *p, SSOAttempt{State: f.State, Nonce: f.Nonce, Verifier: f.Verify}, code)
	if err != nil {
		return nil, err
	}
	email := NormalizeEmail(id.Email)
	switch {
	case !validEmail(email):
		return nil, Errorf(EUNAUTHORIZED, "", "your company account has no email address to match: ask your IT team to send the email claim")
	case id.EmailVerified != nil && !*id.EmailVerified:
		return nil, Errorf(EUNAUTHORIZED, "", "your company account's email address %s is not verified", email)
	}
	res := &SSOResult{Identity: id, Test: f.TestBy != 0}
	now := s.clock.Now()
	err = s.inTx(ctx, func(tx ssoStore) error {
		c, err := tx.FindSSOConfig(ctx, org.ID)
		if err != nil {
			return err
		}
		if res.User, res.Created, err = s.matchUser(ctx, tx, org, c, email, id.Name, now, res.Test); err != nil || res.Test {
			return err
		}
		res.Token, err = startSession(ctx, tx, res.User, userAgent, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// matchUser finds the active user with email, or makes one as c allows
// (stored unless dryRun), and says whether it was made.
func (s *SSO) matchUser(ctx context.Context, tx ssoStore, org *Org, c *SSOConfig, email, name string, now time.Time, dryRun bool) (*User, bool, error) {
	users, _, err := tx.FindUsers(ctx, UserFilter{OrgID: org.ID, Email: &email, Page: Page{Limit: 1}})
	if err != nil {
		return nil, false, err
	}
	if len(users) == 1 {
		u := users[0]
		if ok, err := maySignIn(ctx, tx, u); err != nil || !ok {
			return nil, false, firstErr(err, Errorf(EUNAUTHORIZED, "", "your account at %s (%s) is deactivated: ask an admin", org.Name, email))
		}
		return u, false, nil
	}
	u := &User{OrgID: org.ID, Email: email, Name: clipText(name, 200), Role: c.CreateRole, Active: true, CreatedAt: now}
	if c.CreateRole == RoleRep {
		reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: org.ID, Email: &email, Page: Page{Limit: -1}})
		if err != nil {
			return nil, false, err
		}
		for _, r := range reps {
			if r.Active {
				u.RepID = r.ID
			}
		}
	}
	if c.CreateRole == "" || (c.CreateRole == RoleRep && u.RepID == 0) || u.Validate() != nil {
		return nil, false, Errorf(EUNAUTHORIZED, "", "no one at %s has the address %s: ask an admin to invite you", org.Name, email)
	}
	if dryRun {
		return u, true, nil
	}
	if err := tx.CreateUser(ctx, u); err != nil {
		return nil, false, err
	}
	a := &Actor{OrgID: org.ID, Name: "sso:" + c.Issuer}
	return u, true, audit(ctx, tx, now, a, "user.create", fmt.Sprintf("user:%d", u.ID), u.Email+" "+string(u.Role)+" by single sign-on")
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
