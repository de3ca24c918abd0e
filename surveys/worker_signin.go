package surveys

import (
	"context"
	"fmt"
	"time"
)

// SignInMail is a one-time sign-in link to email to a user.
type SignInMail struct {
	Org       *Org
	User      *User
	Token     string // the link's token, in clear
	ExpiresAt time.Time
	ReturnTo  string // the page of the web app the link leads on to; "" for the start
	Ref       string // stable per job, for the Message-ID
}

// SignInMail returns the email of a sign-in job, with a new link stored
// for it, or nil when there is nothing to send — no user of the job's org
// has the address, the user may not sign in, or the link would already
// have expired — and the job is then finished. Sending a link once the
// mail server is back after a long outage would only mail a dead link.
func (w *Worker) SignInMail(ctx context.Context, job *Job) (*SignInMail, error) {
	expires, email, returnTo, err := parseSignInPayload(job.Payload)
	if err != nil {
		return nil, err
	}
	var m *SignInMail
	err = w.inTx(ctx, func(tx workerStore) error {
		now := w.clock.Now()
		u, err := signInUser(ctx, tx, job, email)
		if err != nil {
			return err
		}
		if u == nil || !now.Before(expires) {
			return tx.FinishJob(ctx, now, job.ID)
		}
		org, err := tx.FindOrgByID(ctx, job.OrgID)
		if err != nil {
			return err
		}
		token, hash := NewSecret("tcs_")
		m = &SignInMail{Org: org, User: u, Token: token, ExpiresAt: expires, ReturnTo: returnTo, Ref: fmt.Sprintf("signin-%d", job.ID)}
		return tx.CreateSignInLink(ctx, &SignInLink{UserID: u.ID, TokenHash: hash, ExpiresAt: expires})
	})
	return m, err
}

// signInUser is the user a sign-in job is for — by id, or by address in
// the job's org — when they may sign in, or nil.
func signInUser(ctx context.Context, tx workerStore, job *Job, email string) (*User, error) {
	f := UserFilter{OrgID: job.OrgID, Page: Page{Limit: -1}}
	if job.Ref != 0 {
		f.IDs = []int64{job.Ref}
	} else {
		f.Email = &email
	}
	users, _, err := tx.FindUsers(ctx, f)
	if err != nil || len(users) != 1 {
		return nil, err
	}
	if ok, err := maySignIn(ctx, tx, users[0]); err != nil || !ok {
		return nil, err
	}
	return users[0], nil
}
