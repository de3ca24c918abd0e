package surveys

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// JobSignInLink emails a one-time sign-in link. Ref is the user when an
// admin sent it, 0 when someone asked at /signin; Payload holds when the
// link expires and, for the latter, the address asked for and the page
// of the web app to land on (see signInPayload).
const JobSignInLink = "sign_in_link"

// EmailedSignInLinkTTL is how long a link sent by email works, counted
// from when it was asked for: mailboxes are read soon, and are where a
// link is most often found by someone else. Links an admin hands over
// (SignInLinkTTL) last longer.
const EmailedSignInLinkTTL = time.Hour

// RequestSignInLink asks for a one-time sign-in link to be emailed to
// email, and returns how long it will work. Whether or not any user has
// that address, it does the same work — one statement that queues a job
// for every org, carrying the address — so neither the answer nor its
// timing tells whether the address belongs to an account. The workers
// look the user up and send the link, or drop the job (SignInMail). The
// link leads on to returnTo once signed in, when it is a ReturnPath.
// EINVALID when email is not an email address.
func (ac *Access) RequestSignInLink(ctx context.Context, email, returnTo string) (time.Duration, error) {
	email = NormalizeEmail(email)
	if !validEmail(email) {
		return 0, Errorf(EINVALID, "email", "enter your email address, such as you@example.com")
	}
	now := ac.clock.Now()
	job := &Job{Kind: JobSignInLink, Payload: signInPayload(now.Add(EmailedSignInLinkTTL), email, ReturnPath(returnTo)), RunAt: now}
	return EmailedSignInLinkTTL, ac.store.EnqueueJobPerOrg(ctx, job)
}

// signInPayload is a sign-in job's payload: when the link expires, the
// address asked for (empty when the job names its user) and the page to
// land on (a ReturnPath, or empty); neither holds a space.
func signInPayload(expires time.Time, email, returnTo string) string {
	return strings.TrimSpace(expires.UTC().Format(time.RFC3339) + " " + email + " " + returnTo)
}

// parseSignInPayload reads what signInPayload wrote.
func parseSignInPayload(p string) (expires time.Time, email, returnTo string, err error) {
	at, rest, _ := strings.Cut(p, " ")
	email, returnTo, _ = strings.Cut(rest, " ")
	if expires, err = time.Parse(time.RFC3339, at); err != nil {
		return time.Time{}, "", "", fmt.Errorf("sign-in job payload %q: %w", p, err)
	}
	return expires, email, ReturnPath(returnTo), nil
}
