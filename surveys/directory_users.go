package surveys

import (
	"context"
	"fmt"
	"time"
)

// SignInLinkTTL is how long a one-time sign-in link works.
const SignInLinkTTL = 72 * time.Hour

// CreateUser creates a user and returns a one-time sign-in token for them.
// Needs ScopeManage. EINVALID, ECONFLICT (email taken).
func (d *Directory) CreateUser(ctx context.Context, u *User) (token string, err error) {
	err = d.createUser(ctx, u, "user.create", func(tx directoryStore, a *Actor) error {
		var hash string
		token, hash = NewSecret("tcs_")
		return tx.CreateSignInLink(ctx, &SignInLink{UserID: u.ID, TokenHash: hash, ExpiresAt: u.CreatedAt.Add(SignInLinkTTL)})
	})
	return token, err
}

// InviteUser creates a user and queues the email of a one-time sign-in
// link to them (EmailedSignInLinkTTL long), and returns when the link
// expires. Needs ScopeManage. EINVALID, ECONFLICT (email taken).
func (d *Directory) InviteUser(ctx context.Context, u *User) (time.Time, error) {
	var expires time.Time
	err := d.createUser(ctx, u, "user.invite", func(tx directoryStore, a *Actor) error {
		expires = u.CreatedAt.Add(EmailedSignInLinkTTL)
		return tx.EnqueueJob(ctx, &Job{OrgID: a.OrgID, Kind: JobSignInLink, Ref: u.ID, Payload: signInPayload(expires, "", ""), RunAt: u.CreatedAt})
	})
	return expires, err
}

// createUser creates u, then runs link to give them a way in, in one
// transaction, audited as action.
func (d *Directory) createUser(ctx context.Context, u *User, action string, link func(tx directoryStore, a *Actor) error) error {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return err
	}
	u.OrgID, u.Active, u.CreatedAt = a.OrgID, true, d.clock.Now()
	if err := u.Validate(); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx directoryStore) error {
		if err := checkUserRep(ctx, tx, a.OrgID, u.RepID); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if err := link(tx, a); err != nil {
			return err
		}
		names, err := readAuditNames(ctx, tx, a.OrgID, false, u.RepID)
		if err != nil {
			return err
		}
		return auditChange(ctx, tx, u.CreatedAt, a, action, fmt.Sprintf("user:%d", u.ID), u.Email+" "+string(u.Role), nil, names.user(u))
	})
}

// checkUserRep checks that repID (zero: none) is a rep of the org.
func checkUserRep(ctx context.Context, tx RepStore, orgID, repID int64) error {
	if repID == 0 {
		return nil
	}
	reps, _, err := tx.FindReps(ctx, RepFilter{OrgID: orgID, IDs: []int64{repID}, Page: Page{Limit: -1}})
	if err != nil {
		return err
	}
	if len(reps) == 0 {
		return Errorf(EINVALID, "rep", "no rep %d", repID)
	}
	return nil
}

// FindUsers lists the org's users. Needs ScopeManage.
func (d *Directory) FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, 0, err
	}
	f.OrgID, f.Page = a.OrgID, f.Page.Normalize()
	return d.store.FindUsers(ctx, f)
}

// IssueSignInLink returns a new one-time sign-in token for the user with
// email, valid for SignInLinkTTL, for an admin to hand over. Needs
// ScopeManage. ENOTFOUND; ECONFLICT when the user may not sign in.
func (d *Directory) IssueSignInLink(ctx context.Context, email string) (string, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return "", err
	}
	email = NormalizeEmail(email)
	var token string
	err = d.inTx(ctx, func(tx directoryStore) error {
		u, err := signInTarget(ctx, tx, UserFilter{OrgID: a.OrgID, Email: &email})
		if err != nil {
			return err
		}
		if u == nil {
			return Errorf(ENOTFOUND, "email", "no user has the email %s", email)
		}
		now := d.clock.Now()
		var hash string
		token, hash = NewSecret("tcs_")
		if err := tx.CreateSignInLink(ctx, &SignInLink{UserID: u.ID, TokenHash: hash, ExpiresAt: now.Add(SignInLinkTTL)}); err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "user.sign_in_link", fmt.Sprintf("user:%d", u.ID), "handed over")
	})
	return token, err
}

// SendSignInLink queues an email with a one-time sign-in link to the user
// with id, and returns the user and when the link expires
// (EmailedSignInLinkTTL from now). Needs ScopeManage. ENOTFOUND (another
// org's user too); ECONFLICT when the user may not sign in.
func (d *Directory) SendSignInLink(ctx context.Context, id int64) (*User, time.Time, error) {
	a, err := authorize(ctx, ScopeManage)
	if err != nil {
		return nil, time.Time{}, err
	}
	now := d.clock.Now()
	expires := now.Add(EmailedSignInLinkTTL)
	var u *User
	err = d.inTx(ctx, func(tx directoryStore) error {
		if u, err = signInTarget(ctx, tx, UserFilter{OrgID: a.OrgID, IDs: []int64{id}}); err != nil {
			return err
		}
		if u == nil {
			return Errorf(ENOTFOUND, "id", "no user %d", id)
		}
		job := &Job{OrgID: a.OrgID, Kind: JobSignInLink, Ref: u.ID, Payload: signInPayload(expires, "", ""), RunAt: now}
		if err := tx.EnqueueJob(ctx, job); err != nil {
			return err
		}
		return audit(ctx, tx, now, a, "user.sign_in_link", fmt.Sprintf("user:%d", u.ID), "mailed")
	})
	return u, expires, err
}

// signInTarget is the one user f selects, or nil, who must be able to
// sign in. ECONFLICT when they may not.
func signInTarget(ctx context.Context, tx directoryStore, f UserFilter) (*User, error) {
	users, _, err := tx.FindUsers(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(users) != 1 {
		return nil, nil
	}
	ok, err := maySignIn(ctx, tx, users[0])
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, Errorf(ECONFLICT, "", "%s is deactivated, or is a rep who is: reactivate them before sending a link", users[0].Email)
	}
	return users[0], nil
}
