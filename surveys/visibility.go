package surveys

import (
	"context"
	"slices"
)

// Visibility is the one rule of who may see what inside an org, computed
// once per request from the actor:
//
//   - admins and API keys see every rep, team, response, invitation and
//     report of their org;
//   - a leader sees the teams they lead with all their sub-teams, the reps
//     in them, and the responses and invitations counted toward them;
//   - a rep sees themselves: their own figures, feedback and card, and no
//     team's board, list or report;
//   - nobody sees another org.
//
// Every read of every service narrows its query with it, so that what an
// actor may not see is "not found", never "forbidden".
type Visibility struct {
	OrgID   int64
	reach   reach
	repID   int64   // seesSelf: the rep
	teamIDs []int64 // seesTeams: the teams led, sub-teams included; never nil
}

// reach is how far an actor sees.
type reach int

const (
	seesSelf  reach = iota // a rep
	seesTeams              // a leader
	seesAll                // an admin or an API key
)

// teamLister is the one store method a Visibility is computed from.
type teamLister interface {
	FindTeams(ctx context.Context, f TeamFilter) ([]*Team, int, error)
}

// visibilityOf computes what a may see; a leader's teams are read from st.
func visibilityOf(ctx context.Context, st teamLister, a *Actor) (*Visibility, error) {
	v := &Visibility{OrgID: a.OrgID, reach: seesSelf, repID: a.RepID, teamIDs: []int64{}}
	switch {
	case a.IsKey() || a.Role == RoleAdmin:
		v.reach = seesAll
	case a.Role == RoleLeader:
		v.reach = seesTeams
		all, _, err := st.FindTeams(ctx, TeamFilter{OrgID: a.OrgID, Page: Page{Limit: -1}})
		if err != nil {
			return nil, err
		}
		for _, t := range all {
			if slices.Contains(t.LeaderIDs, a.UserID) {
				v.teamIDs = append(v.teamIDs, Descendants(all, t.ID)...)
			}
		}
		slices.Sort(v.teamIDs)
		v.teamIDs = slices.Compact(v.teamIDs)
	}
	return v, nil
}

// readerVisibility authorizes scope and returns the actor's Visibility.
func readerVisibility(ctx context.Context, st teamLister, scope Scope) (*Actor, *Visibility, error) {
	a, err := authorize(ctx, scope)
	if err != nil {
		return nil, nil, err
	}
	v, err := visibilityOf(ctx, st, a)
	return a, v, err
}

// All reports whether the actor sees the whole org.
func (v *Visibility) All() bool { return v.reach == seesAll }

// SeesRep reports whether rep is visible.
func (v *Visibility) SeesRep(rep *Rep) bool {
	switch {
	case rep.OrgID != v.OrgID:
		return false
	case v.reach == seesSelf:
		return rep.ID == v.repID
	}
	return v.reach == seesAll || slices.Contains(v.teamIDs, rep.TeamID)
}

// SeesTeam reports whether the team with id is visible: its board, its
// reps and its report.
func (v *Visibility) SeesTeam(t *Team) bool {
	return t.OrgID == v.OrgID && (v.reach == seesAll || slices.Contains(v.teamIDs, t.ID))
}

// SeesBuyerNames reports whether the actor sees who answered even where the
// buyer did not agree to share their name: everyone but reps.
func (v *Visibility) SeesBuyerNames() bool { return v.reach != seesSelf }

// Reps narrows f to the visible reps.
func (v *Visibility) Reps(f RepFilter) RepFilter {
	f.OrgID = v.OrgID
	switch v.reach {
	case seesSelf:
		f.IDs = intersect(f.IDs, []int64{v.repID})
	case seesTeams:
		f.TeamIDs = intersect(f.TeamIDs, v.teamIDs)
	}
	return f
}

// Teams narrows f to the visible teams.
func (v *Visibility) Teams(f TeamFilter) TeamFilter {
	f.OrgID = v.OrgID
	if v.reach != seesAll {
		f.IDs = intersect(f.IDs, v.teamIDs) // a rep's is empty
	}
	return f
}

// Invitations narrows f to the invitations of visible reps.
func (v *Visibility) Invitations(f InvitationFilter) InvitationFilter {
	f.OrgID = v.OrgID
	f.RepIDs, f.TeamIDs = v.narrow(f.RepIDs, f.TeamIDs)
	return f
}

// Responses narrows f to the responses a rep received or that counted
// toward a led team.
func (v *Visibility) Responses(f ResponseFilter) ResponseFilter {
	f.OrgID = v.OrgID
	f.RepIDs, f.TeamIDs = v.narrow(f.RepIDs, f.TeamIDs)
	return f
}

// Alerts narrows f to the alerts on the feedback of visible reps: a
// rep's own, a leader's teams'.
func (v *Visibility) Alerts(f AlertFilter) AlertFilter {
	f.OrgID = v.OrgID
	f.RepIDs, f.TeamIDs = v.narrow(f.RepIDs, f.TeamIDs)
	return f
}

// narrow narrows a filter's reps and teams to what v sees: a rep their
// own, a leader the teams they lead.
func (v *Visibility) narrow(repIDs, teamIDs []int64) ([]int64, []int64) {
	switch v.reach {
	case seesSelf:
		return intersect(repIDs, []int64{v.repID}), teamIDs
	case seesTeams:
		return repIDs, intersect(teamIDs, v.teamIDs)
	}
	return repIDs, teamIDs
}

// intersect narrows want to allowed; a nil want means everything allowed.
func intersect(want, allowed []int64) []int64 {
	if want == nil {
		return allowed
	}
	out := []int64{}
	for _, id := range want {
		if slices.Contains(allowed, id) {
			out = append(out, id)
		}
	}
	return out
}

// repTeamLister is what the scoped reads of reps and teams need.
type repTeamLister interface {
	teamLister
	FindReps(ctx context.Context, f RepFilter) ([]*Rep, int, error)
}

// findReps lists the reps of f that v may see. EINVALID on an unknown sort.
func findReps(ctx context.Context, st repTeamLister, v *Visibility, f RepFilter) ([]*Rep, int, error) {
	if !slices.Contains(RepSorts, f.Sort) && f.Sort != "" {
		return nil, 0, Errorf(EINVALID, "sort", "must be one of %v", RepSorts)
	}
	f = v.Reps(f)
	f.Page = f.Page.Normalize()
	return st.FindReps(ctx, f)
}

// findRep returns rep id if v may see it. ENOTFOUND otherwise.
func findRep(ctx context.Context, st repTeamLister, v *Visibility, id int64) (*Rep, error) {
	reps, _, err := findReps(ctx, st, v, RepFilter{IDs: []int64{id}, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 {
		return nil, Errorf(ENOTFOUND, "id", "no rep %d", id)
	}
	return reps[0], nil
}

// findTeams lists the teams of f that v may see.
func findTeams(ctx context.Context, st teamLister, v *Visibility, f TeamFilter) ([]*Team, int, error) {
	f = v.Teams(f)
	f.Page = f.Page.Normalize()
	return st.FindTeams(ctx, f)
}

// findTeam returns team id if v may see it. ENOTFOUND otherwise.
func findTeam(ctx context.Context, st teamLister, v *Visibility, id int64) (*Team, error) {
	teams, _, err := findTeams(ctx, st, v, TeamFilter{IDs: []int64{id}, Page: Page{Limit: -1}})
	if err != nil {
		return nil, err
	}
	if len(teams) == 0 {
		return nil, Errorf(ENOTFOUND, "id", "no team %d", id)
	}
	return teams[0], nil
}
