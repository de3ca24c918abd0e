package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"trustcard/surveys"
	"trustcard/surveys/mail"
)

// The demo org: three teams (one nested), two leaders, 24 reps, and a year
// of interactions, invitations and responses. It is created once, through
// the same services and outbox the product runs on, with a clock that walks
// through the year.

const demoMarker = "demo-rep-01" // the first demo rep's external id

type demoRep struct {
	name, team string
	profile    repProfile
	startDays  int // days ago the rep started (new reps: recent)
}

type repProfile int

const (
	goodRep repProfile = iota
	pushyRep
	newRep
)

var demoTeams = []struct{ name, parent, leader string }{
	{"Enterprise", "", "lena.fischer@demo.trustcard.test"},
	{"Commercial", "", "marcus.reid@demo.trustcard.test"},
	{"SMB", "Commercial", ""},
}

var demoRepNames = []string{
	"Ann Lee", "Ben Carter", "Chloé Martin", "Dmitri Orlov", "Emma Schulz", "Farid Haddad", "Grace Kim", "Hugo Moreau",
	"Isabel Ruiz", "Jonas Weber", "Kara Singh", "Liam O'Brien", "Maya Cohen", "Noah Fischer", "Olivia Brown", "Pablo García",
	"Quinn Taylor", "Rosa Bianchi", "Sam Patel", "Tara Nguyen", "Umar Khan", "Vera Novak", "Will Jensen", "Zoë Łukasiewicz",
}

// demoRoster assigns teams and profiles: three pushy reps, two new ones.
func demoRoster() []demoRep {
	var out []demoRep
	for i, name := range demoRepNames {
		r := demoRep{name: name, team: demoTeams[i%3].name, startDays: 365}
		switch i {
		case 3, 10, 17:
			r.profile = pushyRep
		case 22, 23:
			r.profile, r.startDays = newRep, 40+i%2*20
		}
		out = append(out, r)
	}
	return out
}

// seedDemo creates the demo data unless it exists, then prints how to
// sign in.
func seedDemo(ctx context.Context, m *Main, w io.Writer) error {
	admin := m.AsAdmin(ctx)
	reps, _, err := m.Services.Directory.FindReps(admin, surveys.RepFilter{ExternalID: ptr(demoMarker)})
	if err != nil {
		return err
	}
	if len(reps) == 0 {
		start := time.Now()
		fmt.Fprintln(w, "Creating demo data (once): 3 teams, 24 reps, a year of surveys…")
		if err := createDemo(ctx, m, w); err != nil {
			return err
		}
		fmt.Fprintf(w, "Demo data ready in %s.\n", time.Since(start).Round(time.Millisecond))
	}
	return printDemoLogins(admin, m, w)
}

func createDemo(ctx context.Context, m *Main, w io.Writer) error {
	admin := m.AsAdmin(ctx)
	if err := createDemoPeople(admin, m); err != nil {
		return err
	}
	roster := demoRoster()
	for i, r := range roster {
		in := surveys.RepInput{ExternalID: fmt.Sprintf("demo-rep-%02d", i+1), Name: r.name, Team: r.team, Active: true,
			Email: fmt.Sprintf("rep%02d@demo.trustcard.test", i+1)}
		if _, _, err := m.Services.Directory.UpsertRep(admin, in); err != nil {
			return fmt.Errorf("rep %s: %w", r.name, err)
		}
	}
	reps, _, err := m.Services.Directory.FindReps(admin, surveys.RepFilter{Sort: "external_id", Page: surveys.Page{Limit: -1}})
	if err != nil {
		return err
	}
	rep := &surveys.User{Email: "rep01@demo.trustcard.test", Name: reps[0].Name, Role: surveys.RoleRep, RepID: reps[0].ID}
	if _, err := m.Services.Directory.CreateUser(admin, rep); err != nil {
		return fmt.Errorf("rep user: %w", err)
	}
	sim := newDemoSim(m, reps, roster)
	return sim.run(ctx, w)
}

func createDemoPeople(admin context.Context, m *Main) error {
	people := []surveys.User{
		{Email: "admin@demo.trustcard.test", Name: "Alex Admin", Role: surveys.RoleAdmin},
		{Email: "lena.fischer@demo.trustcard.test", Name: "Lena Fischer", Role: surveys.RoleLeader},
		{Email: "marcus.reid@demo.trustcard.test", Name: "Marcus Reid", Role: surveys.RoleLeader},
	}
	ids := map[string]int64{}
	for i := range people {
		if _, err := m.Services.Directory.CreateUser(admin, &people[i]); err != nil {
			return fmt.Errorf("user %s: %w", people[i].Email, err)
		}
		ids[people[i].Email] = people[i].ID
	}
	teamIDs := map[string]int64{}
	for _, t := range demoTeams {
		team := &surveys.Team{Name: t.name, ParentID: teamIDs[t.parent]}
		if t.leader != "" {
			team.LeaderIDs = []int64{ids[t.leader]}
		}
		if err := m.Services.Directory.CreateTeam(admin, team); err != nil {
			return fmt.Errorf("team %s: %w", t.name, err)
		}
		teamIDs[t.name] = team.ID
	}
	return nil
}

// printDemoLogins prints fresh one-time sign-in links for each role.
func printDemoLogins(admin context.Context, m *Main, w io.Writer) error {
	fmt.Fprintf(w, "\nTrustcard demo at %s\n", m.Config.BaseURL)
	for _, u := range []struct{ role, email string }{
		{"admin", "admin@demo.trustcard.test"},
		{"leader", "lena.fischer@demo.trustcard.test"},
		{"rep", "rep01@demo.trustcard.test"},
	} {
		token, err := m.Services.Directory.IssueSignInLink(admin, u.email)
		if err != nil {
			return fmt.Errorf("sign-in link for %s: %w", u.email, err)
		}
		fmt.Fprintf(w, "  sign in as %-6s (%s): %s/signin/%s\n", u.role, u.email, m.Config.BaseURL, token)
	}
	fmt.Fprintf(w, "  API: create a key with `trustcard apikey create --name demo`, docs at %s/api/v1/docs\n\n", m.Config.BaseURL)
	return nil
}

func ptr[T any](v T) *T { return &v }

// demoClock is the simulation's time.
type demoClock struct{ now time.Time }

func (c *demoClock) Now() time.Time { return c.now }

// recentSender captures the last two weeks' mail so the captured mailbox
// shows real survey emails, and discards older history.
type recentSender struct {
	capture *mail.Capture
	clock   *demoClock
	from    time.Time
}

func (s *recentSender) Send(ctx context.Context, msg *mail.Message) error {
	if s.clock.now.Before(s.from) {
		return nil
	}
	return s.capture.Send(ctx, msg)
}
