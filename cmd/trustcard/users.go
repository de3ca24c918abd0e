package main

import (
	"context"
	"flag"
	"fmt"

	"trustcard/surveys"
)

const userUsage = `usage: trustcard user create --email E --role admin|leader|rep [--rep EXTERNAL_ID]
       trustcard user link --email E [--send]
       trustcard user deactivate --email E
       trustcard user reactivate --email E`

// user runs "user create", "user link", "user deactivate" and "user
// reactivate".
func (c *cli) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", userUsage)
	}
	switch args[0] {
	case "create":
		return c.createUser(ctx, args[1:])
	case "link":
		return c.userLink(ctx, args[1:])
	case "deactivate":
		return c.setUserActive(ctx, args[1:], false)
	case "reactivate":
		return c.setUserActive(ctx, args[1:], true)
	}
	return fmt.Errorf("%s", userUsage)
}

func (c *cli) createUser(ctx context.Context, args []string) error {
	var u surveys.User
	var role, rep string
	cfg, err := c.parse("user create", "trustcard user create: create a user and print a one-time sign-in link.", args, func(fs *flag.FlagSet) {
		fs.StringVar(&u.Email, "email", "", "the user's email (required)")
		fs.StringVar(&u.Name, "name", "", "the user's name")
		fs.StringVar(&role, "role", "", "admin, leader or rep (required)")
		fs.StringVar(&rep, "rep", "", "for --role rep: the rep's external id")
	})
	if err != nil {
		return err
	}
	m, ctx, err := c.openAsAdmin(ctx, cfg)
	if err != nil {
		return err
	}
	defer m.Close()
	u.Role = surveys.Role(role)
	if rep != "" {
		id, err := repByExternalID(ctx, m.Services, rep)
		if err != nil {
			return cliError(err)
		}
		if id == 0 {
			return fmt.Errorf("--rep: no rep with external id %q (list them with GET /api/v1/reps)", rep)
		}
		u.RepID = id
	}
	token, err := m.Services.Directory.CreateUser(ctx, &u)
	if surveys.ErrorCode(err) == surveys.ECONFLICT {
		return fmt.Errorf("--email: %s already has an account; give them a new sign-in link with: trustcard user link --email %s",
			surveys.NormalizeEmail(u.Email), surveys.NormalizeEmail(u.Email))
	}
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintln(c.stdout, m.Config.BaseURL+"/signin/"+token)
	return nil
}

// userLink prints a new one-time sign-in link for an existing user, or
// with --send has the workers email one.
func (c *cli) userLink(ctx context.Context, args []string) error {
	var email string
	var send bool
	cfg, err := c.parse("user link", "trustcard user link: print a new one-time sign-in link for a user, or email it with --send.", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email (required)")
		fs.BoolVar(&send, "send", false, "email the link (it works for an hour) instead of printing it")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("--email is required: trustcard user link --email lee@example.com")
	}
	m, ctx, err := c.openAsAdmin(ctx, cfg)
	if err != nil {
		return err
	}
	defer m.Close()
	if send {
		return c.sendUserLink(ctx, m, email)
	}
	token, err := m.Services.Directory.IssueSignInLink(ctx, email)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintln(c.stdout, m.Config.BaseURL+"/signin/"+token)
	fmt.Fprintf(c.stderr, "This link was not mailed: hand it to %s yourself. It works once, for %s; add --send to email one instead.\n",
		surveys.NormalizeEmail(email), fmt.Sprintf("%.0f hours", surveys.SignInLinkTTL.Hours()))
	return nil
}

// setUserActive deactivates the user with --email, signing them out
// everywhere, or reactivates them.
func (c *cli) setUserActive(ctx context.Context, args []string, active bool) error {
	verb, what := "deactivate", "deactivate a user: sign them out everywhere at once and void their sign-in links."
	if active {
		verb, what = "reactivate", "reactivate a user: they may sign in again."
	}
	var email string
	cfg, err := c.parse("user "+verb, "trustcard user "+verb+": "+what, args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email (required)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("--email is required: trustcard user %s --email lee@example.com", verb)
	}
	m, ctx, err := c.openAsAdmin(ctx, cfg)
	if err != nil {
		return err
	}
	defer m.Close()
	u, err := userByEmail(ctx, m, email)
	if err != nil {
		return err
	}
	if _, err := m.Services.Directory.SetUserActive(ctx, u.ID, active); err != nil {
		return cliError(err)
	}
	if active {
		fmt.Fprintf(c.stderr, "%s may sign in again; give them a link with: trustcard user link --email %s\n", u.Email, u.Email)
	} else {
		fmt.Fprintf(c.stderr, "%s is deactivated and signed out everywhere; undo with: trustcard user reactivate --email %s\n", u.Email, u.Email)
	}
	return nil
}

// userByEmail is the org's user with email, or an error that says how to
// create one.
func userByEmail(ctx context.Context, m *Main, email string) (*surveys.User, error) {
	email = surveys.NormalizeEmail(email)
	users, _, err := m.Services.Directory.FindUsers(ctx, surveys.UserFilter{Email: &email})
	if err != nil {
		return nil, cliError(err)
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("--email: no user has the email %s (create one with trustcard user create)", email)
	}
	return users[0], nil
}

// sendUserLink queues the email of a new sign-in link to the user with
// email; the workers of a running trustcard send it.
func (c *cli) sendUserLink(ctx context.Context, m *Main, email string) error {
	u, err := userByEmail(ctx, m, email)
	if err != nil {
		return err
	}
	_, expires, err := m.Services.Directory.SendSignInLink(ctx, u.ID)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(c.stderr, "A sign-in link to %s is queued; the workers of a running trustcard send it. It works until %s.\n",
		u.Email, expires.Format("15:04 MST on 2 January 2006"))
	return nil
}

// openAsAdmin opens the database of cfg and returns the program and ctx
// acting as the org's administrator; the caller closes the program.
func (c *cli) openAsAdmin(ctx context.Context, cfg Config) (*Main, context.Context, error) {
	m := NewMain(cfg, c.stderr)
	if err := m.Open(ctx); err != nil {
		m.Close()
		return nil, nil, err
	}
	return m, m.AsAdmin(ctx), nil
}
